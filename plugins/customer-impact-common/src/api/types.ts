import { DeprecationFacet } from '../deprecation';

/**
 * The customer-impact summary of one catalog entity: one key per facet.
 * A facet that is not set up for the entity says so rather than disappearing.
 *
 * @public
 */
export interface EntityCustomerImpactSummary {
  /** The entity's ref, `kind:namespace/name`, lower case. */
  entityRef: string;
  /** When the backend computed this summary (ISO 8601, UTC). */
  generatedAt: string;
  deprecation: DeprecationFacet;
}
