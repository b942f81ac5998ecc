import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_OPENSLO,
  BURN_RATE_WINDOWS,
  EntitySlo,
  EntitySloDetail,
  SRE_WORKBOOK_ALERT_RULES,
  SloBucket,
  SloCollectionStatus,
  SloDataSource,
  SloDefinition,
  SloDefinitionsResult,
  SloFacet,
  SloFacetConfigured,
  SloSamplesResponse,
  SloStatus,
  budgetBurndown,
  computeSloStatus,
  resolveWindow,
} from '@customer-impact/plugin-customer-impact-common';
import { SliSource } from '@customer-impact/plugin-customer-impact-node';
import {
  SloDefinitionsLocation,
  readSloDefinitions,
  resolveSloLocation,
  sloLocationLink,
  stringifySloLocation,
} from './definitionsReader';
import { SloFacetProvider, sloFacetNotConfigured } from './facet';
import { floorHour, validateSamples } from './samples';
import { SloCollectionRow, SloStore, StoredSloDefinitions } from './SloStore';

const DAY_MS = 86_400_000;
/** Figures are computed on a 5-minute grid (see `evaluationTime`). */
const EVALUATION_GRID_MS = 300_000;

/** Longest burn-rate lookback the status needs (3 d with the Workbook table). */
export const MAX_LOOKBACK_MS =
  Math.max(
    ...BURN_RATE_WINDOWS.map(w => w.seconds),
    ...SRE_WORKBOOK_ALERT_RULES.map(r => r.longWindowSeconds),
  ) * 1000;

/** Every lookback the status computes a burn rate over, in ms. */
const LOOKBACKS_MS = [
  ...new Set([
    ...BURN_RATE_WINDOWS.map(w => w.seconds),
    ...SRE_WORKBOOK_ALERT_RULES.flatMap(r => [
      r.longWindowSeconds,
      r.shortWindowSeconds,
    ]),
    3600,
  ]),
].map(seconds => seconds * 1000);

/** The SLO's data source and the installed source that pulls it, if any. */
export interface SloPullTarget {
  dataSource: {
    name: string;
    type: string;
    connectionDetails: Record<string, unknown>;
  };
  source: SliSource | undefined;
}

/** One SLO evaluated at an instant. */
export interface EvaluatedSlo {
  definition: SloDefinition;
  buckets: SloBucket[];
  status: SloStatus;
}

export interface SloServiceOptions {
  store: SloStore;
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
  now?: () => Date;
}

/**
 * The SLO facet: reads each entity's definitions file, stores pushed SLI
 * counts, and computes the figures of every SLO with the shared math of
 * `-common` (`computeSloStatus`, `budgetBurndown`).
 */
export class SloService implements SloFacetProvider {
  readonly store: SloStore;
  private readonly urlReader: UrlReaderService;
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly logger: LoggerService;
  private readonly sliSources: ReadonlyMap<string, SliSource>;
  readonly fineRetentionDays: number;
  private readonly minEvents?: number;
  readonly now: () => Date;

  constructor(options: SloServiceOptions) {
    this.store = options.store;
    this.urlReader = options.urlReader;
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.logger = options.logger;
    this.sliSources = options.sliSources;
    this.fineRetentionDays = options.fineRetentionDays;
    this.minEvents = options.minEvents;
    this.now = options.now ?? (() => new Date());
  }

  // ------------------------------------------------------------ definitions

  /**
   * Reads the entity's definitions file again and stores what was read. A
   * file that cannot be read keeps the last good definitions (when the
   * annotation did not change) and records why.
   */
  async refreshEntity(entity: Entity): Promise<StoredSloDefinitions> {
    const entityRef = stringifyEntityRef(entity);
    const annotation = entity.metadata.annotations?.[ANNOTATION_OPENSLO] ?? '';
    const attemptedAt = this.now().getTime();
    const previous = await this.store.getDefinitions(entityRef);
    let stored: StoredSloDefinitions;
    try {
      const { location, result } = await readSloDefinitions(
        this.urlReader,
        entity,
      );
      stored = {
        entityRef,
        annotation,
        location: stringifySloLocation(location),
        result,
        fetchedAt: attemptedAt,
        attemptedAt,
        fetchError: null,
      };
    } catch (error) {
      let location: string | null = null;
      try {
        location = stringifySloLocation(resolveSloLocation(entity));
      } catch {
        // The message below says why.
      }
      const keep =
        previous && previous.annotation === annotation ? previous : undefined;
      stored = {
        entityRef,
        annotation,
        location,
        result: keep?.result ?? null,
        fetchedAt: keep?.fetchedAt ?? null,
        attemptedAt,
        fetchError: `Could not read the SLO definitions ${
          location ?? annotation
        }: ${(error as Error).message}`,
      };
      this.logger.warn(`${entityRef}: ${stored.fetchError}`);
    }
    await this.store.saveDefinitions(stored);
    return stored;
  }

