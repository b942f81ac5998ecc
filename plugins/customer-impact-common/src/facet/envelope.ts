/**
 * The envelope every facet of the entity summary shares: one status
 * vocabulary, a structured "how to set this up" and when the data last
 * changed. Facet-specific states (an SLO's page/ticket, a journey's view)
 * live inside the facet, never in `status`.
 */

/**
 * The statuses a facet of the summary can have, in one vocabulary:
 *
 * - `not-configured`: the facet is not set up for this entity; `howTo` says how.
 * - `no-data`: set up, but nothing was measured in the facet's window. No figure
 *   is shown, never a 0 or 100 % that was not measured; `reason` says why.
 * - `ok`: the figures.
 * - `error`: the facet could not be computed; `reason` says why. The other
 *   facets of the summary are still served.
 * - `pending`: set up, and the first read or pull has not finished yet.
 * - `stale`: figures are shown, but from data older than the facet expects;
 *   `reason` says why.
 *
 * @public
 */
export const FACET_STATUSES = [
  'not-configured',
  'no-data',
  'ok',
  'error',
  'pending',
  'stale',
] as const;

/**
 * One word of {@link FACET_STATUSES}.
 *
 * @public
 */
export type FacetStatus = (typeof FACET_STATUSES)[number];

/**
 * A piece of text to copy into a file: an annotation, a YAML entity, a JSON body.
 *
 * @public
 */
export interface FacetHowToSnippet {
  /** What the snippet is, e.g. "catalog-info.yaml" or "slos/checkout.yaml". */
  label: string;
  language: 'yaml' | 'json' | 'shell';
  code: string;
}

/**
 * How to turn a facet on for an entity, for a person to read: a sentence,
 * the annotation (when one turns it on), snippets to copy and a docs link.
 *
 * @public
 */
export interface FacetHowTo {
  /** One or two sentences: what to do. */
  text: string;
  /** The annotation that turns the facet on, when there is one. */
  annotation?: string;
  /** Snippets to copy, in the order a person applies them. */
  snippets: FacetHowToSnippet[];
  /** Where the facet is documented. */
  docsUrl: string;
}

/**
 * The fields every facet of the summary has.
 *
 * @public
 */
export interface FacetEnvelope {
  status: FacetStatus;
  /** Present whenever `status` is `not-configured`. */
  howTo?: FacetHowTo;
  /** Why there is no data, why it failed, why it is stale. */
  reason?: string;
  /** When the facet's data for this entity last changed (ISO 8601, UTC); null when never. */
  lastUpdatedAt: string | null;
}

/**
 * A facet that is not set up for the entity.
 *
 * @public
 */
export interface FacetNotConfigured extends Omit<FacetEnvelope, 'reason'> {
  status: 'not-configured';
  howTo: FacetHowTo;
  lastUpdatedAt: null;
}

/**
 * A facet that failed for this request; the rest of the summary is served.
 *
 * @public
 */
export interface FacetFailure extends FacetEnvelope {
  status: 'error';
  reason: string;
}

/**
 * Where this project's documentation lives: the README of the repository.
 *
 * @public
 */
export const CUSTOMER_IMPACT_DOCS_URL =
  'https://github.com/customer-impact/backstage-plugins#readme';

/**
 * The docs link of one README section, e.g. `slos`.
 *
 * @public
 */
export function facetDocsUrl(section: string): string {
  return `${CUSTOMER_IMPACT_DOCS_URL.replace(/#.*$/, '')}#${section}`;
}

/**
 * The answer of a facet that threw: `status: 'error'` with the reason.
 *
 * @public
 */
export function facetFailure(
  error: unknown,
  lastUpdatedAt: string | null = null,
): FacetFailure {
  let reason = 'unknown error';
  if (error instanceof Error) {
    reason = error.message;
  } else if (typeof error === 'string') {
    reason = error;
  }
  return { status: 'error', reason, lastUpdatedAt };
}

/**
 * True when a facet answer is not set up for the entity (type guard).
 *
 * @public
 */
export function isFacetNotConfigured(
  facet: FacetEnvelope,
): facet is FacetNotConfigured {
  return facet.status === 'not-configured';
}
