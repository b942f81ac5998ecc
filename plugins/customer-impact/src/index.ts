/**
 * Entity banners, cards and pages of the Customer Impact plugin suite.
 * Legacy frontend system exports; the new frontend system plugin is the
 * default export of `./alpha`.
 *
 * @packageDocumentation
 */

export {
  customerImpactPlugin,
  EntityDeprecationBanner,
  EntityDeprecationCard,
  EntityJourneyMapContent,
  EntityJourneysCard,
  GoldenPathsPage,
  goldenPathsRouteRef,
  EntitySupportLoadCard,
  EntitySupportEventsContent,
  EntityInternalCustomersCard,
  EntitySloCard,
  EntitySloContent,
  CustomerImpactPage,
  EntityPainIndexCard,
  EntityGroupCustomerImpactCard,
  EntityChangesCard,
} from './plugin';
export { customerImpactPageRouteRef } from './routes';
export { customerImpactApiRef } from './api';
export { isDeprecationBannerRelevant } from './components/deprecation/isDeprecationBannerRelevant';
export { isJourneyStepEntity } from './components/journeys/isJourneyStepEntity';
