import { LoggerService } from '@backstage/backend-plugin-api';
import {
  SliBucketCounts,
  SliBucketValue,
  SliCountsRequest,
  SliDataSource,
  SliDataSourceCheck,
  SliSource,
  SliValuesRequest,
} from '@customer-impact/plugin-customer-impact-node';
import { bucketCountQuery, bucketValueQuery } from './query';
import {
  PrometheusServer,
  checkPrometheusDataSource,
  resolvePrometheusServer,
} from './servers';

/**
 * Prometheus rejects a range query that would return more points per series.
 *
 * @public
 */
export const PROMETHEUS_MAX_POINTS_PER_SERIES = 11_000;

/**
 * Options of {@link PrometheusSliSource}.
 *
 * @public
 */
export interface PrometheusSliSourceOptions {
  /**
   * The servers the operator configured (`customerImpact.prometheus.servers`):
   * the only ones ever requested. Default none (nothing is queried).
   */
  servers?: readonly PrometheusServer[];
  logger?: LoggerService;
  /** Per HTTP request; default 30 s. */
  requestTimeoutMs?: number;
  /** Evaluation points per `query_range` request; default 10,000 (Prometheus allows 11,000). */
  maxPointsPerRequest?: number;
  /** For tests; default the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * A failed Prometheus query: the message names the SLO, which query (good,
 * bad or total), the query text, the HTTP status and Prometheus' own error.
 *
 * @public
 */
export class PrometheusQueryError extends Error {
  readonly name = 'PrometheusQueryError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly errorType: string | null,
  ) {
    super(message);
  }
}

type QueryRole = 'good' | 'bad' | 'total';

interface MatrixSeries {
  metric?: Record<string, string>;
  values?: Array<[number, string]>;
}

interface QueryRangeResponse {
  status?: string;
  data?: { resultType?: string; result?: MatrixSeries[] };
  errorType?: string;
  error?: string;
  warnings?: string[];
}

/**
 * Refused before any request: the DataSource names no configured server.
 *
 * @public
 */
export class PrometheusServerNotConfiguredError extends Error {
  readonly name = 'PrometheusServerNotConfiguredError';
}

/**
 * Pulls the raw event counts of OpenSLO `ratioMetric` SLIs from Prometheus
 * with `GET /api/v1/query_range` (DataSource `spec.type: Prometheus`). Only
 * servers the operator configured are requested: a DataSource names one
 * (`connectionDetails.server`), or its `connectionDetails.url` must be the
 * URL of one; SLOs without a DataSource use the default server (see
 * `resolvePrometheusServer`). Each server's headers (or bearer token) are
 * sent with its requests.
 *
 * A bucket `[s, s + b)` is the value at evaluation time `s + b` of the count
 * query (see `bucketCountQuery`: bare counter selectors are wrapped in
 * `sum(increase(…[<b>s]))`, other queries get `{{.window}}` replaced by `<b>s`),
 * with `step = b`. The series of a result are summed. A bucket exists only
 * where the total query has a finite value (no value = no data, never 0);
 * where the good or bad query has no value it counts 0 events. NaN and ±Inf
 * values are dropped and logged. `good` is kept within `[0, total]`
 * (`increase()` extrapolates, so good can exceed total by a fraction).
 * Ranges longer than `maxPointsPerRequest` buckets are fetched in chunks.
 *
 * @public
 */
export class PrometheusSliSource implements SliSource {
  readonly type = 'prometheus';
  private readonly servers: readonly PrometheusServer[];
  private readonly logger?: LoggerService;
  private readonly timeoutMs: number;
  private readonly maxPoints: number;
  private readonly fetchFn: typeof fetch;

