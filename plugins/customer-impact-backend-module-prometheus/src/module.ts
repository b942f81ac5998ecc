import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { customerImpactSourcesExtensionPoint } from '@customer-impact/plugin-customer-impact-node';
import { Duration } from 'luxon';
import { PrometheusSliSource } from './PrometheusSliSource';
import {
  PROMETHEUS_SERVERS_CONFIG_KEY,
  readPrometheusServers,
} from './servers';

/**
 * Adds Prometheus as an SLI source of the Customer Impact backend: OpenSLO
 * `DataSource`s with `spec.type: Prometheus` are queried with `query_range`,
 * on the servers listed in `customerImpact.prometheus.servers` only.
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
        config: coreServices.rootConfig,
      },
      async init({ sources, logger, config }) {
        const servers = readPrometheusServers(config);
        logger.info(
          servers.length
            ? `Prometheus servers: ${servers
                .map(s => `${s.name}${s.isDefault ? ' (default)' : ''}`)
                .join(', ')}`
            : `No Prometheus server is configured (${PROMETHEUS_SERVERS_CONFIG_KEY}): no SLO is pulled from Prometheus`,
        );
        const timeout = config.getOptionalConfig(
          'customerImpact.prometheus.requestTimeout',
        );
        sources.addSliSource(
          new PrometheusSliSource({
            logger,
            servers,
            requestTimeoutMs: timeout
              ? Duration.fromObject(readDurationFromConfig(timeout)).toMillis()
              : undefined,
          }),
        );
      },
    });
  },
});
