import { FacetQuantity } from '../facet/contribution';

/**
 * One term of an entity's pain index: a weight times a quantity a facet
 * measured over the window, e.g. 5 × 6.7 pages a week = 33.5 points.
 *
 * @public
 */
export interface PainTerm {
  /** The facet's summary key, e.g. `supportLoad`; the card links to it. */
  facet: string;
  /** The quantity's id within the facet, e.g. `pages-per-week`. */
  id: string;
  /** For a person to read, e.g. "pages a week". */
  label: string;
  /** The measured quantity. */
  quantity: number;
  unit: FacetQuantity['unit'];
  /** The weight from `customerImpact.painIndex.weights` (or its default). */
  weight: number;
  /** weight × quantity. */
  points: number;
  /** Where a person reads more, e.g. a journey step `journey:default/x#step`. */
  detail?: string;
}

/**
 * The pain index of one entity: the sum of its terms' points over a window.
 * `value` is null when no facet measured anything: nothing measured is not
 * a 0 that looks measured.
 *
 * @public
 */
export interface PainIndex {
  /** Σ points of `terms`; null when no facet had data. */
  value: number | null;
  /** The window the quantities cover (ISO 8601, UTC). */
  window: { from: string; to: string };
  /** Highest points first. Terms of 0 points are measured zeros, kept. */
  terms: PainTerm[];
  /** Facets with nothing measured (not set up, no data, or failed). */
  noData: string[];
}

/**
 * Weights of the pain index, per facet and quantity id:
 * `{ supportLoad: { 'pages-per-week': 5 } }`.
 *
 * @public
 */
export type PainWeights = Record<string, Record<string, number>>;
