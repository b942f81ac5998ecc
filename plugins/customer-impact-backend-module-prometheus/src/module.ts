import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { customerImpactSourcesExtensionPoint } from '@customer-impact/plugin-customer-impact-node';
import { PrometheusSliSource } from './PrometheusSliSource';

/**
 * Adds Prometheus as an SLI source of the Customer Impact backend: OpenSLO
 * `DataSource`s with `spec.type: Prometheus` are queried with `query_range`.
 *
 * @public
 */
export const customerImpactModulePrometheus = createBackendModule({
  pluginId: 'customer-impact',
  moduleId: 'prometheus',
  register(env) {
    env.registerInit({
      deps: {
        sources: customerImpactSourcesExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ sources, logger }) {
        sources.addSliSource(new PrometheusSliSource({ logger }));
      },
    });
  },
});
