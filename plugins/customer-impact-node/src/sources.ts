/**
 * The OpenSLO `DataSource` an SLI query runs against.
 *
 * @public
 */
export interface SliDataSource {
  /** `metadata.name` of the OpenSLO DataSource. */
  name: string;
  /** `spec.type`, e.g. `prometheus`; decides which source handles the query. */
  type: string;
  /** `spec.connectionDetails`, as written in the definition. */
  connectionDetails: Record<string, unknown>;
}

/**
 * One request for SLI counts: a ratio metric's queries over a time range, in
 * buckets of a fixed length.
 *
 * @public
 */
export interface SliCountsRequest {
  /** `<entity ref>/<SLO name>`, for logs and errors. */
  sloKey: string;
  dataSource: SliDataSource;
  /** The ratio metric's query for good events, or for bad events (one of the two). */
  goodQuery?: string;
  badQuery?: string;
  totalQuery: string;
  /** Inclusive start of the first bucket. */
  start: Date;
  /** Exclusive end of the last bucket. */
  end: Date;
  bucketSeconds: number;
}

/**
 * Raw event counts of one time bucket. Counts, never ratios, so that every
 * window can be recomputed.
 *
 * @public
 */
export interface SliBucketCounts {
  start: Date;
  durationSeconds: number;
  good: number;
  total: number;
}

/**
 * A source of SLI data that the backend pulls on a schedule, such as
 * Prometheus. Added by a backend module through
 * {@link customerImpactSourcesExtensionPoint}.
 *
 * @public
 */
export interface SliSource {
  /** The OpenSLO DataSource `spec.type` this source serves, e.g. `prometheus`. */
  readonly type: string;
  fetchCounts(request: SliCountsRequest): Promise<SliBucketCounts[]>;
}