  constructor(options: PrometheusSliSourceOptions = {}) {
    this.servers = options.servers ?? [];
    this.logger = options.logger;
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxPoints = Math.max(1, options.maxPointsPerRequest ?? 10_000);
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Whether the DataSource names a configured server; no request is made. */
  checkDataSource(dataSource: SliDataSource): SliDataSourceCheck {
    return checkPrometheusDataSource(this.servers, dataSource);
  }

  async fetchCounts(request: SliCountsRequest): Promise<SliBucketCounts[]> {
    const { sloKey, bucketSeconds } = request;
    if (!Number.isInteger(bucketSeconds) || bucketSeconds <= 0) {
      throw new Error(
        `SLO ${sloKey}: bucketSeconds must be a positive integer, got ${bucketSeconds}`,
      );
    }
    if (!request.goodQuery === !request.badQuery) {
      throw new Error(
        `SLO ${sloKey}: exactly one of the good and bad queries must be given`,
      );
    }
    const server = this.serverOf(request);
    const baseUrl = new URL(`${server.baseUrl}/`);
    const bucketMs = bucketSeconds * 1000;
    const startMs = request.start.getTime();
    const buckets = Math.floor((request.end.getTime() - startMs) / bucketMs);
    if (buckets <= 0) {
      return [];
    }

    const queries: Array<{ role: QueryRole; query: string }> = [
      { role: 'total', query: request.totalQuery },
      request.goodQuery
        ? { role: 'good', query: request.goodQuery }
        : { role: 'bad', query: request.badQuery! },
    ];

    const totals = new Map<number, number>();
    const parts = new Map<number, number>();
    let dropped = 0;
    for (let first = 0; first < buckets; first += this.maxPoints) {
      const last = Math.min(buckets, first + this.maxPoints) - 1;
      // Evaluation time of bucket i is its end: start + (i + 1) · bucket.
      const evalStart = (startMs + (first + 1) * bucketMs) / 1000;
      const evalEnd = (startMs + (last + 1) * bucketMs) / 1000;
      const [total, part] = await Promise.all(
        queries.map(q =>
          this.queryRange(baseUrl, server.headers, sloKey, q.role, q.query, {
            start: evalStart,
            end: evalEnd,
            step: bucketSeconds,
          }),
        ),
      );
      dropped += total.dropped + part.dropped;
      for (const [t, v] of total.sums) totals.set(t, v);
      for (const [t, v] of part.sums) parts.set(t, v);
    }
    if (dropped > 0) {
      this.logger?.warn(
        `SLO ${sloKey}: ignored ${dropped} NaN, infinite or negative values returned by Prometheus`,
      );
    }

    const result: SliBucketCounts[] = [];
    const goodGiven = Boolean(request.goodQuery);
    for (const [evalMs, total] of [...totals].sort((a, b) => a[0] - b[0])) {
      const part = parts.get(evalMs) ?? 0;
      const good = goodGiven ? part : total - part;
      result.push({
        start: new Date(evalMs - bucketMs),
        durationSeconds: bucketSeconds,
        good: Math.min(total, Math.max(0, good)),
        total,
      });
    }
    return result;
  }

  private serverOf(
    request: SliCountsRequest | SliValuesRequest,
  ): PrometheusServer {
    const resolved = resolvePrometheusServer(this.servers, request.dataSource);
    if (!resolved.ok) {
      throw new PrometheusServerNotConfiguredError(
        `SLO ${request.sloKey}: ${resolved.message}`,
      );
    }
    return resolved.server;
  }

  /** Runs one query_range request; returns the per-time sums of its series. */
  private async queryRange(
    baseUrl: URL,
    headers: Record<string, string>,
    sloKey: string,
    role: QueryRole,
    userQuery: string,
    range: { start: number; end: number; step: number },
  ): Promise<{ sums: Map<number, number>; dropped: number }> {
    const { values, dropped } = await this.queryValues(
      baseUrl,
      headers,
      sloKey,
      role,
      bucketCountQuery(userQuery, range.step),
      userQuery,
      range,
      value => value >= 0,
    );
    const sums = new Map<number, number>();
    for (const [ms, list] of values) {
      sums.set(
        ms,
        list.reduce((sum, v) => sum + v, 0),
      );
    }
    return { sums, dropped };
  }

  /**
   * Runs one query_range request; returns the finite values of its series
   * at each evaluation time (epoch ms), and how many values were dropped
   * (NaN, ±Inf, or refused by `valid`).
   */
  private async queryValues(
    baseUrl: URL,
    headers: Record<string, string>,
    sloKey: string,
    role: QueryRole | 'value',
    query: string,
    userQuery: string,
    range: { start: number; end: number; step: number },
    valid: (value: number) => boolean,
  ): Promise<{ values: Map<number, number[]>; dropped: number }> {
    const url = new URL('api/v1/query_range', baseUrl);
    url.searchParams.set('query', query);
    url.searchParams.set('start', String(range.start));
    url.searchParams.set('end', String(range.end));
    url.searchParams.set('step', String(range.step));
    const describe = `SLO ${sloKey}, ${role} query "${query}"${
      query === userQuery.trim() ? '' : ` (from "${userQuery}")`
    }`;

    let response: Response;
    try {
      response = await this.fetchFn(url, {
        headers: { ...headers, accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PrometheusQueryError(
        `Prometheus at ${
          baseUrl.origin
        } could not be reached for ${describe}: ${(error as Error).message}`,
        null,
        null,
      );
    }
    const text = await response.text();
    let body: QueryRangeResponse | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.ok && body === undefined) {
      // A proxy's or load balancer's page, a truncated body: not Prometheus.
      throw new PrometheusQueryError(
        `Prometheus at ${baseUrl.origin} answered ${describe} with HTTP ${
          response.status
        } and a body that is not a Prometheus API response (not JSON): ${text.slice(
          0,
          200,
        )}`,
        response.status,
        null,
      );
    }
    if (!response.ok || body?.status !== 'success') {
      const reason = body?.error
        ? `${body.errorType ?? 'error'}: ${body.error}`
        : text.slice(0, 200) || response.statusText;
      throw new PrometheusQueryError(
        `Prometheus rejected ${describe} with HTTP ${response.status}: ${reason}`,
        response.status,
        body?.errorType ?? null,
      );
    }
    for (const warning of body.warnings ?? []) {
      this.logger?.warn(`Prometheus warning for ${describe}: ${warning}`);
    }
    if (
      body.data?.resultType !== 'matrix' ||
      !Array.isArray(body.data.result)
    ) {
      throw new PrometheusQueryError(
        `Prometheus returned "${body.data?.resultType}" instead of a matrix for ${describe}`,
        response.status,
        null,
      );
    }

    const values = new Map<number, number[]>();
    let dropped = 0;
    for (const series of body.data.result) {
      for (const [time, raw] of series.values ?? []) {
        const value = Number(raw);
        if (!Number.isFinite(value) || !valid(value)) {
          dropped += 1;
          continue;
        }
        const ms = Math.round(Number(time) * 1000);
        const list = values.get(ms) ?? [];
        list.push(value);
        values.set(ms, list);
      }
    }
    return { values, dropped };
  }

  /**
   * The values of a threshold metric (OpenSLO `thresholdMetric`), one per
   * bucket: the query is sent as written, with `{{.window}}` replaced by the
   * bucket length (e.g. `max_over_time(p99_seconds[{{.window}}])`), and
   * evaluated at each bucket's end with `step` = bucket. A bucket keeps the
   * lowest and highest value of the result's series; no value is no data.
   * NaN and ±Inf are dropped and logged.
   */
  async fetchValues(request: SliValuesRequest): Promise<SliBucketValue[]> {
    const { sloKey, bucketSeconds } = request;
    if (!Number.isInteger(bucketSeconds) || bucketSeconds <= 0) {
      throw new Error(
        `SLO ${sloKey}: bucketSeconds must be a positive integer, got ${bucketSeconds}`,
      );
    }
    const server = this.serverOf(request);
    const baseUrl = new URL(`${server.baseUrl}/`);
    const bucketMs = bucketSeconds * 1000;
    const startMs = request.start.getTime();
    const buckets = Math.floor((request.end.getTime() - startMs) / bucketMs);
    const out: SliBucketValue[] = [];
    let dropped = 0;
    for (let first = 0; first < buckets; first += this.maxPoints) {
      const last = Math.min(buckets, first + this.maxPoints) - 1;
      const { values, dropped: lost } = await this.queryValues(
        baseUrl,
        server.headers,
        sloKey,
        'value',
        bucketValueQuery(request.query, bucketSeconds),
        request.query,
        {
          start: (startMs + (first + 1) * bucketMs) / 1000,
          end: (startMs + (last + 1) * bucketMs) / 1000,
          step: bucketSeconds,
        },
        () => true,
      );
      dropped += lost;
      for (const [evalMs, list] of [...values].sort((a, b) => a[0] - b[0])) {
        out.push({
          start: new Date(evalMs - bucketMs),
          durationSeconds: bucketSeconds,
          min: Math.min(...list),
          max: Math.max(...list),
        });
      }
    }
    if (dropped > 0) {
      this.logger?.warn(
        `SLO ${sloKey}: ignored ${dropped} NaN or infinite values returned by Prometheus`,
      );
    }
    return out;
  }
}
