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
  /**
   * True when the SLO names no DataSource object (a metric source with only
   * a `type`, or a Sloth SLO): `name` is then the type and
   * `connectionDetails` is empty, and the source uses its default.
   */
  implicit?: boolean;
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
 * One request for the values of a threshold metric (OpenSLO
 * `thresholdMetric`, e.g. a p99 latency) over a time range, one per bucket.
 *
 * @public
 */
export interface SliValuesRequest {
  /** `<entity ref>/<SLO name>`, for logs and errors. */
  sloKey: string;
  dataSource: SliDataSource;
  /** The metric's query. */
  query: string;
  /** Inclusive start of the first bucket. */
  start: Date;
  /** Exclusive end of the last bucket. */
  end: Date;
  bucketSeconds: number;
}

/**
 * The value of a threshold metric over one bucket: the lowest and the
 * highest value measured (equal when there is one).
 *
 * @public
 */
export interface SliBucketValue {
  start: Date;
  durationSeconds: number;
  min: number;
  max: number;
}

/**
 * Whether a source may query a DataSource, decided without any request:
 * `ok` with what it will query (e.g. `Prometheus server "main"`), or why not,
 * with the DataSource field at fault when there is one.
 *
 * @public
 */
export type SliDataSourceCheck =
  | { ok: true; description: string }
  | { ok: false; field: string | null; message: string };

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
  /**
   * Decides, without any request, whether this source may query the
   * DataSource (e.g. whether it names a server the operator configured).
   * When it may not, the backend shows the message as a problem of the SLO
   * and never calls `fetchCounts` for it. Without this method every
   * DataSource of the type is queried.
   */
  checkDataSource?(dataSource: SliDataSource): SliDataSourceCheck;
  fetchCounts(request: SliCountsRequest): Promise<SliBucketCounts[]>;
  /**
   * The values of a threshold metric, one per bucket (no value = no data).
   * Without this method threshold SLOs of the type are not pulled (their
   * values can be pushed).
   */
  fetchValues?(request: SliValuesRequest): Promise<SliBucketValue[]>;
}
