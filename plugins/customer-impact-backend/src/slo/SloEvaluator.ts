import { parseLocationRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  DefinitionProblem,
  EntitySlo,
  EntitySloDetail,
  MAX_SLO_LOOKBACK_SECONDS,
  SloBucket,
  SloCollectionStatus,
  SloDefinition,
  SloFacetConfigured,
  SloStatus,
  SloCompositeIndicator,
  budgetBurndown,
  compositeBudgetBurndown,
  computeCompositeStatus,
  computeSloStatus,
  fineHorizon,
  fineReadsFrom,
  floorToFiveMinutes,
  floorToHour,
  problemsOfSlo,
  resolveWindow,
  sloAlertLookbacks,
} from '@customer-impact/plugin-customer-impact-common';
import { SliSource } from '@customer-impact/plugin-customer-impact-node';
import { SloDefinitionsLocation, sloLocationLink } from './definitionsReader';
import { SloPullTarget, pullTargetOf, pullTargetProblem } from './pullTarget';
import { SloSampleStore, SloSeriesRead } from './SloSampleStore';
import {
  SloCollectionRow,
  SloStateStore,
  StoredSloDefinitions,
} from './SloStateStore';

/** Longest burn-rate lookback the status needs (3 d with the Workbook table). */
const MAX_LOOKBACK_MS = MAX_SLO_LOOKBACK_SECONDS * 1000;

/** One SLO evaluated at an instant. */
export interface EvaluatedSlo {
  definition: SloDefinition;
  buckets: SloBucket[];
  status: SloStatus;
  /** A composite SLO: its members, evaluated, with their weights. */
  members?: Array<{ weight: number; evaluated: EvaluatedSlo }>;
}

/**
 * What the SLO facet reads about an entity besides its definitions, read
 * beside them so that the summary waits for one round trip instead of
 * three; each is read in its turn when missing.
 */
export interface SloFacetReads {
  /**
   * The entity's series by SLO key (`SloSampleStore.seriesOf`), each with
   * its latest fine bucket before the evaluation time when read with it.
   */
  series?: ReadonlyMap<string, SloSeriesRead>;
  /** The entity's pull status by SLO key (`SloStateStore.getCollection`). */
  collection?: Map<string, SloCollectionRow>;
}

/**
 * Computes the figures of an entity's SLOs from the stored buckets with the
 * shared math of `-common` (`computeSloStatus`, `budgetBurndown`): the SLO
 * part of the summary and the detail of one SLO.
 */
export class SloEvaluator {
  private readonly samples: SloSampleStore;
  private readonly state: SloStateStore;
  private readonly sliSources: ReadonlyMap<string, SliSource>;
  private readonly fineRetentionDays: number;
  private readonly minEvents?: number;
  private readonly now: () => Date;

  constructor(options: {
    samples: SloSampleStore;
    state: SloStateStore;
    /** Installed SLI sources by OpenSLO DataSource type. */
    sliSources: ReadonlyMap<string, SliSource>;
    fineRetentionDays: number;
    /** Minimum events for a burn rate to be trusted. */
    minEvents?: number;
    now: () => Date;
  }) {
    this.samples = options.samples;
    this.state = options.state;
    this.sliSources = options.sliSources;
    this.fineRetentionDays = options.fineRetentionDays;
    this.minEvents = options.minEvents;
    this.now = options.now;
  }

  /**
   * The instant figures are computed at: now, floored to the 5-minute grid.
   * Buckets are attributed by their start, and a 5-minute bucket arrives
   * once it has ended, so at 12:02 the last bucket is 11:55–12:00: its burn
   * rate over "the last 5 minutes" is the one over 11:55–12:00.
   */
  evaluationTime(): number {
    return floorToFiveMinutes(this.now().getTime());
  }

