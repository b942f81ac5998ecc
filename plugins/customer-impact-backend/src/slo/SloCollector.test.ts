import {
  createBackendModule,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  SliBucketCounts,
  SliCountsRequest,
  customerImpactSourcesExtensionPoint,
} from '@customer-impact/plugin-customer-impact-node';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { customerImpactPlugin } from '../plugin';

jest.setTimeout(120_000);

const FIVE_MIN = 300_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const PULLED_SLOS = `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: fake-metrics
spec:
  type: Fake
  connectionDetails:
    url: http://fake.example.com
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.99
  indicator:
    metadata:
      name: checkout-ok
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            metricSourceRef: fake-metrics
            spec:
              query: good_requests
        total:
          metricSource:
            metricSourceRef: fake-metrics
            spec:
              query: all_requests
`;

/**
 * A fake SLI source: for every 5-minute bucket of the requested range it
 * answers 100 events of which 99 good (so every SLI is 0.99), and records
 * the requests. `failNext` makes the next call throw.
 */
class FakeSliSource {
  readonly type = 'fake';
  requests: SliCountsRequest[] = [];
  failNext = false;

  async fetchCounts(req: SliCountsRequest): Promise<SliBucketCounts[]> {
    this.requests.push(req);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('fake source is down');
    }
    const out: SliBucketCounts[] = [];
    for (
      let t = req.start.getTime();
      t < req.end.getTime();
      t += req.bucketSeconds * 1000
    ) {
      out.push({
        start: new Date(t),
        durationSeconds: req.bucketSeconds,
        good: 99,
        total: 100,
      });
    }
    return out;
  }
}

