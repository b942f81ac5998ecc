/**
 * Search module of the Customer Impact suite: a collator that makes catalog
 * entities findable by their customer impact.
 *
 * @packageDocumentation
 */

export { searchModuleCustomerImpactCollator as default } from './module';
export { CustomerImpactCollatorFactory } from './CustomerImpactCollatorFactory';
export type { CustomerImpactCollatorOptions } from './config';
export {
  CUSTOMER_IMPACT_DOCUMENT_TYPE,
  customerImpactDocument,
} from './document';
export type {
  CustomerImpactDocument,
  CustomerImpactSignal,
  DocumentThresholds,
} from './document';
