import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { customerImpactSourcesExtensionPoint } from '@customer-impact/plugin-customer-impact-node';
import { GitHubSupportSource } from './GitHubSupportSource';

const CONFIG_KEY = 'customerImpact.sources.github';

/**
 * Adds GitHub issues as support events (tickets and manual exceptions).
 * Without `customerImpact.sources.github` in the config it logs that once and
 * does nothing.
 *
 * @public
 */
export const customerImpactModuleGitHub = createBackendModule({
  pluginId: 'customer-impact',
  moduleId: 'github',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: customerImpactSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        const gh = config.getOptionalConfig(CONFIG_KEY);
        if (!gh) {
          logger.info(
            `GitHub support source not configured (${CONFIG_KEY}.token); not pulling issues`,
          );
          return;
        }
        sources.addSupportEventSource(
          new GitHubSupportSource({
            token: gh.getString('token'),
            baseUrl: gh.getOptionalString('baseUrl'),
            ticketLabels: gh.getOptionalStringArray('ticketLabels'),
            manualExceptionLabel: gh.getOptionalString('manualExceptionLabel'),
            consumerLabelPrefix: gh.getOptionalString('consumerLabelPrefix'),
            maxRetries: gh.getOptionalNumber('maxRetries'),
          }),
        );
      },
    });
  },
});
