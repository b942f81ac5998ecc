import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { readDeprecationAnnotations } from '@customer-impact/plugin-customer-impact-common';
import { CustomerImpactClient } from '@customer-impact/plugin-customer-impact-common';
import { customerImpactApiRef } from './api';
import { isJourneyStepEntity } from './components/journeys/isJourneyStepEntity';
import MapIcon from '@material-ui/icons/Map';
import InsightsIcon from '@material-ui/icons/TrendingDown';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { customerImpactPageRouteRef } from './routes';
import { isDeprecationBannerRelevant } from './components/deprecation/isDeprecationBannerRelevant';
import {
  DeprecationBannerCard,
  DeprecationSummaryCard,
  JourneysSummaryCard,
  PainIndexSummaryCard,
  SloSummaryCard,
  SupportLoadSummaryCard,
} from './components/summaryCards';

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
    loader: async () => <DeprecationBannerCard />,
  },
});

/** Dependents, owners and burndown, on deprecated entities. */
const deprecationCard = EntityCardBlueprint.make({
  name: 'deprecation',
  params: {
    type: 'content',
    filter: entity => readDeprecationAnnotations(entity).deprecated,
    loader: async () => <DeprecationSummaryCard />,
  },
});

/** Kinds that can have SLOs: the card and tab show on them (with an empty state). */
const SLO_KINDS = 'kind:component,api,resource,system';

/** Each SLO: SLI vs target, budget, state, burn rates; or how to add SLOs. */
const sloCard = EntityCardBlueprint.make({
  name: 'slos',
  params: {
    filter: SLO_KINDS,
    loader: async () => <SloSummaryCard />,
  },
});

/** The SLO tab: burndown, burn-rate table, definition source and problems. */
const sloContent = EntityContentBlueprint.make({
  name: 'slos',
  params: {
    path: 'slos',
    title: 'SLOs',
    filter: SLO_KINDS,
    loader: () => import('./components/slo').then(m => <m.SloContent />),
  },
});

/** Support load: this week vs the 12-week median, shifts, long tail. */
const supportLoadCard = EntityCardBlueprint.make({
  name: 'support-load',
  params: {
    filter: 'kind:component,api,resource,system',
    loader: async () => <SupportLoadSummaryCard />,
  },
});

/** The entity's recent support events, as a tab. */
const supportEventsContent = EntityContentBlueprint.make({
  name: 'support',
  params: {
    path: 'support',
    title: 'Support',
    filter: 'kind:component,api,resource,system',
    loader: () =>
      import('./components/support').then(m => <m.SupportEventsContent />),
  },
});

/** On Group pages: the consuming teams hurting most. */
const internalCustomersCard = EntityCardBlueprint.make({
  name: 'internal-customers',
  params: {
    filter: 'kind:group',
    loader: () =>
      import('./components/support').then(m => <m.InternalCustomersCard />),
  },
});

/** Recorded changes of the entity and their relief per consuming team. */
const changesCard = EntityCardBlueprint.make({
  name: 'changes',
  params: {
    filter: 'kind:component,api,resource,system',
    loader: () =>
      import('./components/changes').then(m => <m.EntityChangesCard />),
  },
});

/** The journey map, as a tab of Journey entities. */
const journeyMapContent = EntityContentBlueprint.make({
  name: 'journey-map',
  params: {
    path: 'journey',
    title: 'Journey map',
    filter: 'kind:journey',
    loader: () => import('./components/journeys').then(m => <m.JourneyMap />),
  },
});

/** "Journeys that pass through here", on entities a journey step goes through. */
const journeysCard = EntityCardBlueprint.make({
  name: 'journeys',
  params: {
    filter: isJourneyStepEntity,
    loader: async () => <JourneysSummaryCard />,
  },
});

/** Route of the Golden Paths page. */
const goldenPathsRouteRef = createRouteRef();

/** The Golden Paths page at /golden-paths, with its item in the sidebar. */
const goldenPathsPage = PageBlueprint.make({
  name: 'golden-paths',
  params: {
    path: '/golden-paths',
    title: 'Golden paths',
    icon: <MapIcon />,
    routeRef: goldenPathsRouteRef,
    loader: () =>
      import('./components/journeys').then(m => <m.GoldenPathsPage />),
  },
});

/** The Customer Impact page at /customer-impact, with its item in the sidebar. */
const customerImpactPage = PageBlueprint.make({
  name: 'customer-impact',
  params: {
    path: '/customer-impact',
    title: 'Customer Impact',
    icon: <InsightsIcon />,
    routeRef: convertLegacyRouteRef(customerImpactPageRouteRef),
    loader: () =>
      import('./components/platform').then(m => <m.CustomerImpactPage />),
  },
});

/** The entity's pain index, explained term by term. */
const painIndexCard = EntityCardBlueprint.make({
  name: 'pain-index',
  params: {
    filter: 'kind:component,api,resource,system',
    loader: async () => <PainIndexSummaryCard />,
  },
});

/** On Group pages: the pain over the group's tree, and a link to the page. */
const groupCustomerImpactCard = EntityCardBlueprint.make({
  name: 'group-customer-impact',
  params: {
    filter: 'kind:group',
    loader: () =>
      import('./components/platform').then(m => <m.GroupCustomerImpactCard />),
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
  extensions: [
    customerImpactApi,
    deprecationBannerCard,
    deprecationCard,
    journeyMapContent,
    journeysCard,
    goldenPathsPage,
    sloCard,
    sloContent,
    supportLoadCard,
    supportEventsContent,
    internalCustomersCard,
    customerImpactPage,
    painIndexCard,
    groupCustomerImpactCard,
    changesCard,
  ],
});

export { customerImpactApiRef } from './api';
