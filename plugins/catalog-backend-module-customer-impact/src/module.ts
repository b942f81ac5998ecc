import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { CustomerImpactAnnotationProcessor } from './CustomerImpactAnnotationProcessor';
import { JourneyEntitiesProcessor } from './journey';

/**
 * Catalog module of the Customer Impact suite: validates the
 * `customer-impact/*` annotations, and adds the `Journey` kind
 * (`customer-impact/v1alpha1`) with its relations. Journeys are only read when
 * `catalog.rules` allows the kind `Journey`.
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
        catalog.addProcessor(new JourneyEntitiesProcessor());
        logger.debug(
          'Validating customer-impact annotations and Journey entities',
        );
      },
    });
  },
});
