import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createPermissionIntegrationRouter } from '@backstage/plugin-permission-node';
import { customerImpactPermissions } from '@customer-impact/plugin-customer-impact-common';
import {
  SliSource,
  SupportEventSource,
  customerImpactSourcesExtensionPoint,
} from '@customer-impact/plugin-customer-impact-node';
import { createSupportRouter } from './support/router';
import { DatabaseSupportStore } from './support/SupportStore';
import { SupportService } from './support/SupportService';
import { scheduleSupportPulls } from './support/SupportPullScheduler';
import { DatabaseDeprecationStore } from './deprecation/DeprecationStore';
import { DeprecationService } from './deprecation/DeprecationService';
import { createRouter } from './service/router';
import { notificationService } from '@backstage/plugin-notifications-node';
import { setUpSlos } from './slo/setup';
import { DatabaseJourneyStore } from './journey/JourneyStore';
import { JourneyService } from './journey/JourneyService';
import { createJourneyRouter } from './journey/router';

/**
 * The Customer Impact backend plugin.
 *
 * @public
 */
export const customerImpactPlugin = createBackendPlugin({
  pluginId: 'customer-impact',
  register(env) {
    const sliSources = new Map<string, SliSource>();
    const supportSources = new Map<string, SupportEventSource>();
    env.registerExtensionPoint(customerImpactSourcesExtensionPoint, {
      addSliSource(source) {
        if (sliSources.has(source.type)) {
          throw new Error(
            `An SLI source for OpenSLO DataSource type "${source.type}" is already installed; install one module per type`,
          );
        }
        sliSources.set(source.type, source);
      },
      addSupportEventSource(source) {
        if (supportSources.has(source.id)) {
          throw new Error(
            `A support event source with id "${source.id}" is already installed; ids must be unique`,
          );
        }
        supportSources.set(source.id, source);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        catalog,
        urlReader,
        notifications,
      }) {
        logger.info(
          `SLI sources installed: ${
            [...sliSources.keys()].sort().join(', ') || 'none'
          }`,
        );

        const deprecationStore = await DatabaseDeprecationStore.create({
          database,
        });
        const deprecation = new DeprecationService({
          catalog,
          store: deprecationStore,
          logger,
        });

        const scheduleConfigKey = 'customerImpact.deprecation.burndownSchedule';
        const schedule = config.has(scheduleConfigKey)
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig(scheduleConfigKey),
            )
          : {
              frequency: { hours: 1 },
              timeout: { minutes: 10 },
              initialDelay: { seconds: 15 },
            };
        await scheduler.scheduleTask({
          id: 'customer-impact-deprecation-burndown',
          // One replica of a scaled-out backend runs it at a time.
          scope: 'global',
          ...schedule,
          fn: async () => {
            await deprecation.recordBurndown(
              await auth.getOwnServiceCredentials(),
            );
          },
        });

        const supportStore = await DatabaseSupportStore.create({ database });
        const support = new SupportService({ store: supportStore });
        const supportScheduleKey = 'customerImpact.support.pullSchedule';
        await scheduleSupportPulls({
          sources: [...supportSources.values()],
          store: supportStore,
          catalog,
          auth,
          logger,
          scheduler,
          schedule: config.has(supportScheduleKey)
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig(supportScheduleKey),
              )
            : undefined,
        });
        logger.info(
          `Support event sources installed: ${
            [...supportSources.keys()].sort().join(', ') || 'none'
          }`,
        );

        const journeys = JourneyService.fromConfig(config, {
          store: await DatabaseJourneyStore.create({ database }),
          catalog,
          logger,
        });

        const slo = await setUpSlos({
          config,
          logger,
          database,
          scheduler,
          httpAuth,
          auth,
          permissions,
          catalog,
          urlReader,
          notifications,
          sliSources,
        });

        httpRouter.use(
          createPermissionIntegrationRouter({
            permissions: customerImpactPermissions,
          }),
        );
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            deprecation,
            support,
            journeys,
            slos: slo.service,
            facetRouters: [
              slo.router,
              createJourneyRouter({ httpAuth, permissions, catalog, journeys }),
              createSupportRouter({ httpAuth, permissions, catalog, support }),
            ],
          }),
        );
      },
    });
  },
});
