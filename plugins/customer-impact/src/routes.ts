import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the Customer Impact page (`/customer-impact` in the demo), in
 * both frontend systems; the Group-page card links to it.
 *
 * @public
 */
export const customerImpactPageRouteRef = createRouteRef({
  id: 'customer-impact:page',
});
