import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { CustomerImpactClient } from '@customer-impact/plugin-customer-impact-common';
import { customerImpactApiRef } from './api';

/**
 * The Customer Impact frontend plugin, for apps on the legacy frontend system.
 * Apps on the new frontend system install `@customer-impact/plugin-customer-impact/alpha`.
 *
 * @public
 */
export const customerImpactPlugin = createPlugin({
  id: 'customer-impact',
  apis: [
    createApiFactory({
      api: customerImpactApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CustomerImpactClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Banner for the top of an entity's overview: the entity's own deprecation,
 * and the deprecated entities it still depends on.
 *
 * @public
 */
export const EntityDeprecationBanner = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntityDeprecationBanner',
    component: {
      lazy: () =>
        import('./components/DeprecationBanner').then(m => m.DeprecationBanner),
    },
  }),
);

/**
 * Card listing a deprecated entity's dependents, their owners and the
 * migration burndown.
 *
 * @public
 */
export const EntityDeprecationCard = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntityDeprecationCard',
    component: {
      lazy: () =>
        import('./components/DeprecationCard').then(m => m.DeprecationCard),
    },
  }),
);
