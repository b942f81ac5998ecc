import http from 'node:http';
import net from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { SliCountsRequest } from '@customer-impact/plugin-customer-impact-node';
import {
  PrometheusQueryError,
  PrometheusServerNotConfiguredError,
  PrometheusSliSource,
} from './PrometheusSliSource';
import { PrometheusServer } from './servers';
import {
  CounterSeries,
  RunningPrometheus,
  findPrometheus,
  startPrometheus,
} from './__testUtils__/prometheus';

/*
 * These tests run against a REAL Prometheus (Debian's `prometheus` package),
 * whose history is backfilled with `promtool tsdb create-blocks-from
 * openmetrics`. Every expected count below is derived by hand from the
 * generated counters.
 *
 * Why the expectations are exact although increase() extrapolates: samples
 * are 30 s apart and aligned to the bucket boundaries, and every counter
 * grows by the same amount at each sample of a bucket. Prometheus 2.x reads
 * the samples in [t − b, t] (both ends), so increase() is exactly
 * v(t) − v(t − b); Prometheus 3.x reads (t − b, t] and extrapolates the
 * missing 30 s at the same constant rate, which gives the same number.
 */

const binaries = findPrometheus();
const describeWithPrometheus = binaries ? describe : describe.skip;

const HOUR = 3600;
const nowSec = Math.floor(Date.now() / 1000);
const hourAligned = Math.floor(nowSec / HOUR) * HOUR;
/** Start of the short history (5-minute buckets): 5 h before the last full hour. */
const T0 = hourAligned - 5 * HOUR;
/** Start of the long history (1-minute buckets over 8 days). */
const L0 = hourAligned - 9 * 24 * HOUR;

/** A counter sampled every 30 s from `start`, growing by `increment(j)` at sample j ≥ 1. */
function counter(
  name: string,
  labels: Record<string, string>,
  start: number,
  samples: number,
  increment: (j: number) => number,
  resetAt?: number,
): CounterSeries {
  const values: CounterSeries['samples'] = [];
  let value = 0;
  for (let j = 0; j < samples; j++) {
    if (j > 0) {
      // A restarted process starts again at 0 and counts this sample's events.
      value = j === resetAt ? increment(j) : value + increment(j);
    }
    values.push({ time: start + 30 * j, value });
  }
  return { name, labels, samples: values };
}

/** Sample j ≥ 1 belongs to the 5-minute bucket k = ⌊(j − 1)/10⌋. */
const bucketOf = (j: number) => Math.floor((j - 1) / 10);
/** 3 h of samples: j = 0 … 360. */
const SHORT_SAMPLES = 361;
/** 8 days of samples: j = 0 … 23040 (11,520 minutes). */
const LONG_SAMPLES = 8 * 24 * 120 + 1;

const history: CounterSeries[] = [
  // instance a: 10 + k good events per sample of bucket k
  counter(
    'checkout_requests_total',
    { code: '200', instance: 'a' },
    T0,
    SHORT_SAMPLES,
    j => 10 + bucketOf(j),
  ),
  // instance b: 5 per sample; the process restarts at sample 205 (bucket 20)
  counter(
    'checkout_requests_total',
    { code: '200', instance: 'b' },
    T0,
    SHORT_SAMPLES,
    () => 5,
    205,
  ),
  // errors: 2 per sample in every fourth bucket (k = 0, 4, 8, …), else none
  counter(
    'checkout_requests_total',
    { code: '500', instance: 'a' },
    T0,
    SHORT_SAMPLES,
    j => (bucketOf(j) % 4 === 0 ? 2 : 0),
  ),
  // a gauge (a p99 latency): 0.1 + 0.05 · (k mod 4) seconds during bucket k
  // (0.10, 0.15, 0.20, 0.25, 0.10, …); the sample at a bucket's end is j = 10(k + 1),
  // whose bucket is k.
  {
    name: 'search_p99_seconds',
    labels: { instance: 'a' },
    type: 'gauge',
    samples: Array.from({ length: SHORT_SAMPLES }, (_, j) => ({
      time: T0 + 30 * j,
      value: j === 0 ? 0.1 : 0.1 + 0.05 * (bucketOf(j) % 4),
    })),
  },
  // the same gauge on a second instance, 0.05 s higher
  {
    name: 'search_p99_seconds',
    labels: { instance: 'b' },
    type: 'gauge',
    samples: Array.from({ length: SHORT_SAMPLES }, (_, j) => ({
      time: T0 + 30 * j,
      value: j === 0 ? 0.15 : 0.15 + 0.05 * (bucketOf(j) % 4),
    })),
  },
  // long history: in minute m = ⌊(j − 1)/2⌋, (m mod 3) + 1 events per sample
  counter(
    'batch_jobs_total',
    {},
    L0,
    LONG_SAMPLES,
    j => (Math.floor((j - 1) / 2) % 3) + 1,
  ),
];

