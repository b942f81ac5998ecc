import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { promises as fs } from 'fs';
import { Knex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startPluginRouter } from '../__testUtils__/plugin';

jest.setTimeout(180_000);

const FIVE_MIN = 300_000;

/** One OpenSLO document per SLO, all of the same shape. */
function sloDocuments(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: slo-${i}
spec:
  service: target
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.99
  indicator:
    metadata:
      name: ok-${i}
    spec:
      ratioMetric:
        good:
          metricSource:
            spec:
              query: pushed
        total:
          metricSource:
            spec:
              query: pushed
`,
  ).join('---\n');
}

/**
 * A deprecated API with SLOs, a step of a journey, consumed by `dependents`
 * components (owned by five teams), and `events` support events raised on it
 * by those teams.
 */
function catalogOf(dir: string, dependents: number): Entity[] {
  const consumers = Array.from(
    { length: dependents },
    (_, i) => `consumer-${i}`,
  );
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'target',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
          'customer-impact/openslo': './slos.yaml',
          'customer-impact/sunset': '2027-03-31',
        },
      },
      spec: {
        type: 'openapi',
        lifecycle: 'deprecated',
        owner: 'group:platform',
        definition: '{}',
      },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/platform' },
        {
          type: 'customer-impact/journeyStepOf',
          targetRef: 'journey:default/first-call',
        },
        ...consumers.map(name => ({
          type: 'apiConsumedBy',
          targetRef: `component:default/${name}`,
        })),
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'customer-impact/v1alpha1',
      kind: 'Journey',
      metadata: { name: 'first-call', namespace: 'default' },
      spec: {
        owner: 'group:default/platform',
        persona: 'product-engineer',
        stages: [
          {
            name: 'Call',
            steps: [
              { id: 'call', title: 'Call it', entityRef: 'api:default/target' },
            ],
          },
        ],
      },
      relations: [
        {
          type: 'customer-impact/journeyPassesThrough',
          targetRef: 'api:default/target',
        },
      ],
    },
    ...consumers.map(
      (name, i): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name, namespace: 'default' },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: `group:team-${i % 5}`,
        },
        relations: [
          { type: 'ownedBy', targetRef: `group:default/team-${i % 5}` },
          { type: 'consumesApi', targetRef: 'api:default/target' },
        ],
      }),
    ),
  ];
}

/** Every call of any catalog method, counted. */
function countingCatalog(entities: Entity[]) {
  const base = catalogServiceMock({ entities });
  const calls: string[] = [];
  const catalog = new Proxy(base, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return value.apply(target, args);
      };
    },
  }) as CatalogService;
  return { catalog, calls };
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'the entity summary on %p',
  databaseId => {
    async function worldOf(size: {
      dependents: number;
      slos: number;
      events: number;
      /** Run the rollups of the owner first: they keep the neighbour refs. */
      rollupsFirst?: boolean;
      /** Who asks for the summary: a person (default) or a service (nothing cached). */
      caller?: 'user' | 'service';
    }) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'summary-queries-'));
      await fs.writeFile(path.join(dir, 'slos.yaml'), sloDocuments(size.slos));
      const knex: Knex = await databases.init(databaseId);
      const { catalog, calls } = countingCatalog(
        catalogOf(dir, size.dependents),
      );
      const { app } = await startPluginRouter({
        // A TTL no run of this test reaches, however loaded the machine.
        config: { customerImpact: { summaries: { cacheTtl: { hours: 1 } } } },
        database: mockServices.database.factory({ knex }),
        catalog: createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
      });
      const service = mockCredentials.service.header();
      const now = Date.now();
      // Support events over the last ten weeks, by the consuming teams.
      for (let i = 0; i < size.events; i += 1000) {
        const events = Array.from(
          { length: Math.min(1000, size.events - i) },
          (_, j) => ({
            source: 'test',
            externalId: `e-${i + j}`,
            entityRef: 'api:default/target',
            consumerRef: `group:default/team-${(i + j) % 5}`,
            kind: (i + j) % 7 === 0 ? 'page' : 'ticket',
            openedAt: new Date(
              now - 3_600_000 - ((i + j) % 1680) * 3_600_000,
            ).toISOString(),
          }),
        );
        const pushed = await request(app)
          .post('/v1/support-events')
          .set('Authorization', service)
          .send({ events });
        expect(pushed.status).toBe(200);
      }
      // One 5-minute bucket for every SLO.
      const start = Math.floor(now / FIVE_MIN) * FIVE_MIN - 2 * FIVE_MIN;
      const samples = await request(app)
        .post('/v1/slo-samples')
        .set('Authorization', service)
        .send({
          samples: Array.from({ length: size.slos }, (_, i) => ({
            entityRef: 'api:default/target',
            slo: `slo-${i}`,
            start: new Date(start).toISOString(),
            durationSeconds: 300,
            good: 990,
            total: 1000,
          })),
        });
      expect(samples.status).toBe(200);

      const summary = () =>
        request(app)
          .get('/v1/entities/api/default/target')
          .set(
            'Authorization',
            size.caller === 'service'
              ? mockCredentials.service.header()
              : mockCredentials.user.header(),
          );
      if (size.rollupsFirst) {
        const refreshed = await request(app)
          .post('/v1/groups/default/platform/rollup/refresh')
          .set('Authorization', mockCredentials.user.header());
        expect(refreshed.status).toBe(200);
      }
      // The first summary reads the SLO definitions file and stores it.
      calls.length = 0;
      expect((await summary()).status).toBe(200);
      const firstCatalogCalls = [...calls];

      let queries = 0;
      const count = () => {
        queries += 1;
      };
      knex.on('query', count);
      calls.length = 0;
      const res = await summary();
      knex.off('query', count);
      expect(res.status).toBe(200);
      return {
        queries,
        firstCatalogCalls,
        catalogCalls: [...calls],
        body: res.body,
      };
    }

    it('makes as many catalog calls and database queries for 50 dependents, 20 SLOs and 10,000 events as for 1, 1 and 10', async () => {
      const small = await worldOf({ dependents: 1, slos: 1, events: 10 });
      const large = await worldOf({ dependents: 50, slos: 20, events: 10_000 });

      // The worlds are what they say.
      expect(small.body.deprecation.dependents).toHaveLength(1);
      expect(large.body.deprecation.dependents).toHaveLength(50);
      expect(small.body.slos.slos).toHaveLength(1);
      expect(large.body.slos.slos).toHaveLength(20);
      expect(small.body.supportLoad.status).toBe('ok');
      // A step of one journey: read with the other neighbours.
      expect(
        small.body.journeys.journeys.map((j: any) => j.journeyRef),
      ).toEqual(['journey:default/first-call']);
      expect(large.body.supportLoad.status).toBe('ok');

      // The catalog, the first time: the entity, then everything the facets
      // need of its neighbours in one batched read.
      expect(small.firstCatalogCalls).toEqual([
        'getEntitiesByRefs',
        'getEntitiesByRefs',
      ]);
      expect(large.firstCatalogCalls).toEqual(small.firstCatalogCalls);
      // Again within the cache TTL: no catalog call at all.
      expect(small.catalogCalls).toEqual([]);
      expect(large.catalogCalls).toEqual([]);
      // The database: a fixed number of statements, whatever the sizes.
      expect(large.queries).toBe(small.queries);
      expect(small.queries).toBeLessThanOrEqual(16);
    });

    it('reads the entity and its neighbours in one catalog call once the rollups have read them', async () => {
      const world = await worldOf({
        dependents: 50,
        slos: 1,
        events: 10,
        rollupsFirst: true,
      });
      // The rollups kept the API's neighbours (50 consumers, a journey):
      // the first summary reads them with the API, and has them all.
      expect(world.firstCatalogCalls).toEqual(['getEntitiesByRefs']);
      expect(world.body.deprecation.dependents).toHaveLength(50);
      expect(
        world.body.journeys.journeys.map((j: any) => j.journeyRef),
      ).toEqual(['journey:default/first-call']);
      // A service's reads are not shared: the summary uses what that one
      // call read, and reads nothing again.
      const service = await worldOf({
        dependents: 50,
        slos: 1,
        events: 10,
        rollupsFirst: true,
        caller: 'service',
      });
      expect(service.firstCatalogCalls).toEqual(['getEntitiesByRefs']);
      expect(service.catalogCalls).toEqual(['getEntitiesByRefs']);
      expect(service.body.deprecation.dependents).toHaveLength(50);
    });

    /** The plugin over a catalog whose reads wait for `open()` while `held`. */
    async function heldCatalogWorld(
      permissions?: ReturnType<typeof mockServices.permissions.mock>,
    ) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'summary-held-'));
      await fs.writeFile(path.join(dir, 'slos.yaml'), sloDocuments(1));
      const knex: Knex = await databases.init(databaseId);
      const base = catalogServiceMock({ entities: catalogOf(dir, 3) });
      const gate = { held: false, asked: 0, open: () => {} };
      let opened = Promise.resolve();
      const hold = () => {
        gate.held = true;
        opened = new Promise<void>(resolve => {
          gate.open = () => {
            gate.held = false;
            resolve();
          };
        });
      };
      const catalog = new Proxy(base, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') {
            return value;
          }
          return async (...args: unknown[]) => {
            if (gate.held) {
              gate.asked += 1;
              await opened;
            }
            return value.apply(target, args);
          };
        },
      }) as CatalogService;
      const { app } = await startPluginRouter({
        database: mockServices.database.factory({ knex }),
        catalog: createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        ...(permissions ? { permissions } : {}),
      });
      const now = Date.now();
      const pushed = await request(app)
        .post('/v1/support-events')
        .set('Authorization', mockCredentials.service.header())
        .send({
          events: [1, 2, 3].map(i => ({
            source: 'test',
            externalId: `held-${i}`,
            entityRef: 'api:default/target',
            consumerRef: 'group:default/team-1',
            kind: 'ticket',
            openedAt: new Date(now - i * 3_600_000).toISOString(),
          })),
        });
      expect(pushed.status).toBe(200);
      return { app, knex, gate, hold };
    }

    /** Resolves once `seen()` holds, checking every 10 ms for up to 20 s. */
    async function eventually(seen: () => boolean): Promise<boolean> {
      for (let i = 0; i < 2000 && !seen(); i++) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      return seen();
    }

    it('reads the support events and computes the SLOs while the catalog is still reading the entity', async () => {
      const { app, knex, gate, hold } = await heldCatalogWorld();
      // The first summary reads the definitions file and stores it: the
      // entity is then known to have SLOs.
      const first = await request(app)
        .get('/v1/entities/api/default/target')
        .set('Authorization', mockCredentials.user.header());
      expect(first.status).toBe(200);
      expect(first.body.slos.slos).toHaveLength(1);
      const statements: string[] = [];
      const issued: string[] = [];
      const record = (q: { sql: string; bindings?: unknown }) => {
        statements.push(q.sql);
        issued.push(JSON.stringify([q.sql, q.bindings ?? []]));
      };
      knex.on('query', record);
      hold();
      // As a service: its reads are not cached, so the catalog is asked again.
      const summary = request(app)
        .get('/v1/entities/api/default/target')
        .set('Authorization', mockCredentials.service.header())
        .then(res => res);
      // The catalog has been asked for the entity and has not answered;
      // the support facet's reads of that entity went out meanwhile.
      expect(await eventually(() => gate.asked > 0)).toBe(true);
      for (const table of [
        'support_events',
        'slo_definitions',
        'slo_series',
        'slo_collection',
        // The figures' sums: the facet is computed ahead of the entity too.
        'slo_samples_fine',
      ]) {
        expect([
          table,
          await eventually(() =>
            statements.some(sql =>
              new RegExp(`from\\s+["\`]?${table}\\b`, 'i').test(sql),
            ),
          ),
        ]).toEqual([table, true]);
      }
      const before = new Set(issued);
      gate.open();
      const res = await summary;
      knex.off('query', record);
      expect(res.status).toBe(200);
      expect(res.body.supportLoad.status).toBe('ok');
      expect(res.body.supportLoad.thisWeek.total + sumTrend(res.body)).toBe(3);
      expect(res.body.slos).toEqual(first.body.slos);
      // Nothing read before the entity came is read again: the summary used it.
      expect(issued.slice(before.size).filter(q => before.has(q))).toEqual([]);
    });

    it('answers 403 to a caller the policy denies, whatever was read ahead', async () => {
      // Pushes allowed, the summary's read denied.
      const decide = (asked: { permission: { name: string } }) =>
        asked.permission.name === 'customer-impact.entity.read'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW;
      const deny = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({ result: decide(r) })) as never,
        authorizeConditional: async requests =>
          requests.map(r => ({ result: decide(r) })) as never,
      });
      const { app } = await heldCatalogWorld(deny);
      const res = await request(app)
        .get('/v1/entities/api/default/target')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
      expect(Object.keys(res.body)).toEqual(['error', 'request', 'response']);
      expect(JSON.stringify(res.body)).not.toContain('held-');
    });
  },
);

/** The support events of the summary's trend weeks before this one. */
function sumTrend(body: any): number {
  return body.supportLoad.trend.weeks.reduce(
    (sum: number, w: { total: number | null }) => sum + (w.total ?? 0),
    0,
  );
}
