import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import knexFactory from 'knex';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { deprecationFacet } from '../deprecation/DeprecationFacet';
import { sloFacet } from './SloFacet';
import { DeprecationService } from '../deprecation/DeprecationService';
import { createRouter } from '../service/router';
import { SloService } from './SloService';
import { createSloStores } from './stores';
import { countSloSamples } from './__testUtils__/countSloSamples';

jest.setTimeout(60_000);

const NOW = Date.parse('2026-11-21T12:00:00Z');
const FIVE_MIN = 300_000;

/**
 * Three documents: a good SLO (document 0), an SLO whose target is out of
 * range (document 1, dropped with a problem), and a pushed 7-day SLO at
 * 99 % (document 2).
 */
const CHECKOUT_SLOS = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
  displayName: Checkout availability
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
        good:
          metricSource:
            spec:
              query: pushed
        total:
          metricSource:
            spec:
              query: pushed
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: broken
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 1.5
  indicator:
    metadata:
      name: broken-sli
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
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: latency
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 7d
      isRolling: true
  objectives:
    - target: 0.99
  indicator:
    metadata:
      name: fast-enough
    spec:
      ratioMetric:
        bad:
          metricSource:
            spec:
              query: pushed
        total:
          metricSource:
            spec:
              query: pushed
`;

async function writeCatalogFiles(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slo-router-'));
  await fs.mkdir(path.join(dir, 'slos'));
  await fs.writeFile(path.join(dir, 'slos', 'checkout.yaml'), CHECKOUT_SLOS);
  return dir;
}

function entities(dir: string): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
          'customer-impact/openslo': './slos/checkout.yaml',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:team-checkout',
      },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'billing', namespace: 'default' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:team-billing',
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'lost',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
          'customer-impact/openslo': './slos/missing.yaml',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:team-checkout',
      },
    },
  ];
}

async function createApp(options?: {
  httpAuth?: ReturnType<typeof mockServices.httpAuth>;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
}) {
  const dir = await writeCatalogFiles();
  const catalog = catalogServiceMock({ entities: entities(dir) });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const stores = await createSloStores({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  const slos = new SloService({
    ...stores,
    urlReader: mockServices.urlReader.mock(),
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    sliSources: new Map(),
    fineRetentionDays: 35,
    now: () => new Date(NOW),
  });
  const permissions =
    options?.permissions ??
    mockServices.permissions({ result: AuthorizeResult.ALLOW });
  const httpAuth = options?.httpAuth ?? mockServices.httpAuth();
  const deprecation = new DeprecationService({
    catalog,
    store: {
      recordSnapshots: async () => {},
      importPoints: async () => ({ inserted: 0, updated: 0, unchanged: 0 }),
      getBurndown: async () => [],
    },
    logger: mockServices.logger.mock(),
    now: () => new Date(NOW),
  });
  const router = await createRouter({
    httpAuth,
    permissions,
    catalog,
    logger: mockServices.logger.mock(),
    facets: [
      deprecationFacet(deprecation),
      sloFacet({
        service: slos,
        auth: mockServices.auth(),
        httpAuth,
        permissions,
        catalog,
      }),
    ],
    now: () => new Date(NOW),
  });
  return {
    app: express().use(router).use(mockErrorHandler()),
    slos,
    knex,
    dir,
    permissions,
  };
}

function iso(ms: number) {
  return new Date(ms).toISOString();
}

describe('POST /v1/slo-samples', () => {
  const body = {
    samples: [
      // 1000 events, 10 bad → 990 good.
      {
        entityRef: 'component:default/checkout',
        slo: 'availability',
        start: iso(NOW - 2 * FIVE_MIN),
        durationSeconds: 300,
        good: 990,
        total: 1000,
      },
      {
        entityRef: 'Component:default/Checkout',
        slo: 'availability',
        start: iso(NOW - FIVE_MIN),
        durationSeconds: 300,
        bad: 30,
        total: 1000,
      },
      {
        entityRef: 'component:default/checkout',
        slo: 'latency',
        start: iso(NOW - FIVE_MIN),
        durationSeconds: 300,
        bad: 0,
        total: 500,
      },
    ],
  };

  it('stores samples and replaces, never adds, when the same buckets are sent again', async () => {
    const { app } = await createApp();
    const first = await request(app)
      .post('/v1/slo-samples')
      .set('Authorization', mockCredentials.service.header())
      .send(body);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      inserted: 3,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: [],
    });

    const replay = await request(app).post('/v1/slo-samples').send(body);
    expect(replay.body).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 3,
      unknownEntityRefs: [],
    });

    const corrected = await request(app)
      .post('/v1/slo-samples')
      .send({ samples: [{ ...body.samples[1], bad: 10 }] });
    expect(corrected.body).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
      unknownEntityRefs: [],
    });

    // availability: 990 + 990 good of 2000 → SLI 0.99, exactly the target:
    // budget consumed (1 − 0.99)/(1 − 0.99) = 1, remaining 0. Had the
    // replayed buckets been added, it would still be 0.99 but over 4000
    // events; the count of events tells.
    const summary = await request(app).get(
      '/v1/entities/component/default/checkout',
    );
    const availability = summary.body.slos.slos.find(
      (s: any) => s.key === 'availability',
    );
    expect(availability.eventsInWindow).toBe(2000);
    expect(availability.badEventsInWindow).toBe(20);
    expect(availability.sli).toBeCloseTo(0.99, 12);
    expect(availability.budgetRemaining).toBeCloseTo(0, 12);
  });

  it('answers 400 naming the index and field of every bad sample, and writes nothing', async () => {
    const { app, knex } = await createApp();
    const res = await request(app)
      .post('/v1/slo-samples')
      .send({
        samples: [
          body.samples[0],
          { ...body.samples[0], start: iso(NOW), good: 20, total: 10 },
          { ...body.samples[0], start: 'yesterday' },
          {
            entityRef: 'component:default/checkout',
            slo: 'availability',
            start: iso(NOW),
            durationSeconds: 300,
            total: 10,
          },
          { ...body.samples[0], start: iso(NOW + FIVE_MIN), bad: 1 },
          { ...body.samples[0], entityRef: 'not a ref:' },
          {
            ...body.samples[0],
            start: iso(NOW + 2 * FIVE_MIN),
            durationSeconds: 0,
          },
          { ...body.samples[0], start: iso(NOW + 3 * FIVE_MIN), extra: true },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    const message: string = res.body.error.message;
    expect(message).toContain('samples[1].good: must be at most total (10)');
    expect(message).toContain(
      'samples[2].start: must be an ISO 8601 timestamp',
    );
    expect(message).toContain('samples[3].good: is required (or give bad)');
    expect(message).toContain(
      'samples[4].bad: must not be given together with good',
    );
    expect(message).toContain('samples[5].entityRef: must be an entity ref');
    expect(message).toContain('samples[6].durationSeconds: must be at least 1');
    expect(message).toContain('samples[7].extra: is not a known field');
    expect(await countSloSamples(knex)).toEqual({ fine: 0, hourly: 0 });
  });

  it('answers 400 for a bucket sent twice in one batch and for data older than the fine retention', async () => {
    const { app, knex } = await createApp();
    const res = await request(app)
      .post('/v1/slo-samples')
      .send({
        samples: [
          body.samples[0],
          { ...body.samples[0], good: 1 },
          { ...body.samples[0], start: iso(NOW - 40 * 86_400_000) },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'samples[1].start: is the same bucket (entityRef, slo, start) as samples[0]',
    );
    expect(res.body.error.message).toContain(
      'samples[2].start: is older than the 35 days kept in 5-minute buckets',
    );
    expect(await countSloSamples(knex)).toEqual({ fine: 0, hourly: 0 });
  });

  it('answers 400 for a body without samples', async () => {
    const { app } = await createApp();
    const res = await request(app)
      .post('/v1/slo-samples')
      .send({ samples: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('samples: must hold at least 1 item');
  });

  it('answers 401 without credentials', async () => {
    const { app } = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    const res = await request(app).post('/v1/slo-samples').send(body);
    expect(res.status).toBe(401);
  });

  it('answers 403 when the create permission is denied', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const { app, knex } = await createApp({ permissions });
    const res = await request(app).post('/v1/slo-samples').send(body);
    expect(res.status).toBe(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'customer-impact.slo-samples.create',
          }),
        },
      ],
      expect.anything(),
    );
    expect(await countSloSamples(knex)).toEqual({ fine: 0, hourly: 0 });
  });
});

describe('the slos key of GET /v1/entities/:kind/:namespace/:name', () => {
  it('says how to set SLOs up when the entity has no annotation', async () => {
    const { app } = await createApp();
    const res = await request(app).get(
      '/v1/entities/component/default/billing',
    );
    expect(res.status).toBe(200);
    expect(res.body.slos).toEqual({
      status: 'not-configured',
      lastUpdatedAt: null,
      // The consumer side of the blast radius (none burning here).
      burningDependencies: [],
      howTo: expect.objectContaining({
        annotation: 'customer-impact/openslo',
        text: expect.stringContaining('customer-impact/openslo'),
      }),
    });
    expect(res.body.slos.howTo.snippets[0].code).toContain(
      'customer-impact/openslo: ./slos/checkout.yaml',
    );
    expect(res.body.slos.howTo.snippets[1].code).toContain(
      'apiVersion: openslo/v1',
    );
  });

  it('reads the file relative to the catalog file, lists each SLO, and keeps the broken one as a problem', async () => {
    const { app, dir } = await createApp();
    const res = await request(app).get(
      '/v1/entities/component/default/checkout',
    );
    expect(res.status).toBe(200);
    const facet = res.body.slos;
    expect(facet.status).toBe('ok');
    expect(facet.sourceLocation).toBe(`file:${dir}/slos/checkout.yaml`);
    expect(facet.sourceUrl).toBeNull();
    expect(facet.fetchedAt).toBe(iso(NOW));
    expect(facet.slos.map((s: any) => s.key)).toEqual([
      'availability',
      'latency',
    ]);
    // The broken SLO names the file, the document and the field.
    expect(facet.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        source: './slos/checkout.yaml',
        documentIndex: 1,
        name: 'broken',
        path: 'spec.objectives[0].target',
      }),
    );
    // No data yet: null figures and the no-data state, never 0 or 100 %.
    const availability = facet.slos[0];
    expect(availability).toEqual(
      expect.objectContaining({
        name: 'availability',
        displayName: 'Checkout availability',
        target: 0.99,
        window: 'rolling 30d',
        sli: null,
        budgetRemaining: null,
        state: 'no-data',
        lastDataAt: null,
        lastSampleAt: null,
        collection: null,
        supported: true,
        problems: [],
      }),
    );
  });

  it('says so when the definitions file cannot be read', async () => {
    const { app } = await createApp();
    const res = await request(app).get('/v1/entities/component/default/lost');
    expect(res.status).toBe(200);
    expect(res.body.slos.status).toBe('error');
    expect(res.body.slos.fetchError).toContain('missing.yaml');
    expect(res.body.slos.slos).toEqual([]);
  });
});

describe('GET /v1/entities/:kind/:namespace/:name/slos/:slo', () => {
  it('returns the SLO with its budget burndown', async () => {
    const { app } = await createApp();
    // 7-day latency SLO at 99 %: one bucket 6 days ago with 1000 events, 5
    // bad; one 1 day ago with 1000 events, 15 bad. Budget = 1 % of 2000 = 20
    // bad events; 20 spent → 0 remaining at the end; after the first bucket
    // 5/20 spent → 0.75 remaining.
    await request(app)
      .post('/v1/slo-samples')
      .send({
        samples: [
          {
            entityRef: 'component:default/checkout',
            slo: 'latency',
            start: iso(NOW - 6 * 86_400_000),
            durationSeconds: 300,
            bad: 5,
            total: 1000,
          },
          {
            entityRef: 'component:default/checkout',
            slo: 'latency',
            start: iso(NOW - 86_400_000),
            durationSeconds: 300,
            bad: 15,
            total: 1000,
          },
        ],
      })
      .expect(200);
    const res = await request(app).get(
      '/v1/entities/component/default/checkout/slos/latency?points=8',
    );
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/checkout');
    expect(res.body.slo.key).toBe('latency');
    expect(res.body.slo.sli).toBeCloseTo(0.99, 12);
    expect(res.body.slo.lastSampleAt).toBe(iso(NOW - 86_400_000 + FIVE_MIN));
    // 8 points, one per day from the window start (now − 7 d) to now.
    const remaining = res.body.burndown.map((p: any) => p.remaining);
    expect(remaining).toHaveLength(8);
    expect(remaining[0]).toBe(1);
    expect(remaining[1]).toBe(1); // now − 6 d: the first bucket starts exactly then, not before
    expect(remaining[2]).toBeCloseTo(0.75, 12);
    expect(remaining[6]).toBeCloseTo(0.75, 12); // now − 1 d: the second bucket starts then
    expect(remaining[7]).toBeCloseTo(0, 12);
  });

  it('answers 404 for an unknown SLO, 400 for a bad points value, 403 when denied', async () => {
    const { app } = await createApp();
    const missing = await request(app).get(
      '/v1/entities/component/default/checkout/slos/nope',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'component:default/checkout has no SLO "nope"',
    );

    const noEntity = await request(app).get(
      '/v1/entities/component/default/ghost/slos/latency',
    );
    expect(noEntity.status).toBe(404);

    const bad = await request(app).get(
      '/v1/entities/component/default/checkout/slos/latency?points=1',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('points: must be at least 2');

    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const denied = await createApp({ permissions });
    const res = await request(denied.app).get(
      '/v1/entities/component/default/checkout/slos/latency',
    );
    expect(res.status).toBe(403);
  });

  it('answers 401 without credentials', async () => {
    const { app } = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    const res = await request(app).get(
      '/v1/entities/component/default/checkout/slos/latency',
    );
    expect(res.status).toBe(401);
  });
});

describe('POST /v1/entities/:kind/:namespace/:name/slos/refresh', () => {
  it('reads the definitions again', async () => {
    const { app, dir } = await createApp();
    const before = await request(app).get(
      '/v1/entities/component/default/checkout',
    );
    expect(before.body.slos.slos).toHaveLength(2);
    // The broken SLO is fixed in the file.
    const fixed = (
      await fs.readFile(path.join(dir, 'slos', 'checkout.yaml'), 'utf8')
    ).replace('target: 1.5', 'target: 0.95');
    await fs.writeFile(path.join(dir, 'slos', 'checkout.yaml'), fixed);
    const res = await request(app).post(
      '/v1/entities/component/default/checkout/slos/refresh',
    );
    expect(res.status).toBe(200);
    expect(res.body.slos.map((s: any) => s.key)).toEqual([
      'availability',
      'broken',
      'latency',
    ]);
    expect(
      res.body.problems.filter((p: any) => p.severity === 'error'),
    ).toEqual([]);
  });

  it('answers 401, 403 and 404', async () => {
    const noAuth = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    expect(
      (
        await request(noAuth.app).post(
          '/v1/entities/component/default/checkout/slos/refresh',
        )
      ).status,
    ).toBe(401);
    const denied = await createApp({
      permissions: mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
      }),
    });
    expect(
      (
        await request(denied.app).post(
          '/v1/entities/component/default/checkout/slos/refresh',
        )
      ).status,
    ).toBe(403);
    const { app } = await createApp();
    expect(
      (
        await request(app).post(
          '/v1/entities/component/default/ghost/slos/refresh',
        )
      ).status,
    ).toBe(404);
  });
});

describe('GET /v1/entities/:kind/:namespace/:name/release-gate', () => {
  it('allows while no SLO pages and no budget is used up, and blocks once one pages', async () => {
    const { app } = await createApp();
    const gate = '/v1/entities/component/default/checkout/release-gate';
    // No data yet: nothing blocks; the SLOs without data are named.
    const quiet = await request(app).get(gate);
    expect(quiet.status).toBe(200);
    expect(quiet.body).toMatchObject({
      entityRef: 'component:default/checkout',
      allowed: true,
      policy: 'default',
      rules: ['page', 'exhausted'],
    });
    expect(quiet.body.reasons[0]).toBe(
      'no SLO is in page state (2 SLOs checked)',
    );

    // The last hour of `availability` (99 %, 30 d): 200 bad of 1,000 per
    // bucket, a burn rate of 0.2 / 0.01 = 20 over 5 m and 1 h, above 14.4:
    // page. It is all the window holds: SLI 9,600 / 12,000 = 0.8, budget
    // consumed 0.2 / 0.01 = 20 = 2000 %: used up too.
    const samples = Array.from({ length: 12 }, (_, i) => ({
      entityRef: 'component:default/checkout',
      slo: 'availability',
      start: iso(NOW - (i + 1) * FIVE_MIN),
      durationSeconds: 300,
      bad: 200,
      total: 1000,
    }));
    expect(
      (await request(app).post('/v1/slo-samples').send({ samples })).status,
    ).toBe(200);
    const blocked = await request(app).get(gate);
    expect(blocked.status).toBe(200);
    expect(blocked.body.allowed).toBe(false);
    const reasons = [
      'SLO "Checkout availability" (availability) is in page state',
      'SLO "Checkout availability" (availability) has used up its error budget over its window (rolling 30d): 2000 % used',
    ];
    expect(blocked.body.reasons).toEqual(reasons);
    expect(blocked.body.slos[0]).toMatchObject({
      key: 'availability',
      state: 'page',
      blocking: reasons,
    });
  });

  it('checks its own permission, not the summary one', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            r.permission.name === 'customer-impact.release-gate.read'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })) as any,
    });
    const { app } = await createApp({ permissions });
    const gate = await request(app).get(
      '/v1/entities/component/default/checkout/release-gate',
    );
    expect(gate.status).toBe(200);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'customer-impact.release-gate.read',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/checkout',
        },
      ],
      expect.anything(),
    );
    expect(
      (await request(app).get('/v1/entities/component/default/checkout'))
        .status,
    ).toBe(403);
    const denied = await createApp({
      permissions: mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
      }),
    });
    expect(
      (
        await request(denied.app).get(
          '/v1/entities/component/default/checkout/release-gate',
        )
      ).status,
    ).toBe(403);
  });

  it('answers 401 without credentials, 404 for an unknown entity and 400 for a bad path', async () => {
    const noAuth = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    expect(
      (
        await request(noAuth.app).get(
          '/v1/entities/component/default/checkout/release-gate',
        )
      ).status,
    ).toBe(401);
    const { app } = await createApp();
    expect(
      (
        await request(app).get(
          '/v1/entities/component/default/ghost/release-gate',
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await request(app).get(
          '/v1/entities/component/default/bad%20name/release-gate',
        )
      ).status,
    ).toBe(400);
  });
});
