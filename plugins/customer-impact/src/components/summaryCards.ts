import { withSummaryPrefetch } from './summary/prefetch';

/*
 * The cards that show a part of the entity's summary, each loaded lazily
 * and asking for the summary as soon as it is placed (see
 * `withSummaryPrefetch`): both frontend systems mount these, so that the
 * summary request of an entity page starts before the cards' code has
 * arrived.
 */

export const DeprecationBannerCard = withSummaryPrefetch(() =>
  import('./deprecation').then(m => m.DeprecationBanner),
);
export const DeprecationSummaryCard = withSummaryPrefetch(() =>
  import('./deprecation').then(m => m.DeprecationCard),
);
export const SloSummaryCard = withSummaryPrefetch(() =>
  import('./slo').then(m => m.SloCard),
);
export const SupportLoadSummaryCard = withSummaryPrefetch(() =>
  import('./support').then(m => m.SupportLoadCard),
);
export const JourneysSummaryCard = withSummaryPrefetch(() =>
  import('./journeys').then(m => m.JourneysCard),
);
export const PainIndexSummaryCard = withSummaryPrefetch(() =>
  import('./platform').then(m => m.PainIndexCard),
);