  /**
   * Evaluates the SLOs of one entity at `nowMs`: reads the buckets each needs
   * (window and burn-rate lookbacks) and calls `computeSloStatus`.
   */
  async evaluate(
    entityRef: string,
    definitions: readonly SloDefinition[],
    nowMs: number,
    options: {
      sums?: boolean;
      /** The entity's series, read beforehand (`SloSampleStore.seriesOf`). */
      series?: ReadonlyMap<string, SloSeriesRead>;
    } = {},
  ): Promise<EvaluatedSlo[]> {
    const sums = options.sums ?? true;
    // A composite has no buckets of its own: its members have.
    const composites = definitions.filter(
      d => d.indicator.kind === 'composite',
    );
    const plain = definitions.filter(d => d.indicator.kind !== 'composite');
    const horizon = fineHorizon(nowMs, this.fineRetentionDays);
    // SLOs with the same window and lookbacks read their buckets together.
    const groups = new Map<
      string,
      {
        fromMs: number;
        reachMs: number;
        bounds: number[];
        /** From when the fine buckets are read (`fineReadsFrom`). */
        fineFromMs: number;
        defs: SloDefinition[];
      }
    >();
    for (const definition of plain) {
      const window = resolveWindow(definition.window, nowMs);
      // How far back the alerting reads: the longest lookback, plus the
      // alertAfter of the SLO's own conditions.
      const { lookbacks, reachSeconds } = sloAlertLookbacks(definition);
      const reachMs = Math.max(MAX_LOOKBACK_MS, reachSeconds * 1000);
      const fromMs = Math.min(window.startMs, nowMs - reachMs);
      // Summed by the database between the window start and the start of
      // every lookback (at now, and at each 5-minute instant an alertAfter
      // looks back to): each figure is a sum over a union of these
      // segments, so the figures are exactly those of the single buckets.
      const instants = [nowMs];
      if (definition.alerting?.kind === 'policies') {
        for (const c of definition.alerting.conditions) {
          for (let k = 1; k * 300 <= c.alertAfterSeconds; k++) {
            instants.push(nowMs - k * 300_000);
          }
        }
      }
      const bounds = [
        ...new Set([
          window.startMs,
          ...instants.flatMap(t => [
            t,
            ...lookbacks.map(seconds => t - seconds * 1000),
          ]),
        ]),
      ]
        .filter(t => t >= fromMs && t <= nowMs)
        .sort((a, b) => a - b);
      const fineFromMs = fineReadsFrom(definition, window.startMs, horizon);
      const key = `${fromMs}:${reachMs}:${fineFromMs}:${bounds.join(',')}`;
      const group = groups.get(key) ?? {
        fromMs,
        reachMs,
        bounds,
        fineFromMs,
        defs: [],
      };
      group.defs.push(definition);
      groups.set(key, group);
    }
    // The series with their latest buckets, where not read beforehand (the
    // statement the reads would otherwise spend on the series' ids): the
    // sums take the whole hours well before the latest data from the
    // roll-ups (see `lookbackRollUntil`).
    const series =
      options.series ??
      (sums && groups.size > 0
        ? await this.samples.seriesOf(entityRef, { latestFineBefore: nowMs })
        : undefined);
    const out = new Map<SloDefinition, EvaluatedSlo>();
    await Promise.all(
      [...groups.values()].map(async group => {
        const summable = new Set(
          sums
            ? group.defs
                .filter(d => d.budgetingMethod === 'Occurrences')
                .map(d => d.key)
            : [],
        );
        const buckets = await this.samples.readBuckets({
          entityRef,
          slos: group.defs.map(d => d.key),
          fromMs: group.fromMs,
          toMs: nowMs,
          series,
          splitMs: group.fineFromMs,
          sums: {
            slos: summable,
            // Roll-ups only before every lookback: the lookbacks need
            // buckets exact to the 5 minutes.
            splitMs: floorToHour(nowMs - group.reachMs),
            boundaries: group.bounds,
          },
        });
        for (const definition of group.defs) {
          const list = buckets.get(definition.key) ?? [];
          out.set(definition, {
            definition,
            buckets: list,
            status: computeSloStatus(definition, list, nowMs, {
              minEvents: this.minEvents,
            }),
          });
        }
      }),
    );
    const byKey = new Map([...out.values()].map(e => [e.definition.key, e]));
    for (const definition of composites) {
      const indicator = definition.indicator as SloCompositeIndicator;
      const members = indicator.members.flatMap(m => {
        const evaluated = byKey.get(m.key);
        return evaluated ? [{ weight: m.weight, evaluated }] : [];
      });
      const { status } = computeCompositeStatus(
        definition,
        members.map(m => ({
          definition: m.evaluated.definition,
          buckets: m.evaluated.buckets,
          weight: m.weight,
        })),
        nowMs,
        { minEvents: this.minEvents },
      );
      out.set(definition, { definition, buckets: [], status, members });
    }
    return definitions.map(d => out.get(d)!);
  }

