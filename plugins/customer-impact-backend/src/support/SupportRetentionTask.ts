import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DEFAULT_TREND_WEEKS,
  WEEK_MS,
} from '@customer-impact/plugin-customer-impact-common';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { readOptionalDurationMs } from '../service/configDuration';
import { ScheduledFacetTask } from '../facets';
import { SupportStore } from './SupportStore';

/** Config key of how long support events are kept. */
export const SUPPORT_RETENTION_KEY = 'customerImpact.support.retention';

/** Events deleted a transaction: short enough not to hold writers up long. */
const DELETED_PER_TRANSACTION = 5_000;

/**
 * The shortest retention: the summary's trend (the weeks before this one)
 * and this week, so that the support card always has its whole window.
 */
export const MIN_SUPPORT_RETENTION_MS = (DEFAULT_TREND_WEEKS + 1) * WEEK_MS;

/**
 * `customerImpact.support.retention` in milliseconds; undefined when absent
 * (events are kept for ever). Throws naming the key when it is shorter than
 * the trend's window.
 */
export function readSupportRetentionMs(config: Config): number | undefined {
  const ms = readOptionalDurationMs(config, SUPPORT_RETENTION_KEY);
  if (ms === undefined) {
    return undefined;
  }
  if (!(ms >= MIN_SUPPORT_RETENTION_MS)) {
    throw new Error(
      `${SUPPORT_RETENTION_KEY} must be at least ${
        DEFAULT_TREND_WEEKS + 1
      } weeks (the support trend's window), got ${ms} ms`,
    );
  }
  return ms;
}

/**
 * Deletes the support events opened more than `retentionMs` before now,
 * earliest first, a bounded transaction at a time (each bumps the write
 * counter, so answers kept in memory on every replica are retired). Weeks
 * before the earliest event kept read as not covered (no data), in the
 * trend and in the relief of changes: collection began there, as far as
 * the store knows. Returns how many were deleted.
 */
export async function applySupportRetention(options: {
  store: Pick<SupportStore, 'deleteOpenedBefore'>;
  retentionMs: number;
  now: Date;
  /** Per transaction; default 5,000. */
  batch?: number;
  signal?: AbortSignal;
}): Promise<number> {
  const before = new Date(options.now.getTime() - options.retentionMs);
  const batch = options.batch ?? DELETED_PER_TRANSACTION;
  let deleted = 0;
  for (;;) {
    const n = await options.store.deleteOpenedBefore(before, batch);
    deleted += n;
    if (n < batch || options.signal?.aborted) {
      return deleted;
    }
    await yieldToEventLoop();
  }
}

/**
 * Applies `customerImpact.support.retention`, daily by default
 * (`customerImpact.support.retentionSchedule`). Scheduled only when a
 * retention is configured.
 */
export class SupportRetentionTask extends ScheduledFacetTask {
  constructor(
    config: RootConfigService,
    private readonly options: {
      store: Pick<SupportStore, 'deleteOpenedBefore'>;
      retentionMs: number;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    super(
      'customer-impact-support-retention',
      config,
      'customerImpact.support.retentionSchedule',
      {
        frequency: { hours: 24 },
        timeout: { minutes: 30 },
        initialDelay: { minutes: 5 },
      },
    );
  }

  async run({ signal }: { signal?: AbortSignal } = {}): Promise<void> {
    const { store, retentionMs, logger } = this.options;
    const now = (this.options.now ?? (() => new Date()))();
    const deleted = await applySupportRetention({
      store,
      retentionMs,
      now,
      signal,
    });
    logger.info(
      `Support retention: deleted ${deleted} events opened before ${new Date(
        now.getTime() - retentionMs,
      ).toISOString()}`,
    );
  }
}
