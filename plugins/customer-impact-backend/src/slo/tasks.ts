import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ScheduledFacetTask } from '../facets';
import { SloCollector } from './SloCollector';
import { SloNotifier } from './SloNotifier';
import { SloService } from './SloService';

/**
 * Reads the OpenSLO files of every annotated entity, every 30 minutes by
 * default (`customerImpact.slo.definitionsSchedule`).
 */
export class SloDefinitionsTask extends ScheduledFacetTask {
  constructor(
    config: RootConfigService,
    private readonly logger: LoggerService,
    private readonly service: Pick<SloService, 'refreshAll'>,
  ) {
    super(
      'customer-impact-slo-definitions',
      config,
      'customerImpact.slo.definitionsSchedule',
      {
        frequency: { minutes: 30 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 20 },
      },
    );
  }

  async run(): Promise<void> {
    const { entities, failed } = await this.service.refreshAll();
    this.logger.info(
      `Read the SLO definitions of ${entities} entities (${failed} failed)`,
    );
  }
}

/**
 * Pulls SLI data of every SLO whose DataSource type has an installed source,
 * every 5 minutes by default (`customerImpact.slo.pullSchedule`). Scheduled
 * only when a source is installed.
 */
export class SloPullTask extends ScheduledFacetTask {
  constructor(
    config: RootConfigService,
    private readonly logger: LoggerService,
    private readonly collector: Pick<SloCollector, 'collectAll'>,
  ) {
    super(
      'customer-impact-slo-pull',
      config,
      'customerImpact.slo.pullSchedule',
      {
        frequency: { minutes: 5 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 40 },
      },
    );
  }

  async run(): Promise<void> {
    const results = await this.collector.collectAll();
    const failed = results.filter(r => r.error).length;
    this.logger.info(
      `Pulled SLI data of ${results.length} SLOs (${failed} failed)`,
    );
  }
}

/**
 * Evaluates every SLO's alert state and notifies the owners on entry into
 * page or ticket, every 5 minutes by default (`customerImpact.slo.alertSchedule`).
 */
export class SloAlertsTask extends ScheduledFacetTask {
  constructor(
    config: RootConfigService,
    private readonly notifier: Pick<SloNotifier, 'evaluateAll'>,
  ) {
    super(
      'customer-impact-slo-alerts',
      config,
      'customerImpact.slo.alertSchedule',
      {
        frequency: { minutes: 5 },
        timeout: { minutes: 5 },
        initialDelay: { minutes: 1 },
      },
    );
  }

  async run(): Promise<void> {
    await this.notifier.evaluateAll();
  }
}

/**
 * Computes ahead every entity's SLO facet for the current evaluation instant
 * (and the next one, in the last two minutes before it) where what it is
 * computed from changed, so that summaries read it instead of the buckets;
 * every minute by default (`customerImpact.slo.facetSchedule`). Not
 * scheduled with `customerImpact.slo.precomputeFacets: false`.
 */
export class SloFacetsTask extends ScheduledFacetTask {
  constructor(
    config: RootConfigService,
    private readonly logger: LoggerService,
    private readonly service: Pick<SloService, 'precomputeFacets'>,
  ) {
    super(
      'customer-impact-slo-facets',
      config,
      'customerImpact.slo.facetSchedule',
      {
        frequency: { minutes: 1 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 30 },
      },
    );
  }

  async run(options: { signal: AbortSignal }): Promise<void> {
    const { computed, unchanged, deleted } =
      await this.service.precomputeFacets({ signal: options.signal });
    this.logger.debug(
      `Precomputed the SLO facets: ${computed} computed, ${unchanged} unchanged, ${deleted} of past instants deleted`,
    );
  }
}

/**
 * Rolls fine buckets up into hours and deletes what is past retention,
 * hourly by default (`customerImpact.slo.retentionSchedule`).
 */
export class SloRetentionTask extends ScheduledFacetTask {
  constructor(
    config: RootConfigService,
    private readonly logger: LoggerService,
    private readonly service: Pick<SloService, 'applyRetention'>,
  ) {
    super(
      'customer-impact-slo-retention',
      config,
      'customerImpact.slo.retentionSchedule',
      {
        frequency: { hours: 1 },
        timeout: { minutes: 15 },
        initialDelay: { minutes: 2 },
      },
    );
  }

  async run(): Promise<void> {
    const { rolledUp, expired } = await this.service.applyRetention();
    this.logger.info(
      `SLO retention: rolled ${rolledUp} fine buckets up into hours, deleted ${expired} expired hourly buckets`,
    );
  }
}
