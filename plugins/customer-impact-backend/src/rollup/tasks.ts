import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ScheduledFacetTask } from '../facets';
import { RollupBuilder } from './RollupBuilder';

/**
 * The whole rollup pass: the group tree, every entity's pain index now and
 * the past weeks not recorded yet, and entities gone from the catalog.
 * Default: every 10 minutes, first run 30 s after start.
 */
export class RollupRefreshTask extends ScheduledFacetTask {
  constructor(
    private readonly options: {
      config: RootConfigService;
      builder: RollupBuilder;
      logger: LoggerService;
    },
  ) {
    super(
      'customer-impact-rollups',
      options.config,
      'customerImpact.rollups.schedule',
      {
        frequency: { minutes: 10 },
        timeout: { minutes: 30 },
        initialDelay: { seconds: 30 },
      },
    );
  }

  async run() {
    const r = await this.options.builder.refreshAll();
    this.options.logger.info(
      `Rollups: ${r.entities} entities computed, ${r.weeksBackfilled} past weeks filled, ${r.removed} gone from the catalog removed`,
    );
  }
}

/**
 * Keeps the rollups current as data arrives: every minute, the entities
 * whose facet data was written since the last run are computed again (with
 * the past weeks the new data falls in).
 */
export class RollupChangesTask extends ScheduledFacetTask {
  constructor(
    private readonly options: {
      config: RootConfigService;
      builder: RollupBuilder;
      logger: LoggerService;
    },
  ) {
    super(
      'customer-impact-rollups-changes',
      options.config,
      'customerImpact.rollups.changesSchedule',
      {
        frequency: { minutes: 1 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 45 },
      },
    );
  }

  async run() {
    const n = await this.options.builder.refreshChanged();
    if (n > 0) {
      this.options.logger.info(
        `Rollups: ${n} entities with new data computed again`,
      );
    }
  }
}
