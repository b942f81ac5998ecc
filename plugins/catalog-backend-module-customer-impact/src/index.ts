/**
 * Catalog module of the Customer Impact suite: validates `customer-impact/*`
 * annotations and reports bad values as catalog processing errors, and adds
 * the `Journey` kind with its relations.
 *
 * @packageDocumentation
 */

export { catalogModuleCustomerImpact as default } from './module';
export { CustomerImpactAnnotationProcessor } from './CustomerImpactAnnotationProcessor';
export { JourneyEntitiesProcessor } from './journey';
