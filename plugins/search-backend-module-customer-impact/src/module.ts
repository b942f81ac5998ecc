import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { readCollatorSchedule } from './config';
import { CustomerImpactCollatorFactory } from './CustomerImpactCollatorFactory';

/**
 * Search module of the Customer Impact suite: indexes the customer impact of
 * catalog entities (document type `customer-impact`) so that search finds
 * them by it: "deprecated sunset soon", "slo page", "high friction".
 *
 * @public
 */
export const searchModuleCustomerImpactCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'customer-impact-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        config,
        auth,
        discovery,
        logger,
        scheduler,
        catalog,
        indexRegistry,
      }) {
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(
            readCollatorSchedule(config),
          ),
          factory: CustomerImpactCollatorFactory.fromConfig(config, {
            auth,
            discovery,
            catalog,
            logger,
          }),
        });
      },
    });
  },
});
