export { DeprecationBanner } from './DeprecationBanner';
export { DeprecationCard } from './DeprecationCard';
export { isDeprecationBannerRelevant } from './isDeprecationBannerRelevant';
