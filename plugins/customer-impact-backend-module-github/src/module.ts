import { createSupportSourceModule } from '@customer-impact/plugin-customer-impact-node';
import {
  GITHUB_SOURCE_CONFIG_KEY,
  GitHubSupportSource,
} from './GitHubSupportSource';

/**
 * Adds GitHub issues as support events (tickets and manual exceptions), with
 * the credentials of `integrations.github`. Without
 * `customerImpact.sources.github` in the config it logs that once and does
 * nothing.
 *
 * @public
 */
export const customerImpactModuleGitHub = createSupportSourceModule({
  moduleId: 'github',
  configKey: GITHUB_SOURCE_CONFIG_KEY,
  notConfiguredMessage: `GitHub support source not configured (${GITHUB_SOURCE_CONFIG_KEY}); not pulling issues`,
  create: ({ rootConfig, logger }) =>
    GitHubSupportSource.fromConfig(rootConfig, { logger }),
});