  /**
   * The SLO facet of an entity's summary, from its stored definitions;
   * `read` holds what was read beside them (see `SloService.getFacet`).
   */
  async facetOf(
    stored: StoredSloDefinitions,
    nowMs: number = this.evaluationTime(),
    read: SloFacetReads = {},
  ): Promise<SloFacetConfigured> {
    const { facet } = await this.buildFacet(
      stored,
      nowMs,
      undefined,
      true,
      read,
    );
    return facet;
  }

  /**
   * One SLO (by key, else by name) with its budget burndown over `points`
   * instants; NotFoundError when the entity has no such SLO.
   */
  async detailOf(
    stored: StoredSloDefinitions,
    slo: string,
    points: number,
  ): Promise<EntitySloDetail> {
    const entityRef = stored.entityRef;
    const nowMs = this.evaluationTime();
    const definition =
      stored.result?.slos.find(d => d.key === slo) ??
      stored.result?.slos.find(d => d.name === slo);
    if (!definition) {
      throw new NotFoundError(`${entityRef} has no SLO "${slo}"`);
    }
    const indicator = definition.indicator;
    const members =
      indicator.kind === 'composite'
        ? (stored.result?.slos ?? []).filter(d =>
            indicator.members.some(m => m.key === d.key),
          )
        : [];
    // The burndown needs every bucket at its time: no database-side sums.
    const { facet, evaluated } = await this.buildFacet(
      stored,
      nowMs,
      [definition, ...members],
      false,
    );
    const own = evaluated[0];
    return {
      entityRef,
      slo: facet.slos.find(s => s.key === definition.key) ?? facet.slos[0],
      burndown: own.members
        ? compositeBudgetBurndown(
            definition,
            own.members.map(m => ({
              definition: m.evaluated.definition,
              buckets: m.evaluated.buckets,
              weight: m.weight,
            })),
            nowMs,
            points,
          )
        : budgetBurndown(definition, own.buckets, nowMs, points),
    };
  }

