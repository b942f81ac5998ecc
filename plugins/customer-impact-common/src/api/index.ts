export * from './types';
export {
  CUSTOMER_IMPACT_PLUGIN_ID,
  CustomerImpactClient,
} from './CustomerImpactClient';
export type {
  CustomerImpactApi,
  CustomerImpactRequestOptions,
} from './CustomerImpactClient';
