import {
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  UrlReaderService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SliSource } from '@customer-impact/plugin-customer-impact-node';
import express from 'express';
import { createSloRouter } from './router';
import { SloCollector } from './SloCollector';
import { SloNotifier } from './SloNotifier';
import { SloService } from './SloService';
import { SloStore } from './SloStore';

/** Default days kept in 5-minute buckets: a 30-day window plus margin. */
export const DEFAULT_FINE_RETENTION_DAYS = 35;

function scheduleFrom(
  config: RootConfigService,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : fallback;
}

/**
 * Builds the SLO facet (store, service, pull collector, notifier, routes) and
 * schedules its four global tasks: reading definitions, pulling SLI data,
 * evaluating alert states, and the roll-up / retention job.
 */
export async function setUpSlos(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  urlReader: UrlReaderService;
  notifications: NotificationService;
  sliSources: ReadonlyMap<string, SliSource>;
}): Promise<{
  service: SloService;
  collector: SloCollector;
  router: express.Router;
}> {
  const { config, logger, scheduler, catalog, auth } = options;
  const fineRetentionDays =
    config.getOptionalNumber('customerImpact.slo.fineRetentionDays') ??
    DEFAULT_FINE_RETENTION_DAYS;
  if (!(fineRetentionDays >= 4)) {
    // Burn rates look back 3 days: those must stay in fine buckets.
    throw new Error(
      `customerImpact.slo.fineRetentionDays must be at least 4 (days), got ${fineRetentionDays}`,
    );
  }
  const store = await SloStore.create({ database: options.database });
  const service = new SloService({
    store,
    urlReader: options.urlReader,
    catalog,
    auth,
    logger,
    sliSources: options.sliSources,
    fineRetentionDays,
    minEvents: config.getOptionalNumber('customerImpact.slo.minEvents'),
  });
  const collector = new SloCollector(service, logger);
  const notifier = new SloNotifier({
    service,
    catalog,
    auth,
    notifications: options.notifications,
    logger,
  });

  // Every task runs on one replica at a time (scope: 'global').
  await scheduler.scheduleTask({
    id: 'customer-impact-slo-definitions',
    scope: 'global',
    ...scheduleFrom(config, 'customerImpact.slo.definitionsSchedule', {
      frequency: { minutes: 30 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 20 },
    }),
    fn: async () => {
      const { entities, failed } = await service.refreshAll();
      logger.info(
        `Read the SLO definitions of ${entities} entities (${failed} failed)`,
      );
    },
  });
  if (options.sliSources.size > 0) {
    await scheduler.scheduleTask({
      id: 'customer-impact-slo-pull',
      scope: 'global',
      ...scheduleFrom(config, 'customerImpact.slo.pullSchedule', {
        frequency: { minutes: 5 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 40 },
      }),
      fn: async () => {
        const results = await collector.collectAll();
        const failed = results.filter(r => r.error).length;
        logger.info(
          `Pulled SLI data of ${results.length} SLOs (${failed} failed)`,
        );
      },
    });
  }
  await scheduler.scheduleTask({
    id: 'customer-impact-slo-alerts',
    scope: 'global',
    ...scheduleFrom(config, 'customerImpact.slo.alertSchedule', {
      frequency: { minutes: 5 },
      timeout: { minutes: 5 },
      initialDelay: { minutes: 1 },
    }),
    fn: async () => {
      await notifier.evaluateAll();
    },
  });
  await scheduler.scheduleTask({
    id: 'customer-impact-slo-retention',
    scope: 'global',
    ...scheduleFrom(config, 'customerImpact.slo.retentionSchedule', {
      frequency: { hours: 1 },
      timeout: { minutes: 15 },
      initialDelay: { minutes: 2 },
    }),
    fn: async () => {
      const { rolledUp, expired } = await service.applyRetention();
      logger.info(
        `SLO retention: rolled ${rolledUp} fine buckets up into hours, deleted ${expired} expired hourly buckets`,
      );
    },
  });

  const router = createSloRouter({
    httpAuth: options.httpAuth,
    permissions: options.permissions,
    catalog,
    slos: service,
    collector,
  });
  return { service, collector, router };
}
