/**
 * One measured quantity a facet contributes to cross-facet views (the pain
 * index, group rollups): for example "6.7 pages a week" or "30 stuck reports
 * at 'Request a database'".
 *
 * @public
 */
export interface FacetQuantity {
  /** Stable id within the facet, e.g. `pages-per-week`; config keys name it. */
  id: string;
  /** For a person to read, e.g. "pages a week". */
  label: string;
  /** The measured value; never a placeholder for "not measured". */
  quantity: number;
  /**
   * The unit: `per-week`, `count`, `days`, `fraction` (0.35 = 35 %) or
   * `times` (a multiple: 2 = twice).
   */
  unit: 'per-week' | 'count' | 'days' | 'fraction' | 'times';
  /** Where a person reads more, e.g. the journey step's ref. */
  detail?: string;
}

/**
 * What one facet measured of one entity over a window, for cross-facet
 * views. `no-data` and `not-configured` carry no quantity: nothing was
 * measured, which is not a measured 0.
 *
 * @public
 */
export interface FacetContribution {
  /** The facet's summary key, e.g. `supportLoad`. */
  facet: string;
  status: 'ok' | 'no-data' | 'not-configured' | 'error';
  /** Empty unless `ok`. */
  quantities: FacetQuantity[];
  /** The window the quantities cover (ISO 8601, UTC). */
  window: { from: string; to: string };
  /** Why there is nothing (no data, error). */
  reason?: string;
  /**
   * The same quantities per consuming team, where the facet knows who its
   * customers are (support events name the team that raised them). The
   * group rollups rank the teams with them.
   */
  consumers?: FacetConsumerContribution[];
}

/**
 * What one consuming team experienced of one entity over the window.
 *
 * @public
 */
export interface FacetConsumerContribution {
  /** The team's ref, lower case, or `unknown` when the source did not say. */
  consumerRef: string;
  /** Quantities with the same ids as the entity's own. */
  quantities: FacetQuantity[];
  /** The team's top categories on this entity, most events first. */
  categories: Array<{ category: string; count: number }>;
}
