import { DeprecationFacet } from '../deprecation';
import { SupportLoadFacet } from '../support/api';
import { SloFacet } from '../slo/api';
import { JourneysFacet } from '../journey/api';
import { PainIndex } from '../pain/types';

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
  /** Tickets, pages, escalations and manual exceptions; see {@link SupportLoadFacet}. */
  supportLoad: SupportLoadFacet;
  /** Service level objectives from the `customer-impact/openslo` annotation. */
  slos: SloFacet;
  /** Journeys through the entity (or a Journey's own figures); see {@link JourneysFacet}. */
  journeys: JourneysFacet;
  /**
   * The facets' measured quantities weighted into one number over a window
   * (`customerImpact.painIndex`), term by term; `value` null when nothing
   * was measured. See {@link PainIndex}.
   */
  painIndex: PainIndex;
}