/*
 * Expected 5-minute bucket k (10 samples each):
 *   good  = 10 · (10 + k) + 10 · 5 = 150 + 10k   (the reset loses nothing: increase() adds the new value)
 *   bad   = 10 · 2 = 20 when k mod 4 = 0, else 0
 *   total = good + bad
 * e.g. k = 0: 150 / 170, k = 1: 160 / 160, k = 20: 350 / 370, k = 35: 500 / 500.
 */
function expectedFiveMinute(k: number) {
  const good = 150 + 10 * k;
  const bad = k % 4 === 0 ? 20 : 0;
  return {
    start: new Date((T0 + 300 * k) * 1000),
    durationSeconds: 300,
    good,
    total: good + bad,
  };
}

describeWithPrometheus('PrometheusSliSource against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    prometheus = await startPrometheus(binaries!, history);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
  }, 30_000);

  beforeEach(() => jest.clearAllMocks());

  /** The operator's configuration: this test's Prometheus only. */
  const local = (): PrometheusServer[] => [
    { name: 'local', baseUrl: prometheus.url, isDefault: true, headers: {} },
  ];

  const request = (overrides: Partial<SliCountsRequest>): SliCountsRequest => ({
    sloKey: 'component:default/checkout/availability',
    dataSource: {
      name: 'prometheus',
      type: 'Prometheus',
      connectionDetails: { url: prometheus.url },
    },
    goodQuery: 'checkout_requests_total{code="200"}',
    totalQuery: 'checkout_requests_total',
    start: new Date(T0 * 1000),
    end: new Date((T0 + 3 * HOUR) * 1000),
    bucketSeconds: 300,
    ...overrides,
  });

  it('turns bare counter selectors into per-bucket counts, summing the series', async () => {
    const source = new PrometheusSliSource({ logger, servers: local() });
    const counts = await source.fetchCounts(request({}));
    expect(counts).toHaveLength(36);
    expect(counts[0]).toEqual({
      start: new Date(T0 * 1000),
      durationSeconds: 300,
      good: 150,
      total: 170,
    });
    expect(counts[1]).toMatchObject({ good: 160, total: 160 });
    expect(counts[20]).toMatchObject({ good: 350, total: 370 });
    expect(counts[35]).toMatchObject({ good: 500, total: 500 });
    counts.forEach((bucket, k) => {
      const expected = expectedFiveMinute(k);
      expect(bucket.start).toEqual(expected.start);
      expect(bucket.good).toBeCloseTo(expected.good, 6);
      expect(bucket.total).toBeCloseTo(expected.total, 6);
    });
  });

  it('accepts a bad-events query written with the {{.window}} placeholder', async () => {
    const source = new PrometheusSliSource({ logger, servers: local() });
    const counts = await source.fetchCounts(
      request({
        goodQuery: undefined,
        badQuery:
          'sum(increase(checkout_requests_total{code="500"}[{{ .window }}]))',
      }),
    );
    expect(counts).toHaveLength(36);
    counts.forEach((bucket, k) => {
      expect(bucket.good).toBeCloseTo(expectedFiveMinute(k).good, 6);
      expect(bucket.total).toBeCloseTo(expectedFiveMinute(k).total, 6);
    });
  });

  it('uses the bucket length as the step and the increase() window', async () => {
    // 15-minute bucket q holds 5-minute buckets k = 3q … 3q + 2:
    //   q = 0: good 150 + 160 + 170 = 480, bad 20 (k = 0)  → total 500
    //   q = 1: good 180 + 190 + 200 = 570, bad 20 (k = 4)  → total 590
    //   q = 2: good 210 + 220 + 230 = 660, bad 20 (k = 8)  → total 680
    //   q = 3: good 240 + 250 + 260 = 750, bad 0           → total 750
    const source = new PrometheusSliSource({ logger, servers: local() });
    const counts = await source.fetchCounts(request({ bucketSeconds: 900 }));
    expect(counts).toHaveLength(12);
    expect(counts.slice(0, 4).map(c => [c.good, c.total])).toEqual([
      [480, 500],
      [570, 590],
      [660, 680],
      [750, 750],
    ]);
    expect(counts[1].start).toEqual(new Date((T0 + 900) * 1000));
  });

  it('returns no bucket where there is no data (not zeros)', async () => {
    // [T0 − 1 h, T0 + 10 min): before T0 there are no samples, and the bucket
    // ending at T0 sees a single sample (increase() needs two), so only the
    // buckets k = 0 and k = 1 exist.
    const source = new PrometheusSliSource({ logger, servers: local() });
    const counts = await source.fetchCounts(
      request({
        start: new Date((T0 - HOUR) * 1000),
        end: new Date((T0 + 600) * 1000),
      }),
    );
    expect(counts).toEqual([expectedFiveMinute(0), expectedFiveMinute(1)]);

    const later = await source.fetchCounts(
      request({
        start: new Date((T0 + 4 * HOUR) * 1000),
        end: new Date((T0 + 5 * HOUR) * 1000),
      }),
    );
    expect(later).toEqual([]);
  });

  it('splits ranges of more than 11,000 points into chunks', async () => {
    // 8 days of 1-minute buckets = 11,520 points, over Prometheus' 11,000.
    // Minute m holds 2 · ((m mod 3) + 1) events: 2, 4, 6, 2, 4, 6, …
    // Sum: 3,840 cycles of 2 + 4 + 6 = 12 → 46,080.
    const fetchSpy = jest.fn((input: any, init?: any) => fetch(input, init));
    const source = new PrometheusSliSource({
      logger,
      servers: local(),
      fetch: fetchSpy as typeof fetch,
    });
    const counts = await source.fetchCounts(
      request({
        goodQuery: 'batch_jobs_total',
        totalQuery: 'batch_jobs_total',
        start: new Date(L0 * 1000),
        end: new Date((L0 + 8 * 24 * HOUR) * 1000),
        bucketSeconds: 60,
      }),
    );
    // 10,000 + 1,520 points, two queries each.
    expect(fetchSpy).toHaveBeenCalledTimes(4);
    expect(counts).toHaveLength(11_520);
    expect(counts[0]).toEqual({
      start: new Date(L0 * 1000),
      durationSeconds: 60,
      good: 2,
      total: 2,
    });
    expect(counts[1].total).toBeCloseTo(4, 6);
    expect(counts[2].total).toBeCloseTo(6, 6);
    // the first bucket of the second chunk: m = 10,000, 10,000 mod 3 = 1 → 4
    expect(counts[10_000]).toMatchObject({
      start: new Date((L0 + 60 * 10_000) * 1000),
    });
    expect(counts[10_000].total).toBeCloseTo(4, 6);
    // the last: m = 11,519, 11,519 mod 3 = 2 → 6
    expect(counts[11_519].total).toBeCloseTo(6, 6);
    expect(counts.reduce((sum, c) => sum + c.total, 0)).toBeCloseTo(46_080, 3);
  });

  it('would be rejected by the server without chunks (the limit is real)', async () => {
    const source = new PrometheusSliSource({
      logger,
      servers: local(),
      maxPointsPerRequest: 20_000,
    });
    const attempt = source.fetchCounts(
      request({
        goodQuery: 'batch_jobs_total',
        totalQuery: 'batch_jobs_total',
        start: new Date(L0 * 1000),
        end: new Date((L0 + 8 * 24 * HOUR) * 1000),
        bucketSeconds: 60,
      }),
    );
    await expect(attempt).rejects.toThrow(
      /HTTP 400: bad_data: .*11,000 points/,
    );
    await expect(attempt).rejects.toThrow(
      'sum(increase(batch_jobs_total[60s]))',
    );
  });

  it('drops NaN and +Inf values, logs them, and makes no bucket of them', async () => {
    const source = new PrometheusSliSource({ logger, servers: local() });
    const inf = await source.fetchCounts(
      request({
        totalQuery: 'sum(increase(checkout_requests_total[{{.window}}])) / 0',
      }),
    );
    expect(inf).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /component:default\/checkout\/availability: ignored 36 NaN, infinite/,
      ),
    );
    const nan = await source.fetchCounts(
      request({
        totalQuery:
          '(sum(increase(checkout_requests_total[{{.window}}])) * 0) / 0',
      }),
    );
    expect(nan).toEqual([]);
  });

  it('names the SLO and the query when the server rejects bad PromQL (400)', async () => {
    const source = new PrometheusSliSource({ logger, servers: local() });
    const attempt = source.fetchCounts(
      request({ totalQuery: 'sum(rate(checkout_requests_total[5m]' }),
    );
    await expect(attempt).rejects.toBeInstanceOf(PrometheusQueryError);
    await expect(attempt).rejects.toMatchObject({
      status: 400,
      errorType: 'bad_data',
    });
    await expect(attempt).rejects.toThrow(
      'Prometheus rejected SLO component:default/checkout/availability, total query "sum(rate(checkout_requests_total[5m]" with HTTP 400: bad_data:',
    );
  });

  it('reports an execution error of the server (422) with the query', async () => {
    // Both sides hold two code="200" series: many-to-many matching fails at run time.
    const source = new PrometheusSliSource({ logger, servers: local() });
    const attempt = source.fetchCounts(
      request({
        goodQuery: 'checkout_requests_total + on(code) checkout_requests_total',
      }),
    );
    await expect(attempt).rejects.toMatchObject({
      status: 422,
      errorType: 'execution',
    });
    await expect(attempt).rejects.toThrow(
      /good query "checkout_requests_total \+ on\(code\) checkout_requests_total" with HTTP 422/,
    );
  });

  it('reads a threshold metric as written: one value per bucket, lowest and highest of its series', async () => {
    const source = new PrometheusSliSource({ logger, servers: local() });
    const values = await source.fetchValues({
      sloKey: 'component:default/search/latency',
      dataSource: {
        name: 'prometheus',
        type: 'Prometheus',
        connectionDetails: {},
      },
      query: 'search_p99_seconds',
      start: new Date(T0 * 1000),
      end: new Date((T0 + 3 * HOUR) * 1000),
      bucketSeconds: 300,
    });
    // Bucket k: instance a 0.1 + 0.05 · (k mod 4), instance b 0.05 more.
    expect(values).toHaveLength(36);
    values.forEach((v, k) => {
      expect(v.start).toEqual(new Date((T0 + 300 * k) * 1000));
      expect(v.min).toBeCloseTo(0.1 + 0.05 * (k % 4), 9);
      expect(v.max).toBeCloseTo(0.15 + 0.05 * (k % 4), 9);
    });
    // With the bucket as the window: the last sample of each bucket (its
    // end), the highest of the two series after max(). (max_over_time would
    // see the previous bucket's last sample too on Prometheus 2.x, which
    // reads [t − 5m, t] with both ends.)
    const windowed = await source.fetchValues({
      sloKey: 'component:default/search/latency',
      dataSource: {
        name: 'prometheus',
        type: 'Prometheus',
        connectionDetails: {},
      },
      query: 'max(last_over_time(search_p99_seconds[{{.window}}]))',
      start: new Date(T0 * 1000),
      end: new Date((T0 + HOUR) * 1000),
      bucketSeconds: 300,
    });
    expect(windowed.map(v => [v.min, v.max])).toEqual(
      Array.from({ length: 12 }, (_, k) => [
        expect.closeTo(0.15 + 0.05 * (k % 4), 9),
        expect.closeTo(0.15 + 0.05 * (k % 4), 9),
      ]),
    );
  });

  it('queries the server a DataSource names, or the default one for an SLO without a DataSource', async () => {
    const source = new PrometheusSliSource({ logger, servers: local() });
    const byName = await source.fetchCounts(
      request({
        dataSource: {
          name: 'metrics',
          type: 'Prometheus',
          connectionDetails: { server: 'local' },
        },
      }),
    );
    const byDefault = await source.fetchCounts(
      request({
        dataSource: {
          name: 'Prometheus',
          type: 'Prometheus',
          connectionDetails: {},
          implicit: true,
        },
      }),
    );
    // The same 36 buckets as by URL: bucket 0 is 150 good of 170.
    expect(byName).toHaveLength(36);
    expect(byName[0]).toMatchObject({ good: 150, total: 170 });
    expect(byDefault).toEqual(byName);
  });

  it('makes no request for a URL the operator did not configure (a local listener receives nothing)', async () => {
    const received: string[] = [];
    const listener = http.createServer((req, res) => {
      received.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        '{"status":"success","data":{"resultType":"matrix","result":[]}}',
      );
    });
    await new Promise<void>(resolve =>
      listener.listen(0, '127.0.0.1', resolve),
    );
    const { port } = listener.address() as net.AddressInfo;
    const internal = `http://127.0.0.1:${port}`;
    try {
      const source = new PrometheusSliSource({ logger, servers: local() });
      const dataSource = {
        name: 'internal',
        type: 'Prometheus',
        connectionDetails: { url: internal },
      };
      expect(source.checkDataSource(dataSource)).toEqual({
        ok: false,
        field: 'spec.connectionDetails.url',
        message: expect.stringContaining(
          `connectionDetails.url "${internal}" is not the URL of a Prometheus server the operator configured (configured: "local")`,
        ),
      });
      const attempt = source.fetchCounts(request({ dataSource }));
      await expect(attempt).rejects.toBeInstanceOf(
        PrometheusServerNotConfiguredError,
      );
      // Not even with the server's name misspelt.
      await expect(
        source.fetchCounts(
          request({
            dataSource: {
              name: 'internal',
              type: 'Prometheus',
              connectionDetails: { server: 'lokal' },
            },
          }),
        ),
      ).rejects.toThrow(
        'connectionDetails.server "lokal" is not a Prometheus server',
      );
      expect(received).toEqual([]);
      // The real server is still queried: the listener was reachable, it was
      // never asked.
      expect(await source.fetchCounts(request({}))).toHaveLength(36);
      expect(received).toEqual([]);
    } finally {
      await new Promise(resolve => listener.close(resolve));
    }
  });
});

