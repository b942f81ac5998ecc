import { createSupportSourceModule } from '@customer-impact/plugin-customer-impact-node';
import { PagerDutySupportSource } from './PagerDutySupportSource';

const CONFIG_KEY = 'customerImpact.sources.pagerduty';

/**
 * Adds PagerDuty incidents as support events (pages and escalations). Without
 * `customerImpact.sources.pagerduty` in the config it logs that once and does
 * nothing.
 *
 * @public
 */
export const customerImpactModulePagerDuty = createSupportSourceModule({
  moduleId: 'pagerduty',
  configKey: CONFIG_KEY,
  notConfiguredMessage: `PagerDuty support source not configured (${CONFIG_KEY}.token); not pulling incidents`,
  create: ({ config }) =>
    new PagerDutySupportSource({
      token: config.getString('token'),
      baseUrl: config.getOptionalString('baseUrl'),
      escalationPriorities: config.getOptionalStringArray(
        'escalationPriorities',
      ),
      maxRetries: config.getOptionalNumber('maxRetries'),
    }),
});
