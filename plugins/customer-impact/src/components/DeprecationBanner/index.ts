export { DeprecationBanner, isDeprecationBannerRelevant } from './DeprecationBanner';