  private async buildFacet(
    stored: StoredSloDefinitions,
    nowMs: number,
    only?: SloDefinition[],
    sums: boolean = true,
    read: SloFacetReads = {},
  ): Promise<{ facet: SloFacetConfigured; evaluated: EvaluatedSlo[] }> {
    let location: SloDefinitionsLocation | null = null;
    if (stored.location) {
      const ref = parseLocationRef(stored.location);
      location = { type: ref.type as 'url' | 'file', target: ref.target };
    }
    const sourceUrl = sloLocationLink(location);
    const result = stored.result;
    const definitions = only ?? result?.slos ?? [];
    const [evaluated, collection] = await Promise.all([
      this.evaluate(stored.entityRef, definitions, nowMs, {
        sums,
        series: read.series,
      }),
      read.collection ?? this.state.getCollection(stored.entityRef),
    ]);
    // The latest bucket is usually in the window; look further only when not.
    const latest = await this.samples.latestSampleEnds(
      stored.entityRef,
      evaluated
        .filter(
          e =>
            e.status.lastDataAt === null &&
            e.definition.indicator.kind !== 'composite',
        )
        .map(e => e.definition.key),
    );
    const pullProblems: DefinitionProblem[] = [];
    const toEntitySlo = ({ definition, status }: EvaluatedSlo): EntitySlo => {
      const target = result
        ? pullTargetOf(definition, result, this.sliSources)
        : null;
      const refused = target ? pullTargetProblem(definition, target) : null;
      if (refused) {
        pullProblems.push(refused);
      }
      const end = status.lastDataAt
        ? Date.parse(status.lastDataAt)
        : latest.get(definition.key);
      const kind = definition.indicator.kind;
      return {
        ...status,
        description: definition.description,
        sourceUrl,
        sourceLocation: stored.location ?? stored.annotation,
        supported: kind !== 'unsupported',
        threshold: definition.threshold ?? null,
        lastSampleAt: end === undefined ? null : new Date(end).toISOString(),
        collection: target
          ? collectionStatus(target, collection.get(definition.key))
          : null,
        problems: [
          ...problemsOfSlo(definition, result?.problems ?? []),
          ...(refused ? [refused] : []),
        ],
      };
    };
    // Members of a composite are shown within it, not on their own (unless
    // asked for alone).
    const shown = evaluated.filter(
      e =>
        !e.definition.compositeOf ||
        !evaluated.some(
          c => c.definition.key === e.definition.compositeOf!.key,
        ),
    );
    const slos: EntitySlo[] = shown.map(e => {
      const entitySlo = toEntitySlo(e);
      if (!e.members) {
        return entitySlo;
      }
      const members = e.members.map(m => ({
        ...toEntitySlo(m.evaluated),
        weight: m.weight,
      }));
      const lastSamples = members
        .map(m => m.lastSampleAt)
        .filter((t): t is string => t !== null)
        .sort();
      return {
        ...entitySlo,
        lastSampleAt: lastSamples.length
          ? lastSamples[lastSamples.length - 1]
          : null,
        members,
      };
    });
    let status: SloFacetConfigured['status'] = 'ok';
    let reason: string | undefined;
    const failedPulls = slos.filter(s => pullFailedLast(s.collection));
    if (stored.fetchError) {
      status = 'error';
      reason = stored.fetchError;
    } else if (!result) {
      status = 'pending';
    } else if (failedPulls.length > 0) {
      // The figures are shown, from the data stored before the failure.
      status = 'stale';
      reason = failedPulls
        .map(
          s =>
            `the last pull of ${s.displayName ?? s.name} from ${
              s.collection!.dataSource
            } failed at ${s.collection!.lastAttemptAt} (${
              s.collection!.lastError
            }); its figures are from the data stored up to ${
              s.lastSampleAt ?? 'no bucket yet'
            }`,
        )
        .join('; ');
    }
    const fetchedAt =
      stored.fetchedAt === null
        ? null
        : new Date(stored.fetchedAt).toISOString();
    // When the definitions were read or a bucket was stored, whichever is later.
    const changes = [fetchedAt, ...slos.map(s => s.lastSampleAt)]
      .filter((t): t is string => t !== null)
      .sort();
    return {
      evaluated,
      facet: {
        status,
        ...(reason ? { reason } : {}),
        lastUpdatedAt: changes.length > 0 ? changes[changes.length - 1] : null,
        annotation: stored.annotation,
        sourceLocation: stored.location,
        sourceUrl,
        fetchedAt,
        fetchError: stored.fetchError,
        problems: [...(result?.problems ?? []), ...pullProblems],
        slos,
        // Filled in by the facet (SloBlastRadius), which reads the catalog
        // with the caller's credentials.
        burningDependencies: [],
        internalCustomersAffected: [],
      },
    };
  }
}

/**
 * Whether the latest pull of an SLO failed: an error recorded at an attempt
 * after the last success (a later successful pull clears it).
 */
function pullFailedLast(collection: SloCollectionStatus | null): boolean {
  if (!collection?.lastError || !collection.lastAttemptAt) {
    return false;
  }
  return (
    collection.lastSuccessAt === null ||
    collection.lastAttemptAt > collection.lastSuccessAt
  );
}

function collectionStatus(
  target: SloPullTarget,
  row: SloCollectionRow | undefined,
): SloCollectionStatus {
  const iso = (ms: number | null | undefined) =>
    ms === null || ms === undefined ? null : new Date(ms).toISOString();
  return {
    dataSource: target.dataSource.name,
    type: target.dataSource.type,
    sourceInstalled: Boolean(target.source),
    server: target.check?.ok ? target.check.description : null,
    allowed: target.check?.ok ?? Boolean(target.source),
    lastDataAt: iso(row?.lastDataAt),
    lastSuccessAt: iso(row?.lastSuccessAt),
    lastAttemptAt: iso(row?.lastAttemptAt),
    lastError: row?.lastError ?? null,
  };
}
