import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The end-to-end test runs the real backend plugin with this module (a dev dependency).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import customerImpactBackend from '@customer-impact/plugin-customer-impact-backend';
import request from 'supertest';
import customerImpactModulePrometheus from './index';
import {
  CounterSeries,
  RunningPrometheus,
  findPrometheus,
  startPrometheus,
} from './__testUtils__/prometheus';

/*
 * End to end: the Customer Impact backend with this module installed reads an
 * entity's OpenSLO file whose DataSource is a real Prometheus, pulls the SLI
 * counts on refresh, and serves the figures in the entity summary.
 */

jest.setTimeout(120_000);

const binaries = findPrometheus();
const describeWithPrometheus = binaries ? describe : describe.skip;

const HOUR = 3600;
const hourAligned = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
/** Start of 3 h of history that ends 2 h before the last full hour. */
const T0 = hourAligned - 5 * HOUR;

/** A counter sampled every 30 s over 3 h, growing by `step` per sample. */
function series(code: string, step: number): CounterSeries {
  return {
    name: 'shop_requests_total',
    labels: { code },
    samples: Array.from({ length: 361 }, (_, j) => ({
      time: T0 + 30 * j,
      value: j * step,
    })),
  };
}

/**
 * Two DataSources: one names the configured server, the other writes the URL
 * of a server the operator did not configure (an internal service).
 */
const definitions = (internalUrl: string) => `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prometheus
spec:
  type: Prometheus
  connectionDetails:
    server: local
---
apiVersion: openslo/v1
kind: DataSource
metadata:
  name: internal
spec:
  type: Prometheus
  connectionDetails:
    url: ${internalUrl}
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: shop-availability
spec:
  service: shop
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.995
  indicator:
    metadata:
      name: shop-non-5xx
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            metricSourceRef: prometheus
            spec:
              query: shop_requests_total{code="200"}
        total:
          metricSource:
            metricSourceRef: prometheus
            spec:
              query: shop_requests_total
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: shop-internal
spec:
  service: shop
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.995
  indicator:
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            metricSourceRef: internal
            spec:
              query: shop_requests_total{code="200"}
        total:
          metricSource:
            metricSourceRef: internal
            spec:
              query: shop_requests_total
`;

/** The same SLO in Sloth's format: no DataSource, pulled from the default server. */
const SLOTH = `version: prometheus/v1
service: shop
slos:
  - name: availability
    objective: 99.5
    sli:
      events:
        error_query: sum(increase(shop_requests_total{code="500"}[{{.window}}]))
        total_query: sum(increase(shop_requests_total[{{.window}}]))
`;

const entity = (name: string, dir: string, file: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `file:${path.join(
        dir,
        'catalog-info.yaml',
      )}`,
      'customer-impact/openslo': `./${file}`,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/shop',
  },
});

