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
  shopAvailabilitySlos,
  startPrometheus,
} from './__testUtils__/prometheus';

/*
 * Faults between the backend and the real Prometheus: a proxy in front of
 * it goes down, answers 5xx, answers garbage, or answers slower than the
 * pull's timeout. Each time the pull records the error, the summary serves
 * the last good figures as stale with the reason, and nothing crashes; the
 * next good pull makes them current again, without counting anything twice.
 */

jest.setTimeout(180_000);

const binaries = findPrometheus();
const describeWithPrometheus = binaries ? describe : describe.skip;

const HOUR = 3600;
const T0 = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 5 * HOUR;

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

const SLOS = shopAvailabilitySlos('flaky');

type Mode = 'pass' | 'down' | '5xx' | 'garbage' | 'slow';

describeWithPrometheus('pulling through faults of a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let proxy: http.Server;
  let proxyUrl: string;
  let dir: string;
  let mode: Mode = 'pass';
  const slowTimers = new Set<NodeJS.Timeout>();

  beforeAll(async () => {
    prometheus = await startPrometheus(binaries!, [
      series('200', 99),
      series('500', 1),
    ]);
    const upstream = new URL(prometheus.url);
    proxy = http.createServer((req, res) => {
      const forward = () => {
        const out = http.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          answer => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        req.pipe(out);
      };
      switch (mode) {
        case 'down':
          // As if nothing listened: the connection is dropped.
          req.socket.destroy();
          return;
        case '5xx':
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(
            '{"status":"error","errorType":"unavailable","error":"the query engine is overloaded"}',
          );
          return;
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('<html>an HTML error page of a load balancer</html>');
          return;
        case 'slow': {
          // Longer than the pull's timeout (1 s).
          const timer = setTimeout(() => {
            slowTimers.delete(timer);
            if (!res.destroyed) forward();
          }, 3_000);
          slowTimers.add(timer);
          return;
        }
        default:
          forward();
      }
    });
    await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as net.AddressInfo;
    proxyUrl = `http://127.0.0.1:${port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-slo-faults-'));
    fs.writeFileSync(path.join(dir, 'slos.yaml'), SLOS);
  }, 120_000);

  afterAll(async () => {
    slowTimers.forEach(t => clearTimeout(t));
    await prometheus?.stop();
    await new Promise(resolve => proxy?.close(resolve));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('records each fault, serves the last good figures as stale with the reason, and recovers without double counting', async () => {
    const { server } = await startTestBackend({
      features: [
        customerImpactBackend,
        customerImpactModulePrometheus,
        mockServices.database.factory(),
        mockServices.rootConfig.factory({
          data: {
            customerImpact: {
              prometheus: {
                requestTimeout: { seconds: 1 },
                servers: [{ name: 'flaky', baseUrl: proxyUrl, default: true }],
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'shop',
                namespace: 'default',
                annotations: {
                  'backstage.io/managed-by-location': `file:${path.join(
                    dir,
                    'catalog-info.yaml',
                  )}`,
                  'customer-impact/openslo': './slos.yaml',
                },
              },
              spec: { type: 'service', lifecycle: 'production', owner: 'shop' },
            },
          ],
        }),
      ],
    });
    const pull = async () => {
      const res = await request(server)
        .post(
          '/api/customer-impact/v1/entities/component/default/shop/slos/refresh',
        )
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      const summary = await request(server)
        .get('/api/customer-impact/v1/entities/component/default/shop')
        .set('Authorization', mockCredentials.user.header());
      expect(summary.status).toBe(200);
      return summary.body.slos;
    };

    mode = 'pass';
    const good = await pull();
    expect(good.status).toBe('ok');
    const [first] = good.slos;
    // 36 buckets of 990 good and 10 bad each (see pull.integration.test.ts).
    expect(first.eventsInWindow).toBeCloseTo(36_000, 3);
    expect(first.collection.lastError).toBeNull();

    for (const [fault, error] of [
      ['down', /fetch failed|socket|ECONNRESET|other side closed/i],
      ['5xx', /503/],
      [
        'garbage',
        /HTTP 200 and a body that is not a Prometheus API response \(not JSON\): <html>/,
      ],
      ['slow', /timeout|aborted/i],
    ] as const) {
      mode = fault;
      const facet = await pull();
      const [slo] = facet.slos;
      expect({ fault, status: facet.status }).toEqual({
        fault,
        status: 'stale',
      });
      expect({ fault, error: slo.collection.lastError }).toEqual({
        fault,
        error: expect.stringMatching(error),
      });
      expect(facet.reason).toContain(
        'the last pull of shop-availability from prometheus failed at',
      );
      expect(facet.reason).toContain(slo.collection.lastError);
      // The last good figures are still served.
      expect({ fault, events: slo.eventsInWindow }).toEqual({
        fault,
        events: first.eventsInWindow,
      });
    }

    // Prometheus is reachable again: current, the same counts, nothing twice.
    mode = 'pass';
    const back = await pull();
    expect(back.status).toBe('ok');
    expect(back.reason).toBeUndefined();
    const [slo] = back.slos;
    expect(slo.collection.lastError).toBeNull();
    expect(slo.eventsInWindow).toBeCloseTo(36_000, 3);
    expect(slo.badEventsInWindow).toBeCloseTo(first.badEventsInWindow, 6);
    expect(slo.sli).toBeCloseTo(first.sli, 12);
  });
});