  /**
   * Reads the definitions of every annotated entity in the catalog, and
   * forgets those of entities that lost the annotation.
   */
  async refreshAll(): Promise<{ entities: number; failed: number }> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_OPENSLO}`]: CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    let failed = 0;
    for (const entity of items) {
      const stored = await this.refreshEntity(entity);
      if (stored.fetchError) {
        failed += 1;
      }
    }
    await this.store.deleteDefinitionsExcept(
      items.map(e => stringifyEntityRef(e)),
    );
    return { entities: items.length, failed };
  }

  private async definitionsFor(entity: Entity): Promise<StoredSloDefinitions> {
    const entityRef = stringifyEntityRef(entity);
    const annotation = entity.metadata.annotations?.[ANNOTATION_OPENSLO] ?? '';
    const stored = await this.store.getDefinitions(entityRef);
    if (stored && stored.annotation === annotation) {
      return stored;
    }
    // First view, or the annotation changed: read the file now.
    return this.refreshEntity(entity);
  }

  // --------------------------------------------------------------- pull target

  /** Where an SLO's data is pulled from: its DataSource and the installed source. */
  pullTargetOf(
    definition: SloDefinition,
    result: SloDefinitionsResult,
  ): SloPullTarget | null {
    const indicator = definition.indicator;
    if (indicator.kind !== 'ratio') {
      return null;
    }
    let dataSource: SloPullTarget['dataSource'] | null = null;
    const ref = indicator.dataSourceRef;
    if (ref) {
      const found: SloDataSource | undefined = result.dataSources.find(
        d => d.name === ref,
      );
      if (found) {
        dataSource = {
          name: found.name,
          type: found.type,
          connectionDetails: found.connectionDetails,
        };
      }
    } else {
      const type =
        indicator.total.dataSourceType ??
        indicator.good?.dataSourceType ??
        indicator.bad?.dataSourceType;
      if (type) {
        dataSource = { name: type, type, connectionDetails: {} };
      }
    }
    if (!dataSource) {
      return null;
    }
    return { dataSource, source: this.sourceFor(dataSource.type) };
  }

  /** The installed source for a DataSource type (types compare case-insensitively). */
  sourceFor(type: string): SliSource | undefined {
    const wanted = type.toLocaleLowerCase('en-US');
    for (const [key, source] of this.sliSources) {
      if (key.toLocaleLowerCase('en-US') === wanted) {
        return source;
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- figures

  /**
   * The instant figures are computed at: now, floored to the 5-minute grid.
   * Buckets are attributed by their start, and a 5-minute bucket arrives
   * once it has ended, so at 12:02 the last bucket is 11:55–12:00: its burn
   * rate over "the last 5 minutes" is the one over 11:55–12:00.
   */
  evaluationTime(): number {
    const nowMs = this.now().getTime();
    return nowMs - (nowMs % EVALUATION_GRID_MS);
  }

  /** The fine-bucket horizon: pushes before it are refused, the roll-up moves data before it. */
  fineHorizon(nowMs: number = this.now().getTime()): number {
    return floorHour(nowMs - this.fineRetentionDays * DAY_MS);
  }

  /**
   * Evaluates the SLOs of one entity at `nowMs`: reads the buckets each needs
   * (window and burn-rate lookbacks) and calls `computeSloStatus`.
   */
  async evaluate(
    entityRef: string,
    definitions: readonly SloDefinition[],
    nowMs: number,
    options: { sums?: boolean } = {},
  ): Promise<EvaluatedSlo[]> {
    const sums = options.sums ?? true;
    // SLOs with the same window read their buckets together.
    const groups = new Map<
      string,
      { fromMs: number; bounds: number[]; defs: SloDefinition[] }
    >();
    for (const definition of definitions) {
      const window = resolveWindow(definition.window, nowMs);
      const fromMs = Math.min(window.startMs, nowMs - MAX_LOOKBACK_MS);
      // Summed by the database between the window start and the start of
      // every lookback: each figure is a sum over a union of these segments,
      // so the figures are exactly those of the single buckets.
      const bounds = [
        ...new Set([
          window.startMs,
          ...LOOKBACKS_MS.map(l => nowMs - l),
          nowMs,
        ]),
      ]
        .filter(t => t >= fromMs)
        .sort((a, b) => a - b);
      const key = `${fromMs}:${bounds.join(',')}`;
      const group = groups.get(key) ?? { fromMs, bounds, defs: [] };
      group.defs.push(definition);
      groups.set(key, group);
    }
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
        const buckets = await this.store.readBuckets({
          entityRef,
          slos: group.defs.map(d => d.key),
          fromMs: group.fromMs,
          toMs: nowMs,
          splitMs: this.fineHorizon(nowMs),
          sums: {
            slos: summable,
            // Roll-ups only before every lookback: the lookbacks need
            // buckets exact to the 5 minutes.
            splitMs: floorHour(nowMs - MAX_LOOKBACK_MS),
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
    return definitions.map(d => out.get(d)!);
  }

  /** The SLO facet of the entity's summary. */
  async getFacet(entity: Entity): Promise<SloFacet> {
    if (!entity.metadata.annotations?.[ANNOTATION_OPENSLO]) {
      return sloFacetNotConfigured();
    }
    const stored = await this.definitionsFor(entity);
    const { facet } = await this.buildFacet(stored, this.evaluationTime());
    return facet;
  }

  /** One SLO with its budget burndown, for the SLO tab. */
  async getSloDetail(
    entity: Entity,
    slo: string,
    points: number,
  ): Promise<EntitySloDetail> {
    const entityRef = stringifyEntityRef(entity);
    if (!entity.metadata.annotations?.[ANNOTATION_OPENSLO]) {
      throw new NotFoundError(
        `${entityRef} has no ${ANNOTATION_OPENSLO} annotation, so it has no SLOs`,
      );
    }
    const stored = await this.definitionsFor(entity);
    const nowMs = this.evaluationTime();
    const definition =
      stored.result?.slos.find(d => d.key === slo) ??
      stored.result?.slos.find(d => d.name === slo);
    if (!definition) {
      throw new NotFoundError(`${entityRef} has no SLO "${slo}"`);
    }
    // The burndown needs every bucket at its time: no database-side sums.
    const { facet, evaluated } = await this.buildFacet(
      stored,
      nowMs,
      [definition],
      false,
    );
    return {
      entityRef,
      slo: (facet as SloFacetConfigured).slos[0],
      burndown: budgetBurndown(definition, evaluated[0].buckets, nowMs, points),
    };
  }

  private async buildFacet(
    stored: StoredSloDefinitions,
    nowMs: number,
    only?: SloDefinition[],
    sums: boolean = true,
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
      this.evaluate(stored.entityRef, definitions, nowMs, { sums }),
      this.store.getCollection(stored.entityRef),
    ]);
    // The latest bucket is usually in the window; look further only when not.
    const latest = await this.store.latestSampleEnds(
      stored.entityRef,
      evaluated
        .filter(e => e.status.lastDataAt === null)
        .map(e => e.definition.key),
    );
    const slos: EntitySlo[] = evaluated.map(({ definition, status }) => {
      const target = result ? this.pullTargetOf(definition, result) : null;
      const end = status.lastDataAt
        ? Date.parse(status.lastDataAt)
        : latest.get(definition.key);
      return {
        ...status,
        description: definition.description,
        sourceUrl,
        sourceLocation: stored.location ?? stored.annotation,
        supported: definition.indicator.kind === 'ratio',
        lastSampleAt: end === undefined ? null : new Date(end).toISOString(),
        collection: target
          ? collectionStatus(target, collection.get(definition.key))
          : null,
        problems: (result?.problems ?? []).filter(
          p => p.documentIndex === definition.origin.documentIndex,
        ),
      };
    });
    let status: SloFacetConfigured['status'] = 'ok';
    if (stored.fetchError) {
      status = 'error';
    } else if (!result) {
      status = 'pending';
    }
    return {
      evaluated,
      facet: {
        status,
        annotation: stored.annotation,
        sourceLocation: stored.location,
        sourceUrl,
        fetchedAt:
          stored.fetchedAt === null
            ? null
            : new Date(stored.fetchedAt).toISOString(),
        fetchError: stored.fetchError,
        problems: result?.problems ?? [],
        slos,
      },
    };
  }

  // ------------------------------------------------------------------- push

  /** Validates and stores a push body (one transaction, idempotent). */
  async pushSamples(body: unknown): Promise<SloSamplesResponse> {
    const horizon = this.fineHorizon();
    const rows = validateSamples(body, horizon, this.fineRetentionDays);
    return this.store.upsertSamples(rows);
  }

  /**
   * Retention: drops the fine buckets older than the fine retention (their
   * hours stay as roll-ups), and deletes what is older than the longest window of any stored
   * SLO (at least 30 days and the fine retention), plus a day.
   */
  async applyRetention(): Promise<{ rolledUp: number; expired: number }> {
    const nowMs = this.now().getTime();
    // At least 30 days (the usual window), even for data whose definitions
    // have not been read yet.
    let longestMs = Math.max(this.fineRetentionDays, 30) * DAY_MS;
    for (const stored of await this.store.listDefinitions()) {
      for (const definition of stored.result?.slos ?? []) {
        const window = resolveWindow(definition.window, nowMs);
        longestMs = Math.max(
          longestMs,
          nowMs - window.startMs,
          MAX_LOOKBACK_MS,
        );
      }
    }
    // A day of slack, so a window never loses its first buckets to the job.
    return this.store.rollUp(
      this.fineHorizon(nowMs),
      floorHour(nowMs - longestMs - DAY_MS),
    );
  }
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
    lastDataAt: iso(row?.lastDataAt),
    lastSuccessAt: iso(row?.lastSuccessAt),
    lastAttemptAt: iso(row?.lastAttemptAt),
    lastError: row?.lastError ?? null,
  };
}