describe('the SLI pull', () => {
  it('backfills the window on the first run, then fetches only what is new, and records errors', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slo-pull-'));
    await fs.writeFile(path.join(dir, 'slos.yaml'), PULLED_SLOS);
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
          'customer-impact/openslo': './slos.yaml',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/team-checkout',
      },
    };

    const source = new FakeSliSource();
    const tasks = new Map<
      string,
      SchedulerServiceTaskScheduleDefinition &
        SchedulerServiceTaskInvocationDefinition
    >();
    const scheduler = mockServices.scheduler.mock({
      async scheduleTask(task) {
        tasks.set(task.id, task);
      },
    });
    const { server } = await startTestBackend({
      features: [
        customerImpactPlugin,
        createBackendModule({
          pluginId: 'customer-impact',
          moduleId: 'fake-source',
          register(env) {
            env.registerInit({
              deps: { sources: customerImpactSourcesExtensionPoint },
              async init({ sources }) {
                sources.addSliSource(source);
              },
            });
          },
        }),
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.database.factory(),
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: { customerImpact: { slo: { fineRetentionDays: 10 } } },
        }),
      ],
    });

    // Every SLO task runs on one replica at a time.
    for (const id of [
      'customer-impact-slo-definitions',
      'customer-impact-slo-pull',
      'customer-impact-slo-alerts',
      'customer-impact-slo-retention',
    ]) {
      expect(tasks.get(id)).toEqual(
        expect.objectContaining({ scope: 'global' }),
      );
    }

    const run = async (id: string) => {
      await tasks.get(id)!.fn(new AbortController().signal);
    };
    await run('customer-impact-slo-definitions');

    const before = Date.now();
    await run('customer-impact-slo-pull');
    const after = Date.now();

    // First run: the 30-day window (from its hour) up to the last whole
    // 5-minute bucket, in requests of at most a day, with the DataSource and
    // the queries of the definition. 'Fake' in the YAML matched type 'fake'.
    const first = source.requests;
    expect(first[0]).toEqual(
      expect.objectContaining({
        sloKey: 'component:default/checkout/availability',
        dataSource: {
          name: 'fake-metrics',
          type: 'Fake',
          connectionDetails: { url: 'http://fake.example.com' },
        },
        goodQuery: 'good_requests',
        totalQuery: 'all_requests',
        bucketSeconds: 300,
      }),
    );
    const firstStart = first[0].start.getTime();
    expect(firstStart % HOUR).toBe(0);
    expect(firstStart).toBeLessThanOrEqual(before - 30 * DAY);
    expect(firstStart).toBeGreaterThan(before - 30 * DAY - 2 * HOUR);
    const lastEnd = first[first.length - 1].end.getTime();
    expect(lastEnd % FIVE_MIN).toBe(0);
    expect(lastEnd).toBeGreaterThan(after - FIVE_MIN - 1000);
    for (const req of first) {
      expect(req.end.getTime() - req.start.getTime()).toBeLessThanOrEqual(DAY);
    }
    for (let i = 1; i < first.length; i++) {
      expect(first[i].start).toEqual(first[i - 1].end);
    }

    const summary = async () =>
      (
        await request(server)
          .get('/api/customer-impact/v1/entities/component/default/checkout')
          .set('Authorization', mockCredentials.user.header())
      ).body.slos;

    let facet = await summary();
    let slo = facet.slos[0];
    // Every bucket is 99 good of 100, so the SLI is 0.99 whichever buckets
    // fall in the window: fine (last 10 days) or rolled into hours (older).
    expect(slo.sli).toBeCloseTo(0.99, 12);
    expect(slo.collection).toEqual(
      expect.objectContaining({
        dataSource: 'fake-metrics',
        type: 'Fake',
        sourceInstalled: true,
        lastDataAt: new Date(lastEnd).toISOString(),
        lastError: null,
      }),
    );
    expect(slo.collection.lastSuccessAt).not.toBeNull();
    // 1 % bad against a 1 % budget: burning at exactly 1×.
    expect(slo.burnRates.find((b: any) => b.window === '1h').rate).toBeCloseTo(
      1,
      9,
    );

    // Second run: only from the last bucket on (it is fetched again, as it
    // may have been incomplete).
    const count = source.requests.length;
    await run('customer-impact-slo-pull');
    const second = source.requests.slice(count);
    expect(second.length).toBe(1);
    expect(second[0].start.getTime()).toBe(lastEnd - FIVE_MIN);

    // A failing run records the error and keeps the last data time.
    source.failNext = true;
    await new Promise(resolve => setTimeout(resolve, 5));
    await run('customer-impact-slo-pull');
    facet = await summary();
    slo = facet.slos[0];
    expect(slo.collection.lastError).toBe('fake source is down');
    expect(Date.parse(slo.collection.lastDataAt)).toBeGreaterThanOrEqual(
      lastEnd,
    );
    expect(Date.parse(slo.collection.lastAttemptAt)).toBeGreaterThanOrEqual(
      Date.parse(slo.collection.lastSuccessAt),
    );

    // The next good run clears it.
    await run('customer-impact-slo-pull');
    slo = (await summary()).slos[0];
    expect(slo.collection.lastError).toBeNull();
  });

  it('never asks a source for a DataSource it refused, and says so on the SLO', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slo-refused-'));
    await fs.writeFile(
      path.join(dir, 'slos.yaml'),
      `${PULLED_SLOS}---
${PULLED_SLOS.replace(/fake-metrics/g, 'other-metrics')
  .replace('http://fake.example.com', 'http://169.254.169.254')
  .replace('name: availability', 'name: elsewhere')}`,
    );
    const source = new FakeSliSource();
    // Allows only the URL "the operator configured".
    const checked = Object.assign(source, {
      checkDataSource: (ds: { connectionDetails: Record<string, unknown> }) =>
        ds.connectionDetails.url === 'http://fake.example.com'
          ? { ok: true as const, description: 'fake server' }
          : {
              ok: false as const,
              field: 'spec.connectionDetails.url',
              message: 'not a configured server',
            },
    });
    const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
    const { server } = await startTestBackend({
      features: [
        customerImpactPlugin,
        createBackendModule({
          pluginId: 'customer-impact',
          moduleId: 'fake-source',
          register(env) {
            env.registerInit({
              deps: { sources: customerImpactSourcesExtensionPoint },
              async init({ sources }) {
                sources.addSliSource(checked);
              },
            });
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'checkout',
                annotations: {
                  'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
                  'customer-impact/openslo': './slos.yaml',
                },
              },
              spec: { owner: 'group:default/team-checkout' },
            },
          ],
        }),
        mockServices.database.factory(),
        mockServices.scheduler.mock({
          async scheduleTask(task) {
            tasks.set(task.id, task);
          },
        }).factory,
      ],
    });
    const run = (id: string) => tasks.get(id)!.fn(new AbortController().signal);
    await run('customer-impact-slo-definitions');
    await run('customer-impact-slo-pull');

    expect(new Set(source.requests.map(r => r.dataSource.name))).toEqual(
      new Set(['fake-metrics']),
    );
    const facet = (
      await request(server)
        .get('/api/customer-impact/v1/entities/component/default/checkout')
        .set('Authorization', mockCredentials.user.header())
    ).body.slos;
    const [pulled, refused] = facet.slos;
    expect(pulled.collection).toMatchObject({
      server: 'fake server',
      allowed: true,
    });
    expect(pulled.problems).toEqual([]);
    expect(refused.sli).toBeNull();
    expect(refused.collection).toMatchObject({
      server: null,
      allowed: false,
      lastAttemptAt: null,
    });
    expect(refused.problems).toEqual([
      {
        severity: 'error',
        source: './slos.yaml',
        documentIndex: 2,
        slo: 'elsewhere',
        line: null,
        kind: 'DataSource',
        name: 'other-metrics',
        path: 'spec.connectionDetails.url',
        message:
          'not a configured server. The SLO is not pulled: push its data, or fix the data source',
      },
    ]);
    // Listed among the file's problems too.
    expect(facet.problems).toContainEqual(refused.problems[0]);
  });
});