describe('PrometheusSliSource without a healthy server', () => {
  const base: Omit<SliCountsRequest, 'dataSource'> = {
    sloKey: 'component:default/checkout/availability',
    goodQuery: 'up',
    totalQuery: 'up',
    start: new Date('2026-01-01T00:00:00Z'),
    end: new Date('2026-01-01T01:00:00Z'),
    bucketSeconds: 300,
  };

  it('reports 503 (unavailable) with the query', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'error',
          errorType: 'unavailable',
          error: 'too many queries',
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const source = new PrometheusSliSource({
        servers: [
          {
            name: 'busy',
            baseUrl: `http://127.0.0.1:${port}`,
            isDefault: false,
            headers: {},
          },
        ],
      });
      await expect(
        source.fetchCounts({
          ...base,
          dataSource: {
            name: 'prom',
            type: 'Prometheus',
            connectionDetails: { url: `http://127.0.0.1:${port}` },
          },
        }),
      ).rejects.toThrow(
        /total query "sum\(increase\(up\[300s\]\)\)" \(from "up"\) with HTTP 503: unavailable: too many queries/,
      );
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('says when the server cannot be reached', async () => {
    const port = await new Promise<number>(resolve => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const source = new PrometheusSliSource({
      requestTimeoutMs: 2000,
      servers: [
        {
          name: 'gone',
          baseUrl: `http://127.0.0.1:${port}`,
          isDefault: false,
          headers: {},
        },
      ],
    });
    await expect(
      source.fetchCounts({
        ...base,
        dataSource: {
          name: 'prom',
          type: 'Prometheus',
          connectionDetails: { url: `http://127.0.0.1:${port}/` },
        },
      }),
    ).rejects.toThrow(
      `Prometheus at http://127.0.0.1:${port} could not be reached for SLO component:default/checkout/availability`,
    );
  });

  it('sends the configured headers and bearer token, to the configured base URL with its path prefix', async () => {
    const seen: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [{ metric: {}, values: [[1767225900, '10']] }],
          },
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const source = new PrometheusSliSource({
        servers: [
          {
            name: 'tenant',
            baseUrl: `http://127.0.0.1:${port}/prometheus`,
            isDefault: false,
            headers: {
              Authorization: 'Bearer s3cret',
              'X-Scope-OrgID': 'shop',
            },
          },
        ],
      });
      const counts = await source.fetchCounts({
        ...base,
        dataSource: {
          name: 'tenant',
          type: 'Prometheus',
          connectionDetails: { url: `http://127.0.0.1:${port}/prometheus/` },
        },
      });
      // 1767225900 is 2026-01-01T00:05:00Z: the bucket 00:00–00:05, 10 of 10.
      expect(counts).toEqual([
        {
          start: new Date('2026-01-01T00:00:00Z'),
          durationSeconds: 300,
          good: 10,
          total: 10,
        },
      ]);
      expect(seen).toHaveLength(2);
      for (const request of seen) {
        expect(request.url).toMatch(/^\/prometheus\/api\/v1\/query_range\?/);
        expect(request.headers.authorization).toBe('Bearer s3cret');
        expect(request.headers['x-scope-orgid']).toBe('shop');
      }
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('refuses, without a request, a DataSource when no server is configured', async () => {
    const fetchSpy = jest.fn();
    const source = new PrometheusSliSource({ fetch: fetchSpy });
    const dataSource = {
      name: 'prom',
      type: 'Prometheus',
      connectionDetails: {},
    };
    expect(source.checkDataSource(dataSource)).toEqual({
      ok: false,
      field: 'spec.connectionDetails.server',
      message: expect.stringContaining(
        'none is configured in customerImpact.prometheus.servers',
      ),
    });
    await expect(source.fetchCounts({ ...base, dataSource })).rejects.toThrow(
      'DataSource "prom" names no Prometheus server',
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
