/**
 * How a ratio-metric query becomes a per-bucket count query.
 *
 * - A bare series selector (a counter, e.g. `http_requests_total{code!~"5.."}`)
 *   is wrapped: `sum(increase(<selector>[<bucket>s]))`.
 * - Any other query is sent as written, after `{{.window}}` (Sloth's
 *   placeholder, spaces allowed) is replaced with the bucket length, e.g.
 *   `300s`. Such a query must return, at each evaluation time t, the number
 *   of events in the bucket that ends at t, e.g.
 *   `sum(increase(http_requests_total{code=~"5.."}[{{.window}}]))`.
 *   Several series are summed.
 */

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
// Label matchers: anything but braces, or quoted strings (which may hold braces).
const MATCHERS = '\\{(?:[^{}"]|"(?:[^"\\\\]|\\\\.)*")*\\}';
const BARE_SELECTOR = new RegExp(
  `^\\s*(?:${METRIC_NAME}\\s*(?:${MATCHERS})?|${MATCHERS})\\s*$`,
);
const WINDOW_PLACEHOLDER = /\{\{\s*\.window\s*\}\}/g;

/**
 * True when the query is a single series selector, which we treat as a counter.
 *
 * @public
 */
export function isBareSelector(query: string): boolean {
  return BARE_SELECTOR.test(query);
}

/**
 * The PromQL that returns the events of the bucket ending at each evaluation time.
 *
 * @public
 */
export function bucketCountQuery(query: string, bucketSeconds: number): string {
  const window = `${bucketSeconds}s`;
  if (isBareSelector(query)) {
    return `sum(increase(${query.trim()}[${window}]))`;
  }
  return query.replace(WINDOW_PLACEHOLDER, window);
}

/**
 * The PromQL of a threshold metric for the bucket ending at each evaluation
 * time: the query as written, with `{{.window}}` replaced by the bucket
 * length (never wrapped: a gauge such as `p99_latency_seconds` is read as it
 * is).
 */
export function bucketValueQuery(query: string, bucketSeconds: number): string {
  return query.replace(WINDOW_PLACEHOLDER, `${bucketSeconds}s`);
}
