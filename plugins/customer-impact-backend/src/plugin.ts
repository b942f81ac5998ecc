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
  customerImpactSourcesExtensionPoint,
} from '@customer-impact/plugin-customer-impact-node';
import { DatabaseDeprecationStore } from './deprecation/DeprecationStore';
import { DeprecationService } from './deprecation/DeprecationService';
import { createRouter } from './service/router';

/**
 * The Customer Impact backend plugin.
 *
 * @public
 */
export const customerImpactPlugin = createBackendPlugin({
  pluginId: 'customer-impact',
  register(env) {
    const sliSources = new Map<string, SliSource>();
    env.registerExtensionPoint(customerImpactSourcesExtensionPoint, {
      addSliSource(source) {
        if (sliSources.has(source.type)) {
          throw new Error(
            `An SLI source for OpenSLO DataSource type "${source.type}" is already installed; install one module per type`,
          );
        }
        sliSources.set(source.type, source);
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

        httpRouter.use(
          createPermissionIntegrationRouter({
            permissions: customerImpactPermissions,
          }),
        );
        httpRouter.use(
          await createRouter({ httpAuth, permissions, catalog, deprecation }),
        );
      },
    });
  },
});
