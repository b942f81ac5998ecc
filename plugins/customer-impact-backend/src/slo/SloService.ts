import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_OPENSLO,
  EntitySloDetail,
  MINUTE_MS,
  SloDefinition,
  SloDefinitionsResult,
  SloFacet,
  SloFacetConfigured,
  SloSamplesResponse,
  fineHorizon,
  fineReadsFrom,
  floorToFiveMinutes,
  floorToHour,
  inputErrorFromProblems,
  resolveWindow,
} from '@customer-impact/plugin-customer-impact-common';
import { SliSource } from '@customer-impact/plugin-customer-impact-node';
import { SloFacetProvider, sloFacetNotConfigured } from './facet';
import { SloPullTarget, pullTargetOf, sliSourceFor } from './pullTarget';
import { validateSamples } from './samples';
import { SloDefinitions } from './SloDefinitions';
import { EvaluatedSlo, SloEvaluator } from './SloEvaluator';
import { SloRetention } from './SloRetention';
import {
  RollUpResult,
  RolledUpHoursError,
  SloSampleStore,
  SloSeriesRead,
  seriesKey,
} from './SloSampleStore';
import {
  PrecomputedSloFacet,
  SloCollectionRow,
  SloStateStore,
  StoredSloDefinitions,
  storedDefinitionPages,
} from './SloStateStore';
import { EntitiesWithSlos } from './entitiesWithSlos';
import { SloFacetSettings, sloFacetStamp } from './facetStamp';
import { SummaryScope } from '../facets';
import {
  UnknownEntityRefsCheck,
  everyEntityKnown,
} from '../service/unknownEntities';

export type { EvaluatedSlo } from './SloEvaluator';
export type { SloPullTarget } from './pullTarget';

export interface SloServiceOptions {
  sampleStore: SloSampleStore;
  stateStore: SloStateStore;
  urlReader: UrlReaderService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Installed SLI sources by OpenSLO DataSource type. */
  sliSources: ReadonlyMap<string, SliSource>;
  /** Days kept in 5-minute buckets before they are rolled up into hours. */
  fineRetentionDays: number;
  /** Minimum events for a burn rate to be trusted. */
  minEvents?: number;
  /** The SLO period of Sloth SLOs, e.g. `30d` (`customerImpact.slo.slothPeriod`). */
  slothPeriod?: string;
  /**
   * Whether summaries look for the facets computed ahead
   * (`precomputeFacets`; `customerImpact.slo.precomputeFacets`). Default: true.
   */
  precomputedFacets?: boolean;
  now?: () => Date;
}

/**
 * The SLO facet's service, in front of its parts: `definitions` (reading each
 * entity's OpenSLO file), `evaluator` (the figures of an entity's SLOs),
 * `retention` (the roll-up and expiry job) and the two stores (`samples`,
 * `state`). Validates and stores pushed SLI counts.
 */
export class SloService implements SloFacetProvider {
  readonly samples: SloSampleStore;
  readonly state: SloStateStore;
  readonly definitions: SloDefinitions;
  readonly evaluator: SloEvaluator;
  readonly retention: SloRetention;
  readonly fineRetentionDays: number;
  readonly now: () => Date;
  private readonly sliSources: ReadonlyMap<string, SliSource>;
  /** Which entities have definitions stored, for {@link prefetch}. */
  readonly entitiesWithSlos: EntitiesWithSlos;
  /** What the figures depend on besides the stored data (see `sloFacetStamp`). */
  private readonly facetSettings: SloFacetSettings;
  private readonly precomputedFacets: boolean;

  constructor(options: SloServiceOptions) {
    this.samples = options.sampleStore;
    this.state = options.stateStore;
    this.sliSources = options.sliSources;
    this.fineRetentionDays = options.fineRetentionDays;
    this.facetSettings = {
      fineRetentionDays: options.fineRetentionDays,
      minEvents: options.minEvents,
      sliSources: options.sliSources,
    };
    this.precomputedFacets = options.precomputedFacets ?? true;
    const now = options.now ?? (() => new Date());
    this.now = now;
    this.definitions = new SloDefinitions({
      store: this.state,
      urlReader: options.urlReader,
      catalog: options.catalog,
      auth: options.auth,
      logger: options.logger,
      now,
      slothWindow: options.slothPeriod,
    });
    this.evaluator = new SloEvaluator({
      samples: this.samples,
      state: this.state,
      sliSources: options.sliSources,
      fineRetentionDays: options.fineRetentionDays,
      minEvents: options.minEvents,
      now,
    });
    this.entitiesWithSlos = new EntitiesWithSlos({
      list: () => this.state.listDefinitionRefs(),
      nowMs: () => now().getTime(),
      logger: options.logger,
    });
    this.retention = new SloRetention({
      samples: this.samples,
      state: this.state,
      fineRetentionDays: options.fineRetentionDays,
      now,
    });
  }

