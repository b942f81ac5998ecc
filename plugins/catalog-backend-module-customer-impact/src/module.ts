import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { CustomerImpactAnnotationProcessor } from './CustomerImpactAnnotationProcessor';

/**
 * Catalog module of the Customer Impact suite: validates the
 * `customer-impact/*` annotations.
 *
 * @public
 */
export const catalogModuleCustomerImpact = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'customer-impact',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ catalog, logger }) {
        catalog.addProcessor(new CustomerImpactAnnotationProcessor());
        logger.debug('Validating customer-impact annotations');
      },
    });
  },
});
