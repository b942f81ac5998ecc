import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { readDeprecationAnnotations } from '@customer-impact/plugin-customer-impact-common';
import { CustomerImpactClient } from '@customer-impact/plugin-customer-impact-common';
import { customerImpactApiRef } from './api';
import { isDeprecationBannerRelevant } from './components/DeprecationBanner';

/** The typed client, as the plugin's API. */
const customerImpactApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: customerImpactApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CustomerImpactClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The deprecation banner, as a full-width content card on the overview of
 * entities that are deprecated or depend on anything. Put it first in
 * `app.extensions` to show it at the top.
 */
const deprecationBannerCard = EntityCardBlueprint.make({
  name: 'deprecation-banner',
  params: {
    type: 'content',
    filter: isDeprecationBannerRelevant,
    loader: () =>
      import('./components/DeprecationBanner').then(m => (
        <m.DeprecationBanner />
      )),
  },
});

/** Dependents, owners and burndown, on deprecated entities. */
const deprecationCard = EntityCardBlueprint.make({
  name: 'deprecation',
  params: {
    type: 'content',
    filter: entity => readDeprecationAnnotations(entity).deprecated,
    loader: () =>
      import('./components/DeprecationCard').then(m => <m.DeprecationCard />),
  },
});

/**
 * The Customer Impact plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'customer-impact',
  info: { packageJson: () => import('../package.json') },
  extensions: [customerImpactApi, deprecationBannerCard, deprecationCard],
});

export { customerImpactApiRef } from './api';