  // ------------------------------------------------------------ definitions

  /** Reads the entity's definitions file again (see `SloDefinitions`). */
  refreshEntity(entity: Entity): Promise<StoredSloDefinitions> {
    return this.definitions.refreshEntity(entity);
  }

  /** Reads the definitions of every annotated entity (see `SloDefinitions`). */
  refreshAll(): Promise<{ entities: number; failed: number }> {
    return this.definitions.refreshAll();
  }

  // ---------------------------------------------------------------- figures

  /**
   * The SLO facet of the entity's summary, evaluated now, or at `at` (the
   * 5-minute slot holding it) over the buckets stored for that time.
   */
  async getFacet(
    entity: Entity,
    at?: Date,
    /** The summary this is part of: its first reads may be under way (see {@link prefetch}). */
    scope?: SummaryScope,
  ): Promise<SloFacet> {
    if (!entity.metadata.annotations?.[ANNOTATION_OPENSLO]) {
      return sloFacetNotConfigured();
    }
    const entityRef = stringifyEntityRef(entity);
    const nowMs = at
      ? floorToFiveMinutes(at.getTime())
      : this.evaluator.evaluationTime();
    const annotation = entity.metadata.annotations[ANNOTATION_OPENSLO];
    const reads = await this.firstReads(entityRef, nowMs, scope);
    const [row, series, collection] = reads;
    if (row?.annotation === annotation && row.entityRef === entityRef) {
      // The stored definitions are the entity's current ones: the facet
      // computed from them, perhaps already while the entity was read.
      this.entitiesWithSlos.add(entityRef);
      return (await this.facetFromStored(
        entityRef,
        nowMs,
        scope,
        async () => reads,
      ))!;
    }
    // First view, or the annotation changed: read the definitions file.
    const stored = await this.definitions.definitionsOf(
      entity,
      Promise.resolve(row),
    );
    this.entitiesWithSlos.add(stored.entityRef);
    return this.evaluator.facetOf(
      stored,
      nowMs,
      // Read for the ref the definitions are stored under (it is that one).
      stored.entityRef === entityRef ? { series, collection } : {},
    );
  }

  /**
   * Starts the SLO facet of `entityRef` for the summary at the evaluation
   * time (see `CustomerImpactFacet.prefetch`), from its stored definitions,
   * when the entity had some at the last look; for any other entity nothing
   * is read. {@link getFacet} uses it once the entity is read, if the
   * definitions are still those its annotation names.
   */
  prefetch(entityRef: string, scope: SummaryScope): void {
    const stored = this.entitiesWithSlos.storedRefOf(entityRef);
    if (stored !== undefined) {
      this.facetFromStored(
        stored,
        this.evaluator.evaluationTime(),
        scope,
      ).catch(() => undefined);
    }
  }

  /**
   * The facet at `nowMs` from the definitions stored for `entityRef`, as
   * they are (undefined: none stored), through the summary's scope; `reads`
   * are the first reads, when done already (not read again).
   */
  private facetFromStored(
    entityRef: string,
    nowMs: number,
    scope: SummaryScope | undefined,
    reads: () => ReturnType<SloService['firstReads']> = () =>
      this.firstReads(entityRef, nowMs, scope),
  ): Promise<SloFacetConfigured | undefined> {
    const compute = async () => {
      const [row, series, collection, precomputed] = await reads();
      if (!row) {
        return undefined;
      }
      // The facet precomputed for this instant (see precomputeFacets), when
      // it was computed from what is stored now.
      if (
        precomputed &&
        precomputed.stamp ===
          sloFacetStamp(
            { stored: row, series, collection },
            nowMs,
            this.facetSettings,
          )
      ) {
        return precomputed.facet;
      }
      return this.evaluator.facetOf(row, nowMs, { series, collection });
    };
    return scope
      ? scope.memo(`slo-facet:${entityRef}:${nowMs}`, compute)
      : compute();
  }

