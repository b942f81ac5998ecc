import { createApiRef } from '@backstage/core-plugin-api';
import { CustomerImpactApi } from '@customer-impact/plugin-customer-impact-common';

/**
 * Reference to the {@link @customer-impact/plugin-customer-impact-common#CustomerImpactApi},
 * implemented by the typed client of the common package.
 *
 * @public
 */
export const customerImpactApiRef = createApiRef<CustomerImpactApi>({
  id: 'plugin.customer-impact.api',
});
