export { useCustomerImpactSummary } from './useCustomerImpactSummary';
export {
  SUMMARY_TTL_MS,
  invalidateEntitySummary,
  type SummarySnapshot,
} from './summaryCache';
export { WithSummary, FacetFailurePanel, isFacetFailure } from './WithSummary';