  /**
   * The stored definitions, the entity's series (each with its latest fine
   * bucket before `nowMs`, so that the lookbacks read their whole hours from
   * the roll-ups), its pull status and its facet precomputed for `nowMs`, in
   * one round trip: none of them needs another. Through the summary's scope
   * when given.
   */
  private firstReads(
    entityRef: string,
    nowMs: number,
    scope: SummaryScope | undefined,
  ): Promise<
    [
      StoredSloDefinitions | undefined,
      Map<string, SloSeriesRead>,
      Map<string, SloCollectionRow>,
      PrecomputedSloFacet | undefined,
    ]
  > {
    const read = () =>
      Promise.all([
        this.state.getDefinitions(entityRef),
        this.samples.seriesOf(entityRef, { latestFineBefore: nowMs }),
        this.state.getCollection(entityRef),
        this.precomputedFacets
          ? this.state.getPrecomputedFacet(entityRef, nowMs)
          : undefined,
      ]);
    return scope ? scope.memo(`slo-first:${entityRef}:${nowMs}`, read) : read();
  }

  /**
   * Computes ahead the SLO facet of every entity with stored definitions for
   * the current evaluation instant, and for the next one when it is less
   * than `aheadMs` away, where the facet stored for that instant was
   * computed from other data (its stamp differs) or none is stored; then
   * deletes the facets of past instants. A summary serves the stored facet
   * when the stamp of what it reads is the same (see `getFacet`), so the
   * figures are those it would compute. Run by `SloFacetsTask`.
   */
  async precomputeFacets(
    options: { aheadMs?: number; signal?: AbortSignal } = {},
  ): Promise<{ computed: number; unchanged: number; deleted: number }> {
    const aheadMs = options.aheadMs ?? 2 * 60_000;
    const nowMs = this.now().getTime();
    const current = this.evaluator.evaluationTime();
    const instants = [current];
    if (current + 5 * MINUTE_MS - nowMs <= aheadMs) {
      instants.push(current + 5 * MINUTE_MS);
    }
    const collectionRows = await this.state.listCollection();
    const collections = new Map<string, Map<string, SloCollectionRow>>();
    for (const row of collectionRows) {
      const ofEntity = collections.get(row.entityRef) ?? new Map();
      ofEntity.set(row.slo, row);
      collections.set(row.entityRef, ofEntity);
    }
    let computed = 0;
    let unchanged = 0;
    for (const at of instants) {
      const [allSeries, stamps] = await Promise.all([
        this.samples.allSeries({ latestFineBefore: at }),
        this.state.listPrecomputedStamps(at),
      ]);
      for await (const page of storedDefinitionPages(this.state)) {
        for (const stored of page) {
          if (options.signal?.aborted) {
            return { computed, unchanged, deleted: 0 };
          }
          const series = allSeries.get(stored.entityRef) ?? new Map();
          const collection = collections.get(stored.entityRef) ?? new Map();
          const stamp = sloFacetStamp(
            { stored, series, collection },
            at,
            this.facetSettings,
          );
          if (stamps.get(stored.entityRef) === stamp) {
            unchanged += 1;
            continue;
          }
          // Read and computed after the stamp: a write meanwhile raises a
          // version, so the facet is stored under a stamp no read sees any
          // more, and is not served.
          const facet = await this.evaluator.facetOf(stored, at, {
            series,
            collection,
          });
          await this.state.savePrecomputedFacet({
            entityRef: stored.entityRef,
            at,
            stamp,
            facet,
            computedAt: nowMs,
          });
          computed += 1;
        }
      }
    }
    const deleted = await this.state.deletePrecomputedBefore(current);
    return { computed, unchanged, deleted };
  }

  /** One SLO with its budget burndown, for the SLO tab. */
  async getSloDetail(
    entity: Entity,
    slo: string,
    points: number,
  ): Promise<EntitySloDetail> {
    if (!entity.metadata.annotations?.[ANNOTATION_OPENSLO]) {
      throw new NotFoundError(
        `${stringifyEntityRef(
          entity,
        )} has no ${ANNOTATION_OPENSLO} annotation, so it has no SLOs`,
      );
    }
    const stored = await this.definitions.definitionsOf(entity);
    return this.evaluator.detailOf(stored, slo, points);
  }

  /** The instant figures are computed at (see `SloEvaluator`). */
  evaluationTime(): number {
    return this.evaluator.evaluationTime();
  }

