import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { Duration } from 'luxon';
import { ScheduledFacetTask } from '../facets';
import { EntityDataCleaner } from './EntityDataCleaner';

/** Config key of the grace period (a duration, default 14 days). */
export const ORPHANS_GRACE_PERIOD_KEY = 'customerImpact.orphans.gracePeriod';
/** The grace period unless configured: two weeks, enough to undo a mistake in the catalog. */
export const DEFAULT_ORPHANS_GRACE_MS = 14 * 86_400_000;

/** The grace period from config: at least one hour; the key named when wrong. */
export function readOrphansGraceMs(config: RootConfigService): number {
  if (!config.has(ORPHANS_GRACE_PERIOD_KEY)) {
    return DEFAULT_ORPHANS_GRACE_MS;
  }
  const ms = Duration.fromObject(
    readDurationFromConfig(config.getConfig(ORPHANS_GRACE_PERIOD_KEY)),
  ).toMillis();
  if (!(ms >= 3_600_000)) {
    throw new Error(
      `${ORPHANS_GRACE_PERIOD_KEY} must be at least one hour, e.g. { days: 14 }`,
    );
  }
  return ms;
}

/**
 * Removes the data of entities gone from the catalog for longer than the
 * grace period (see {@link EntityDataCleaner}). Default: daily, first run
 * 10 minutes after start.
 */
export class EntityDataCleanupTask extends ScheduledFacetTask {
  constructor(
    private readonly options: {
      config: RootConfigService;
      cleaner: EntityDataCleaner;
      logger: LoggerService;
    },
  ) {
    super(
      'customer-impact-orphans',
      options.config,
      'customerImpact.orphans.schedule',
      {
        frequency: { hours: 24 },
        timeout: { minutes: 30 },
        initialDelay: { minutes: 10 },
      },
    );
  }

  async run() {
    const r = await this.options.cleaner.run();
    if (r.missing > 0 || r.forgotten.length > 0) {
      this.options.logger.info(
        `Entities gone from the catalog: ${r.missing} of ${
          r.entities
        } with data here; data removed for ${
          r.forgotten.length
        } missing longer than the grace period${
          r.forgotten.length ? ` (${r.forgotten.join(', ')})` : ''
        }; ${r.back} back in the catalog`,
      );
    }
  }
}
