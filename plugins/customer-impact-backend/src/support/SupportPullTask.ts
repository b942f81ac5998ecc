import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ScheduledFacetTask } from '../facets';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_TREND_WEEKS,
  SUPPORT_EVENT_BATCH_LIMIT,
  SupportEvent,
  parseSupportEventBatch,
  supportWeekOf,
  supportWeeksBefore,
} from '@customer-impact/plugin-customer-impact-common';
import { SupportEventSource } from '@customer-impact/plugin-customer-impact-node';
import { SupportStore } from './SupportStore';

/** Kinds of entity a pull source may attach support load to. */
const PULLED_KINDS = ['Component', 'API', 'Resource', 'System'];

/** The default schedule of every pull source. */
export const DEFAULT_SUPPORT_PULL_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 15 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 30 },
  };

/** Whether a cursor is an ISO 8601 timestamp the next `since` can be read from. */
function sinceFromCursor(cursor: string | null): Date | undefined {
  if (!cursor) {
    return undefined;
  }
  const ms = Date.parse(cursor);
  return /^\d{4}-\d{2}-\d{2}T/.test(cursor) && Number.isFinite(ms)
    ? new Date(ms)
    : undefined;
}

/**
 * Runs one pull of one source: reads the stored cursor, asks the source for
 * what changed since, validates every event (an invalid one is skipped and
 * logged, the rest are stored), stores them and the new cursor, and records
 * the success. A failure is recorded (time and message) and the cursor is
 * kept, so the next run retries the same range.
 */
export async function runSupportPull(options: {
  source: SupportEventSource;
  store: SupportStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  now?: () => Date;
  signal?: AbortSignal;
}): Promise<{ stored: number; skipped: number } | undefined> {
  const { source, store, catalog, auth, logger } = options;
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  try {
    const state = await store.getSourceState(source.id);
    const windowStart = new Date(
      supportWeeksBefore(
        supportWeekOf(startedAt),
        DEFAULT_TREND_WEEKS,
      )[0].start,
    );
    const since = sinceFromCursor(state?.cursor ?? null) ?? windowStart;
    const { items: entities } = await catalog.getEntities(
      { filter: { kind: PULLED_KINDS } },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const result = await source.pull({
      entities,
      since,
      cursor: state?.cursor ?? undefined,
      signal: options.signal ?? new AbortController().signal,
      logger,
    });

    const valid: SupportEvent[] = [];
    const seen = new Set<string>();
    let skipped = 0;
    for (const raw of result.events) {
      try {
        const [event] = parseSupportEventBatch({ events: [raw] });
        const key = JSON.stringify([event.source, event.externalId]);
        if (seen.has(key)) {
          continue; // a source that lists an event twice: keep the first
        }
        seen.add(key);
        valid.push(event);
      } catch (e) {
        skipped += 1;
        logger.warn(
          `Support source ${source.id}: skipped event ${JSON.stringify(
            (raw as { externalId?: unknown }).externalId,
          )}: ${(e as Error).message}`,
        );
      }
    }
    for (let i = 0; i < valid.length; i += SUPPORT_EVENT_BATCH_LIMIT) {
      await store.upsertEvents(
        valid.slice(i, i + SUPPORT_EVENT_BATCH_LIMIT),
        now(),
      );
    }
    await store.recordSourceSuccess(
      source.id,
      result.cursor ?? state?.cursor ?? null,
      startedAt,
    );
    logger.info(
      `Support source ${source.id}: stored ${valid.length} events, skipped ${skipped}`,
    );
    return { stored: valid.length, skipped };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await store.recordSourceError(source.id, message, startedAt);
    logger.error(`Support source ${source.id} failed: ${message}`);
    return undefined;
  }
}

/** Config key of the schedule every support pull task reads. */
export const SUPPORT_PULL_SCHEDULE_KEY = 'customerImpact.support.pullSchedule';

/**
 * The pull of one support source, every 15 minutes by default
 * (`customerImpact.support.pullSchedule`), one replica at a time.
 */
export class SupportPullTask extends ScheduledFacetTask {
  constructor(
    private readonly options: {
      config: RootConfigService;
      source: SupportEventSource;
      store: SupportStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {
    super(
      `customer-impact-support-pull-${options.source.id}`,
      options.config,
      SUPPORT_PULL_SCHEDULE_KEY,
      DEFAULT_SUPPORT_PULL_SCHEDULE,
    );
  }

  async run({ signal }: { signal: AbortSignal }): Promise<void> {
    await runSupportPull({
      ...this.options,
      logger: this.options.logger.child({
        supportSource: this.options.source.id,
      }),
      signal,
    });
  }
}
