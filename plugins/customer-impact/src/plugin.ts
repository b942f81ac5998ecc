import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { CustomerImpactClient } from '@customer-impact/plugin-customer-impact-common';
import { customerImpactApiRef } from './api';
import { customerImpactPageRouteRef } from './routes';
import {
  DeprecationBannerCard,
  DeprecationSummaryCard,
  JourneysSummaryCard,
  PainIndexSummaryCard,
  SloSummaryCard,
  SupportLoadSummaryCard,
} from './components/summaryCards';

/**
 * The Customer Impact frontend plugin, for apps on the legacy frontend system.
 * Apps on the new frontend system install `@customer-impact/plugin-customer-impact/alpha`.
 *
 * @public
 */
/**
 * Route of the Golden Paths page (legacy frontend system).
 *
 * @public
 */
export const goldenPathsRouteRef = createRouteRef({
  id: 'customer-impact:golden-paths',
});

export const customerImpactPlugin = createPlugin({
  id: 'customer-impact',
  routes: {
    goldenPaths: goldenPathsRouteRef,
    customerImpactPage: customerImpactPageRouteRef,
  },
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
      sync: DeprecationBannerCard,
    },
  }),
);

/**
 * Card with the entity's support load: this week against the 12-week median
 * per kind, a sparkline, pages per on-call shift, top categories and the
 * long-tail share.
 *
 * @public
 */
export const EntitySupportLoadCard = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntitySupportLoadCard',
    component: {
      sync: SupportLoadSummaryCard,
    },
  }),
);

/**
 * Entity page content (a tab): the entity's recent support events, linking
 * to their source.
 *
 * @public
 */
export const EntitySupportEventsContent = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntitySupportEventsContent',
    component: {
      lazy: () =>
        import('./components/support').then(m => m.SupportEventsContent),
    },
  }),
);

/**
 * Card for a Group page: the internal customers (consuming teams) that put the
 * most support load on what the group owns.
 *
 * @public
 */
export const EntityInternalCustomersCard = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntityInternalCustomersCard',
    component: {
      lazy: () =>
        import('./components/support').then(m => m.InternalCustomersCard),
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
      sync: DeprecationSummaryCard,
    },
  }),
);

/**
 * Card with each SLO of the entity: SLI vs target, error budget, alert state
 * and burn rates; without the `customer-impact/openslo` annotation, how to
 * add it.
 *
 * @public
 */
export const EntitySloCard = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntitySloCard',
    component: {
      sync: SloSummaryCard,
    },
  }),
);

/**
 * Entity tab content for SLOs: budget burndown, burn-rate table, definition
 * source and problems.
 *
 * @public
 */
export const EntitySloContent = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntitySloContent',
    component: {
      lazy: () => import('./components/slo').then(m => m.SloContent),
    },
  }),
);

/**
 * Entity page content (a tab) for Journey entities: the journey map with its
 * stages, steps coloured by friction, and "Done" / "I'm stuck here".
 *
 * @public
 */
export const EntityJourneyMapContent = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntityJourneyMapContent',
    component: {
      lazy: () => import('./components/journeys').then(m => m.JourneyMap),
    },
  }),
);

/**
 * Card "Journeys that pass through here", for entities a journey step goes
 * through (see `isJourneyStepEntity`).
 *
 * @public
 */
export const EntityJourneysCard = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntityJourneysCard',
    component: {
      sync: JourneysSummaryCard,
    },
  }),
);

/**
 * The Golden Paths page: mount it at `/golden-paths` and add a sidebar item.
 *
 * @public
 */
export const GoldenPathsPage = customerImpactPlugin.provide(
  createRoutableExtension({
    name: 'GoldenPathsPage',
    component: () =>
      import('./components/journeys').then(m => m.GoldenPathsPage),
    mountPoint: goldenPathsRouteRef,
  }),
);

/**
 * The Customer Impact page for platform teams: mount it at
 * `/customer-impact` and add a sidebar item. A group picker (your own groups
 * first), the tree's entities ranked by pain and explained, the consuming
 * teams hurting most, the deprecations and the 12-week trend.
 *
 * @public
 */
export const CustomerImpactPage = customerImpactPlugin.provide(
  createRoutableExtension({
    name: 'CustomerImpactPage',
    component: () =>
      import('./components/platform').then(m => m.CustomerImpactPage),
    mountPoint: customerImpactPageRouteRef,
  }),
);

/**
 * Card with the entity's pain index, explained term by term, each term
 * linking to its facet.
 *
 * @public
 */
export const EntityPainIndexCard = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntityPainIndexCard',
    component: {
      sync: PainIndexSummaryCard,
    },
  }),
);

/**
 * Card for Group pages: the pain over the group's whole tree, where it hurts
 * most, and a link to the Customer Impact page for the group.
 *
 * @public
 */
export const EntityGroupCustomerImpactCard = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupCustomerImpactCard',
    component: {
      lazy: () =>
        import('./components/platform').then(m => m.GroupCustomerImpactCard),
    },
  }),
);

/**
 * Card with the recorded changes of the entity and their relief per
 * consuming team ("Checkout team: 3.0 → 0.3 tickets a week"), per SLO and per
 * journey step; records a new change.
 *
 * @public
 */
export const EntityChangesCard = customerImpactPlugin.provide(
  createComponentExtension({
    name: 'EntityChangesCard',
    component: {
      lazy: () => import('./components/changes').then(m => m.EntityChangesCard),
    },
  }),
);
