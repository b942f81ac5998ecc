import {
  createBackendModule,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  SliBucketValue,
  SliValuesRequest,
  customerImpactSourcesExtensionPoint,
} from '@customer-impact/plugin-customer-impact-node';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { customerImpactPlugin } from '../plugin';

jest.setTimeout(60_000);

const FIVE_MIN = 300_000;

/** A p99 latency with 5-minute slices: good when at most 0.25 s. */
const THRESHOLD = (source: string) => `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: metrics
spec:
  type: Fake
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
spec:
  service: search
  budgetingMethod: Timeslices
  timeWindow: [{ duration: 1d, isRolling: true }]
  objectives:
    - op: lte
      value: 0.25
      target: 0.9
      timeSliceTarget: 1
      timeSliceWindow: 5
  indicator:
    metadata: { name: search-p99 }
    spec:
      thresholdMetric:
        metricSource:
          ${source}
          spec:
            query: search_p99_seconds
`;

/** Answers 0.2 s, except 0.4 s in every fourth bucket (counted from the epoch). */
class FakeValues {
  readonly type = 'fake';
  requests: SliValuesRequest[] = [];
  async fetchCounts(): Promise<never> {
    throw new Error('not a ratio metric');
  }
  async fetchValues(req: SliValuesRequest): Promise<SliBucketValue[]> {
    this.requests.push(req);
    const out: SliBucketValue[] = [];
    for (let t = req.start.getTime(); t < req.end.getTime(); t += FIVE_MIN) {
      const v = (t / FIVE_MIN) % 4 === 0 ? 0.4 : 0.2;
      out.push({ start: new Date(t), durationSeconds: 300, min: v, max: v });
    }
    return out;
  }
}

async function start(file: string, source?: FakeValues) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slo-threshold-'));
  await fs.writeFile(path.join(dir, 'slos.yaml'), file);
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'search',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
        'customer-impact/openslo': './slos.yaml',
      },
    },
    spec: { owner: 'group:default/search' },
  };
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const { server } = await startTestBackend({
    features: [
      customerImpactPlugin,
      ...(source
        ? [
            createBackendModule({
              pluginId: 'customer-impact',
              moduleId: 'fake-values',
              register(env) {
                env.registerInit({
                  deps: { sources: customerImpactSourcesExtensionPoint },
                  async init({ sources }) {
                    sources.addSliSource(source);
                  },
                });
              },
            }),
          ]
        : []),
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.database.factory(),
      mockServices.scheduler.mock({
        async scheduleTask(task) {
          tasks.set(task.id, task);
        },
      }).factory,
    ],
  });
  const summary = async () =>
    (
      await request(server)
        .get('/api/customer-impact/v1/entities/component/default/search')
        .set('Authorization', mockCredentials.user.header())
    ).body.slos.slos[0];
  const run = (id: string) => tasks.get(id)!.fn(new AbortController().signal);
  return { server, summary, run };
}

describe('a threshold SLO (thresholdMetric, Timeslices)', () => {
  it('is computed from values pushed per bucket; a value next to counts is refused', async () => {
    const { server, summary } = await start(THRESHOLD('type: Pushed'));
    const now = Date.now();
    const last = now - (now % FIVE_MIN) - FIVE_MIN;
    // Twelve buckets of the last hour: 0.2 s, except 0.3 s in two of them
    // (slices are the 5-minute buckets): 2 bad of 12 → SLI 10 / 12.
    const samples = Array.from({ length: 12 }, (_, i) => ({
      entityRef: 'component:default/search',
      slo: 'search-latency',
      start: new Date(last - i * FIVE_MIN).toISOString(),
      durationSeconds: 300,
      value: i === 3 || i === 7 ? 0.3 : 0.2,
    }));
    const pushed = await request(server)
      .post('/api/customer-impact/v1/slo-samples')
      .set('Authorization', mockCredentials.user.header())
      .send({ samples });
    expect(pushed.status).toBe(200);
    expect(pushed.body).toEqual({
      inserted: 12,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: [],
    });

    const slo = await summary();
    expect(slo.supported).toBe(true);
    expect(slo.sli).toBeCloseTo(10 / 12, 12);
    // B = 0.1: consumed (2 / 12) / 0.1 = 1.666…
    expect(slo.budgetConsumed).toBeCloseTo(2 / 12 / 0.1, 12);
    expect(slo.slices).toEqual({ measured: 12, good: 10, zeroTraffic: 0 });

    const mixed = await request(server)
      .post('/api/customer-impact/v1/slo-samples')
      .set('Authorization', mockCredentials.user.header())
      .send({ samples: [{ ...samples[0], total: 10 }] });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toContain(
      'samples[0].total: must not be given together with value',
    );
  });

  it('is pulled from a source that can fetch values', async () => {
    const source = new FakeValues();
    const { summary, run } = await start(
      THRESHOLD('metricSourceRef: metrics'),
      source,
    );
    await run('customer-impact-slo-definitions');
    await run('customer-impact-slo-pull');
    expect(source.requests[0]).toMatchObject({
      sloKey: 'component:default/search/search-latency',
      query: 'search_p99_seconds',
      bucketSeconds: 300,
      dataSource: { name: 'metrics', type: 'Fake' },
    });
    // Over the 1-day window, one bucket in four is 0.4 s > 0.25 s: the SLI
    // is 3 / 4 of the slices, give or take the window's edges.
    const slo = await summary();
    expect(slo.slices.measured).toBeGreaterThanOrEqual(287);
    expect(slo.sli).toBeCloseTo(0.75, 2);
    expect(slo.collection).toMatchObject({ lastError: null, allowed: true });
  });
});
