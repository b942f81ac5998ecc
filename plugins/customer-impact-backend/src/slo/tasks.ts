import {
  LoggerService,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { FacetTask, readTaskSchedule } from '../facets';
import { SloCollector } from './SloCollector';
import { SloNotifier } from './SloNotifier';
import { SloService } from './SloService';

/**
 * Reads the OpenSLO files of every annotated entity, every 30 minutes by
 * default (`customerImpact.slo.definitionsSchedule`).
 */
export class SloDefinitionsTask implements FacetTask {
  static readonly CONFIG_KEY = 'customerImpact.slo.definitionsSchedule';
  static readonly DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
    frequency: { minutes: 30 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 20 },
  };
  readonly id = 'customer-impact-slo-definitions';
  readonly schedule: SchedulerServiceTaskScheduleDefinition;

  constructor(
    private readonly options: {
      config: RootConfigService;
      logger: LoggerService;
      service: Pick<SloService, 'refreshAll'>;
    },
  ) {
    this.schedule = readTaskSchedule(
      options.config,
      SloDefinitionsTask.CONFIG_KEY,
      SloDefinitionsTask.DEFAULT_SCHEDULE,
    );
  }

  async run(): Promise<void> {
    const { entities, failed } = await this.options.service.refreshAll();
    this.options.logger.info(
      `Read the SLO definitions of ${entities} entities (${failed} failed)`,
    );
  }
}

/**
 * Pulls SLI data of every SLO whose DataSource type has an installed source,
 * every 5 minutes by default (`customerImpact.slo.pullSchedule`). Scheduled
 * only when a source is installed.
 */
export class SloPullTask implements FacetTask {
  static readonly CONFIG_KEY = 'customerImpact.slo.pullSchedule';
  static readonly DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
    frequency: { minutes: 5 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 40 },
  };
  readonly id = 'customer-impact-slo-pull';
  readonly schedule: SchedulerServiceTaskScheduleDefinition;

  constructor(
    private readonly options: {
      config: RootConfigService;
      logger: LoggerService;
      collector: Pick<SloCollector, 'collectAll'>;
    },
  ) {
    this.schedule = readTaskSchedule(
      options.config,
      SloPullTask.CONFIG_KEY,
      SloPullTask.DEFAULT_SCHEDULE,
    );
  }

  async run(): Promise<void> {
    const results = await this.options.collector.collectAll();
    const failed = results.filter(r => r.error).length;
    this.options.logger.info(
      `Pulled SLI data of ${results.length} SLOs (${failed} failed)`,
    );
  }
}

/**
 * Evaluates every SLO's alert state and notifies the owners on entry into
 * page or ticket, every 5 minutes by default (`customerImpact.slo.alertSchedule`).
 */
export class SloAlertsTask implements FacetTask {
  static readonly CONFIG_KEY = 'customerImpact.slo.alertSchedule';
  static readonly DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
    frequency: { minutes: 5 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 1 },
  };
  readonly id = 'customer-impact-slo-alerts';
  readonly schedule: SchedulerServiceTaskScheduleDefinition;

  constructor(
    private readonly options: {
      config: RootConfigService;
      notifier: Pick<SloNotifier, 'evaluateAll'>;
    },
  ) {
    this.schedule = readTaskSchedule(
      options.config,
      SloAlertsTask.CONFIG_KEY,
      SloAlertsTask.DEFAULT_SCHEDULE,
    );
  }

  async run(): Promise<void> {
    await this.options.notifier.evaluateAll();
  }
}

/**
 * Rolls fine buckets up into hours and deletes what is past retention,
 * hourly by default (`customerImpact.slo.retentionSchedule`).
 */
export class SloRetentionTask implements FacetTask {
  static readonly CONFIG_KEY = 'customerImpact.slo.retentionSchedule';
  static readonly DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
    frequency: { hours: 1 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 2 },
  };
  readonly id = 'customer-impact-slo-retention';
  readonly schedule: SchedulerServiceTaskScheduleDefinition;

  constructor(
    private readonly options: {
      config: RootConfigService;
      logger: LoggerService;
      service: Pick<SloService, 'applyRetention'>;
    },
  ) {
    this.schedule = readTaskSchedule(
      options.config,
      SloRetentionTask.CONFIG_KEY,
      SloRetentionTask.DEFAULT_SCHEDULE,
    );
  }

  async run(): Promise<void> {
    const { rolledUp, expired } = await this.options.service.applyRetention();
    this.options.logger.info(
      `SLO retention: rolled ${rolledUp} fine buckets up into hours, deleted ${expired} expired hourly buckets`,
    );
  }
}