  /** Evaluates the SLOs of one entity at `nowMs` (see `SloEvaluator`). */
  evaluate(
    entityRef: string,
    definitions: readonly SloDefinition[],
    nowMs: number,
    options: Parameters<SloEvaluator['evaluate']>[3] = {},
  ): Promise<EvaluatedSlo[]> {
    return this.evaluator.evaluate(entityRef, definitions, nowMs, options);
  }

  // ------------------------------------------------------------------- pull

  /** Where an SLO's data is pulled from: its DataSource and the installed source. */
  pullTargetOf(
    definition: SloDefinition,
    result: SloDefinitionsResult,
  ): SloPullTarget | null {
    return pullTargetOf(definition, result, this.sliSources);
  }

  /** The installed source for a DataSource type (types compare case-insensitively). */
  sourceFor(type: string): SliSource | undefined {
    return sliSourceFor(this.sliSources, type);
  }

  // ------------------------------------------------------- push and retention

  /** The fine-bucket horizon: pushes before it are refused, the roll-up moves data before it. */
  fineHorizon(nowMs: number = this.now().getTime()): number {
    return fineHorizon(nowMs, this.fineRetentionDays);
  }

  /**
   * From when an SLO's buckets are kept, pulled and read as fine buckets:
   * the fine horizon, or its window's start for a time-slice SLO of slices
   * shorter than an hour (see `needsFineBucketsOverWindow` of -common).
   */
  fineReadsFrom(
    definition: SloDefinition,
    nowMs: number = this.now().getTime(),
  ): number {
    return fineReadsFrom(
      definition,
      resolveWindow(definition.window, nowMs).startMs,
      this.fineHorizon(nowMs),
    );
  }

  /**
   * Validates and stores a push body (one transaction, idempotent); the
   * entities the catalog does not have (`check`) are listed in the answer.
   * Samples before the fine horizon are taken only for an SLO that keeps its
   * fine buckets further back (`fineReadsFrom`), and only into hours whose
   * fine buckets are still stored.
   */
  async pushSamples(
    body: unknown,
    check: UnknownEntityRefsCheck = everyEntityKnown,
  ): Promise<SloSamplesResponse> {
    const nowMs = this.now().getTime();
    const horizon = this.fineHorizon(nowMs);
    const rows = await validateSamples(
      body,
      {
        fineHorizonMs: horizon,
        fineRetentionDays: this.fineRetentionDays,
        keptFrom: series => this.keptFineFrom(series, nowMs),
      },
      nowMs,
    );
    const unknownEntityRefs = await check(rows.map(r => r.entityRef));
    try {
      const counts = await this.samples.upsertSamples(rows, {
        checkRolledUpBefore: horizon,
      });
      return { ...counts, unknownEntityRefs };
    } catch (error) {
      if (!(error instanceof RolledUpHoursError)) {
        throw error;
      }
      // The push's rows are its samples, in order.
      const refused = new Set(error.samples);
      throw inputErrorFromProblems(
        rows.flatMap((row, index) =>
          refused.has(row)
            ? [
                {
                  path: `samples[${index}].start`,
                  message: `falls into an hour already rolled up into an hourly bucket (${new Date(
                    floorToHour(row.start),
                  ).toISOString()}); its 5-minute buckets are no longer kept`,
                },
              ]
            : [],
        ),
      );
    }
  }

  /**
   * For a push's series (entity and SLO): from when each keeps its fine
   * buckets at `nowMs`, by its stored definition (`fineReadsFrom`); series
   * without one are left out.
   */
  private async keptFineFrom(
    series: ReadonlyArray<{ entityRef: string; slo: string }>,
    nowMs: number,
  ): Promise<Map<string, number>> {
    const kept = new Map<string, number>();
    const wanted = new Set(series.map(s => seriesKey(s.entityRef, s.slo)));
    for (const entityRef of new Set(series.map(s => s.entityRef))) {
      const stored = await this.state.getDefinitions(entityRef);
      for (const definition of stored?.result?.slos ?? []) {
        const key = seriesKey(entityRef, definition.key);
        if (wanted.has(key)) {
          kept.set(key, this.fineReadsFrom(definition, nowMs));
        }
      }
    }
    return kept;
  }

  /** The roll-up and expiry job (see `SloRetention`). */
  applyRetention(): Promise<RollUpResult> {
    return this.retention.apply();
  }
}
