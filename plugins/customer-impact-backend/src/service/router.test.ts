import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { deprecationFacet } from '../deprecation/DeprecationFacet';
import { demoCatalog } from '../__testUtils__/entities';
import { DeprecationService } from '../deprecation/DeprecationService';
import { createRouter } from './router';
import {
  JOURNEYS_HOW_TO,
  SLO_HOW_TO,
  SUPPORT_HOW_TO,
} from '@customer-impact/plugin-customer-impact-common';
import { CustomerImpactFacet, FacetKey, SummaryFacets } from '../facets';

const now = () => new Date('2026-11-21T12:00:00Z');

/** A facet whose summary is its not-configured answer, or whatever `summarize` says. */
function stubFacet<K extends FacetKey>(
  key: K,
  notConfigured: () => SummaryFacets[K],
  summarize?: CustomerImpactFacet<K>['summarize'],
): CustomerImpactFacet<K> {
  return {
    key,
    tasks: [],
    notConfigured,
    summarize: summarize ?? (async () => notConfigured()),
    contribute: async () => {
      throw new Error('not used');
    },
  };
}

const notSetUp = {
  journeys: () => ({
    status: 'not-configured' as const,
    journeys: [] as [],
    howTo: JOURNEYS_HOW_TO,
    lastUpdatedAt: null,
  }),
  supportLoad: () => ({
    status: 'not-configured' as const,
    howTo: SUPPORT_HOW_TO,
    lastUpdatedAt: null,
  }),
  slos: () => ({
    status: 'not-configured' as const,
    howTo: SLO_HOW_TO,
    lastUpdatedAt: null,
  }),
};

async function createApp(options?: {
  httpAuth?: ReturnType<typeof mockServices.httpAuth>;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
  facets?: CustomerImpactFacet[];
}) {
  const catalog = catalogServiceMock({ entities: demoCatalog() });
  const deprecation = new DeprecationService({
    catalog,
    store: {
      recordSnapshots: async () => {},
      importPoints: async () => ({ inserted: 0, updated: 0, unchanged: 0 }),
      getBurndown: async () => [{ date: '2026-11-20', dependents: 3 }],
    },
    logger: mockServices.logger.mock(),
    now,
  });
  const permissions =
    options?.permissions ??
    mockServices.permissions({ result: AuthorizeResult.ALLOW });
  const router = await createRouter({
    httpAuth: options?.httpAuth ?? mockServices.httpAuth(),
    permissions,
    catalog,
    logger: mockServices.logger.mock(),
    facets: options?.facets ?? [
      deprecationFacet(deprecation),
      stubFacet('journeys', notSetUp.journeys),
      stubFacet('supportLoad', notSetUp.supportLoad),
      stubFacet('slos', notSetUp.slos),
    ],
    now,
  });
  return {
    app: express().use(router).use(mockErrorHandler()),
    catalog,
    permissions,
  };
}

describe('GET /v1/entities/:kind/:namespace/:name', () => {
  it('returns the summary of a deprecated API', async () => {
    const { app } = await createApp();
    const res = await request(app)
      .get('/v1/entities/api/default/payments-v1')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entityRef: 'api:default/payments-v1',
      generatedAt: '2026-11-21T12:00:00.000Z',
      deprecation: expect.objectContaining({
        deprecated: true,
        replacedBy: 'api:default/payments-v2',
        sunset: '2027-03-31',
        daysToSunset: 130,
        dependents: [
          {
            entityRef: 'component:default/billing',
            ownerRef: 'group:default/team-billing',
          },
          {
            entityRef: 'component:default/checkout',
            ownerRef: 'group:default/team-checkout',
          },
        ],
        exposure: [],
        burndown: [{ date: '2026-11-20', dependents: 3 }],
        status: 'ok',
        lastUpdatedAt: '2026-11-20T00:00:00.000Z',
      }),
      // A facet not set up for the entity says so rather than disappearing.
      journeys: expect.objectContaining({
        status: 'not-configured',
        journeys: [],
      }),
      supportLoad: {
        status: 'not-configured',
        howTo: expect.objectContaining({
          text: expect.stringContaining(
            'POST /api/customer-impact/v1/support-events',
          ),
        }),
        lastUpdatedAt: null,
      },
      slos: expect.objectContaining({
        status: 'not-configured',
        howTo: expect.objectContaining({
          annotation: 'customer-impact/openslo',
        }),
      }),
    });
  });

  it('matches the kind case-insensitively, as the catalog does', async () => {
    const { app } = await createApp();
    const res = await request(app).get('/v1/entities/API/default/payments-v1');
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('api:default/payments-v1');
  });

  it('answers 401 without credentials', async () => {
    const { app } = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    const res = await request(app).get('/v1/entities/api/default/payments-v1');
    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('AuthenticationError');
  });

  it('answers 403 when the permission policy denies the read, naming the entity', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const { app } = await createApp({ permissions });
    const res = await request(app).get('/v1/entities/api/default/payments-v1');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('api:default/payments-v1');
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'customer-impact.entity.read',
          }),
          resourceRef: 'api:default/payments-v1',
        },
      ],
      expect.anything(),
    );
  });

  it('answers 404 for an entity the catalog does not have (or does not show the caller)', async () => {
    const { app } = await createApp();
    const res = await request(app).get('/v1/entities/component/default/nope');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual(
      expect.objectContaining({
        name: 'NotFoundError',
        message: 'No entity component:default/nope in the catalog',
      }),
    );
  });

  it("reads the entity with the caller's credentials", async () => {
    const { app, catalog } = await createApp();
    const spy = jest.spyOn(catalog, 'getEntityByRef');
    await request(app)
      .get('/v1/entities/component/default/checkout')
      .set('Authorization', mockCredentials.user.header('user:default/ada'));
    expect(spy).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'checkout' },
      { credentials: mockCredentials.user('user:default/ada') },
    );
  });

  it.each([
    ['/v1/entities/api/default/has%20space', 'Invalid entity name "has space"'],
    [
      '/v1/entities/api/bad_namespace!/x',
      'Invalid entity namespace "bad_namespace!"',
    ],
    ['/v1/entities/a%3Ab/default/x', 'Invalid entity kind "a:b"'],
  ])('answers 400 for %s', async (path, message) => {
    const { app } = await createApp();
    const res = await request(app).get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
  });
});