describeWithPrometheus(
  'the backend pulling from a real Prometheus through this module',
  () => {
    let prometheus: RunningPrometheus;
    let dir: string;
    let listener: http.Server;
    const received: string[] = [];

    beforeAll(async () => {
      prometheus = await startPrometheus(binaries!, [
        series('200', 99),
        series('500', 1),
      ]);
      // An internal service that must never be asked anything.
      listener = http.createServer((req, res) => {
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
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-slo-pull-'));
      fs.writeFileSync(
        path.join(dir, 'slos.yaml'),
        definitions(`http://127.0.0.1:${port}`),
      );
      fs.writeFileSync(path.join(dir, 'sloth.yaml'), SLOTH);
    }, 120_000);

    afterAll(async () => {
      await prometheus?.stop();
      await new Promise(resolve => listener?.close(resolve));
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }, 30_000);

    it('fills the SLO summary from the configured server on refresh; an unconfigured URL is a problem and gets no request; Sloth pulls from the default', async () => {
      const { server } = await startTestBackend({
        features: [
          customerImpactBackend,
          customerImpactModulePrometheus,
          mockServices.database.factory(),
          mockServices.rootConfig.factory({
            data: {
              customerImpact: {
                prometheus: {
                  servers: [
                    { name: 'local', baseUrl: prometheus.url, default: true },
                  ],
                },
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              entity('shop', dir, 'slos.yaml'),
              entity('shop-sloth', dir, 'sloth.yaml'),
            ],
          }),
        ],
      });

      for (const name of ['shop', 'shop-sloth']) {
        const refreshed = await request(server)
          .post(
            `/api/customer-impact/v1/entities/component/default/${name}/slos/refresh`,
          )
          .set('Authorization', mockCredentials.user.header());
        expect(refreshed.status).toBe(200);
      }

      const summary = await request(server)
        .get('/api/customer-impact/v1/entities/component/default/shop')
        .set('Authorization', mockCredentials.user.header());
      expect(summary.status).toBe(200);
      const facet = summary.body.slos;
      expect(facet.status).toBe('ok');
      expect(facet.slos.map((s: { key: string }) => s.key)).toEqual([
        'shop-availability',
        'shop-internal',
      ]);
      const [slo, internal] = facet.slos;
      // Each 5-minute bucket: 10 samples of 99 good + 1 bad → 990 good of 1,000.
      // 36 buckets (3 h): 36,000 events, 360 bad.
      expect(slo.eventsInWindow).toBeCloseTo(36_000, 3);
      expect(slo.badEventsInWindow).toBeCloseTo(360, 3);
      // SLI = 35,640 / 36,000 = 0.99; consumed = 0.01 / 0.005 = 2; remaining = −1
      expect(slo.sli).toBeCloseTo(0.99, 9);
      expect(slo.budgetRemaining).toBeCloseTo(-1, 9);
      // The history ended at T0 + 3 h, two hours before the last full hour:
      // the 5 m … 2 h windows hold no bucket (no data), 6 h … 3 d hold all of
      // it at a burn rate of 0.01 / 0.005 = 2 → above the ticket threshold
      // (0.1 · 30 d / 3 d = 1) over 3 d and 6 h; below the page ones.
      const rates = Object.fromEntries(
        slo.burnRates.map((b: { window: string; rate: number | null }) => [
          b.window,
          b.rate,
        ]),
      );
      expect(rates['5m']).toBeNull();
      expect(rates['2h']).toBeNull();
      expect(rates['6h']).toBeCloseTo(2, 9);
      expect(rates['3d']).toBeCloseTo(2, 9);
      expect(slo.state).toBe('ticket');
      expect(slo.lastDataAt).toBe(
        new Date((T0 + 3 * HOUR) * 1000).toISOString(),
      );
      expect(slo.collection).toMatchObject({
        dataSource: 'prometheus',
        type: 'Prometheus',
        sourceInstalled: true,
        server: `Prometheus server "local" (${prometheus.url})`,
        allowed: true,
        lastError: null,
      });
      expect(slo.collection.lastSuccessAt).not.toBeNull();

      // The internal URL: refused before any request, said on the SLO.
      expect(received).toEqual([]);
      expect(internal.sli).toBeNull();
      expect(internal.collection).toMatchObject({
        dataSource: 'internal',
        allowed: false,
        server: null,
        lastAttemptAt: null,
      });
      expect(internal.problems).toEqual([
        expect.objectContaining({
          severity: 'error',
          documentIndex: 1,
          kind: 'DataSource',
          name: 'internal',
          slo: 'shop-internal',
          path: 'spec.connectionDetails.url',
          message: expect.stringContaining(
            'is not the URL of a Prometheus server the operator configured (configured: "local"); the backend does not request it',
          ),
        }),
      ]);

      // Sloth: no DataSource, pulled from the default server; the same
      // counts, so the same figures.
      const sloth = await request(server)
        .get('/api/customer-impact/v1/entities/component/default/shop-sloth')
        .set('Authorization', mockCredentials.user.header());
      const slothSlo = sloth.body.slos.slos[0];
      expect(slothSlo.key).toBe('shop-availability');
      expect(slothSlo.target).toBe(0.995);
      expect(slothSlo.eventsInWindow).toBeCloseTo(36_000, 3);
      expect(slothSlo.budgetRemaining).toBeCloseTo(-1, 9);
      expect(slothSlo.collection).toMatchObject({
        dataSource: 'Prometheus',
        server: `Prometheus server "local" (${prometheus.url})`,
        allowed: true,
      });
      expect(received).toEqual([]);
    });
  },
);
