import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { customerImpactSourcesExtensionPoint } from '@customer-impact/plugin-customer-impact-node';
import { PagerDutySupportSource } from './PagerDutySupportSource';

const CONFIG_KEY = 'customerImpact.sources.pagerduty';

/**
 * Adds PagerDuty incidents as support events (pages and escalations). Without
 * `customerImpact.sources.pagerduty` in the config it logs that once and does
 * nothing.
 *
 * @public
 */
export const customerImpactModulePagerDuty = createBackendModule({
  pluginId: 'customer-impact',
  moduleId: 'pagerduty',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: customerImpactSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        const pd = config.getOptionalConfig(CONFIG_KEY);
        if (!pd) {
          logger.info(
            `PagerDuty support source not configured (${CONFIG_KEY}.token); not pulling incidents`,
          );
          return;
        }
        sources.addSupportEventSource(
          new PagerDutySupportSource({
            token: pd.getString('token'),
            baseUrl: pd.getOptionalString('baseUrl'),
            escalationPriorities: pd.getOptionalStringArray(
              'escalationPriorities',
            ),
            maxRetries: pd.getOptionalNumber('maxRetries'),
          }),
        );
      },
    });
  },
});