describe('the facet contract in the summary', () => {
  function deprecation() {
    return deprecationFacet(
      new DeprecationService({
        catalog: catalogServiceMock({ entities: demoCatalog() }),
        store: {
          recordSnapshots: async () => {},
          importPoints: async () => ({ inserted: 0, updated: 0, unchanged: 0 }),
          getBurndown: async () => [],
        },
        logger: mockServices.logger.mock(),
        now,
      }),
    );
  }

  it('serves the other facets when one throws, and answers error with its reason for that one', async () => {
    const { app } = await createApp({
      facets: [
        deprecation(),
        stubFacet('journeys', notSetUp.journeys),
        stubFacet('supportLoad', notSetUp.supportLoad, async () => {
          throw new Error('support store unreachable');
        }),
        stubFacet('slos', notSetUp.slos),
      ],
    });
    const res = await request(app).get('/v1/entities/api/default/payments-v1');
    expect(res.status).toBe(200);
    expect(res.body.supportLoad).toEqual({
      status: 'error',
      reason: 'support store unreachable',
      lastUpdatedAt: null,
    });
    expect(res.body.deprecation).toEqual(
      expect.objectContaining({ status: 'ok', deprecated: true }),
    );
    expect(res.body.journeys.status).toBe('not-configured');
    expect(res.body.slos.status).toBe('not-configured');
  });

  it('runs the facets concurrently', async () => {
    // Each facet waits until both have started: awaited one after another,
    // the first would wait forever and the request would time out.
    let started = 0;
    let release!: () => void;
    const bothStarted = new Promise<void>(resolve => {
      release = resolve;
    });
    const waiting = <K extends FacetKey>(
      key: K,
      answer: () => SummaryFacets[K],
    ) =>
      stubFacet(key, answer, async () => {
        started += 1;
        if (started === 2) {
          release();
        }
        await Promise.race([
          bothStarted,
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('not concurrent')), 2000),
          ),
        ]);
        return answer();
      });
    const { app } = await createApp({
      facets: [
        deprecation(),
        waiting('supportLoad', notSetUp.supportLoad),
        waiting('slos', notSetUp.slos),
      ],
    });
    const res = await request(app).get('/v1/entities/api/default/payments-v1');
    expect(res.body.supportLoad.status).toBe('not-configured');
    expect(res.body.slos.status).toBe('not-configured');
  });

  it('gives every facet the same "now" and the caller\'s credentials', async () => {
    const summarize = jest.fn(async () => notSetUp.slos());
    const { app } = await createApp({
      facets: [deprecation(), stubFacet('slos', notSetUp.slos, summarize)],
    });
    await request(app)
      .get('/v1/entities/api/default/payments-v1')
      .set('Authorization', mockCredentials.user.header('user:default/ada'));
    expect(summarize).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'API' }),
      {
        credentials: mockCredentials.user('user:default/ada'),
        now: new Date('2026-11-21T12:00:00Z'),
      },
    );
  });

  it('answers not-configured with a how-to for an entity that is neither deprecated nor exposed', async () => {
    const { app } = await createApp();
    const res = await request(app).get('/v1/entities/api/default/payments-v2');
    expect(res.body.deprecation).toEqual(
      expect.objectContaining({
        status: 'not-configured',
        deprecated: false,
        exposure: [],
        lastUpdatedAt: null,
        howTo: expect.objectContaining({
          annotation: 'customer-impact/sunset',
        }),
      }),
    );
  });
});
