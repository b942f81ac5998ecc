import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { readTaskSchedule } from '../facets/tasks';
import { readNonNegativeDurationMs } from './configDuration';

/** Entities per catalog page of a refresh. */
const PAGE = 1000;

/** Default `customerImpact.summaries.entityCopy.schedule`: every minute. */
export const DEFAULT_ENTITY_COPY_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 10 },
  };

/** Default `customerImpact.summaries.entityCopy.maxAge`: 3 minutes. */
const DEFAULT_MAX_AGE_MS = 3 * 60_000;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * A copy of the catalog's entities kept by the plugin, when the operator
 * turns it on (`customerImpact.summaries.entityCopy.enabled`): read whole,
 * page by page, with the plugin's own credentials on a schedule (every
 * minute by default, on every replica: the copy is in memory), so that a
 * summary for a person who may read every entity needs no catalog call.
 *
 * It serves only while its last whole read started less than `maxAge` ago
 * (3 minutes by default); a copy older than that (the catalog unreachable,
 * a refresh failing) serves nothing, and the summaries read the catalog as
 * without it. An entity not in the copy (registered since) is read from the
 * catalog. Trade-offs, for the operator to weigh: entities up to `maxAge`
 * old (the catalog's own processing takes minutes to show a change), memory
 * for every entity, and one whole read of the catalog per refresh.
 */
export class EntityCopy {
  private entities: Map<string, Entity> | undefined;
  /** When the read of `entities` started (ms). */
  private readStartedAt = 0;

  constructor(
    private readonly options: {
      catalog: Pick<CatalogService, 'queryEntities'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      maxAgeMs: number;
      logger?: LoggerService;
      /** Clock (ms); default Date.now. */
      clock?: () => number;
    },
  ) {}

  private now() {
    return (this.options.clock ?? Date.now)();
  }

  /** Reads every entity anew and replaces the copy once the read is whole. */
  async refresh(): Promise<void> {
    const startedAt = this.now();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entities = new Map<string, Entity>();
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor ? { cursor, limit: PAGE } : { limit: PAGE },
        { credentials },
      );
      for (const entity of page.items) {
        entities.set(lower(stringifyEntityRef(entity)), entity);
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    this.entities = entities;
    this.readStartedAt = startedAt;
    this.options.logger?.debug(
      `Entity copy: ${entities.size} entities read in ${
        this.now() - startedAt
      } ms`,
    );
  }

  /** Whether the copy serves: read whole, and not older than `maxAge`. */
  get fresh(): boolean {
    return (
      this.entities !== undefined &&
      this.now() - this.readStartedAt < this.options.maxAgeMs
    );
  }

  /** The entity from a fresh copy; undefined when not in it or not fresh. */
  get(ref: string): Entity | undefined {
    return this.fresh ? this.entities!.get(lower(ref)) : undefined;
  }

  /** How many entities the copy holds (for tests). */
  get size(): number {
    return this.entities?.size ?? 0;
  }
}

/**
 * The entity copy of the config (`customerImpact.summaries.entityCopy`),
 * scheduled on this replica (`scope: 'local'`: each replica keeps its own),
 * or undefined when it is not enabled (the default).
 */
export async function createEntityCopy(options: {
  config: RootConfigService;
  catalog: Pick<CatalogService, 'queryEntities'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  scheduler: SchedulerService;
  logger: LoggerService;
}): Promise<EntityCopy | undefined> {
  const { config, scheduler, logger } = options;
  const key = 'customerImpact.summaries.entityCopy';
  if (!config.getOptionalBoolean(`${key}.enabled`)) {
    return undefined;
  }
  const copy = new EntityCopy({
    catalog: options.catalog,
    auth: options.auth,
    logger,
    maxAgeMs: readNonNegativeDurationMs(
      config,
      `${key}.maxAge`,
      DEFAULT_MAX_AGE_MS,
    ),
  });
  await scheduler.scheduleTask({
    ...readTaskSchedule(
      config,
      `${key}.schedule`,
      DEFAULT_ENTITY_COPY_SCHEDULE,
    ),
    id: 'customer-impact-entity-copy',
    scope: 'local',
    fn: () => copy.refresh(),
  });
  logger.info(
    'Summaries read entities from a copy of the catalog kept by this plugin (customerImpact.summaries.entityCopy)',
  );
  return copy;
}
