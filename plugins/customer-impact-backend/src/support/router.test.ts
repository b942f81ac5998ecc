import {
  TestDatabases,
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { deprecationFacet } from '../deprecation/DeprecationFacet';
import { supportFacet } from './SupportFacet';
import { demoCatalog } from '../__testUtils__/entities';
import { DeprecationService } from '../deprecation/DeprecationService';
import { createRouter } from '../service/router';
import { DatabaseSupportStore } from './SupportStore';
import { SupportService } from './SupportService';

jest.setTimeout(60_000);

// Saturday 21 November 2026, 12:00 UTC: ISO week 2026-W47 began on Monday
// 16 November; the 12 weeks before it begin on Monday 24 August.
const NOW = new Date('2026-11-21T12:00:00Z');
const now = () => NOW;

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const extraEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-service', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:platform' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'paged-but-quiet',
      namespace: 'default',
      annotations: { 'pagerduty.com/service-id': 'PQUIET1' },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:platform' },
  },
  {
    apiVersion: 'backstage.io/v1',
    kind: 'Group',
    metadata: { name: 'platform', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'ownerOf', targetRef: 'component:default/payments-service' },
      { type: 'ownerOf', targetRef: 'component:default/legacy-runner' },
      { type: 'ownerOf', targetRef: 'api:default/payments-v1' },
    ],
  },
];

async function createApp(options?: {
  httpAuth?: ReturnType<typeof mockServices.httpAuth>;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
  /** More catalog entities. */
  entities?: Entity[];
}) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseSupportStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  const support = new SupportService({ store, now });
  const catalog = catalogServiceMock({
    entities: [
      ...demoCatalog(),
      ...extraEntities,
      ...(options?.entities ?? []),
    ],
  });
  const deprecation = new DeprecationService({
    catalog,
    store: {
      recordSnapshots: async () => {},
      importPoints: async () => ({ inserted: 0, updated: 0, unchanged: 0 }),
      getBurndown: async () => [],
    },
    logger: mockServices.logger.mock(),
    now,
  });
  const permissions =
    options?.permissions ??
    mockServices.permissions({ result: AuthorizeResult.ALLOW });
  const httpAuth = options?.httpAuth ?? mockServices.httpAuth();
  const router = await createRouter({
    httpAuth,
    permissions,
    catalog,
    logger: mockServices.logger.mock(),
    facets: [
      deprecationFacet(deprecation),
      supportFacet({
        service: support,
        auth: mockServices.auth(),
        httpAuth,
        permissions,
        catalog,
      }),
    ],
    now,
  });
  return { app: express().use(router).use(mockErrorHandler()), permissions };
}

const PAYMENTS = 'component:default/payments-service';

function ev(externalId: string, fields: Record<string, unknown>) {
  return {
    source: 'jira',
    externalId,
    entityRef: PAYMENTS,
    kind: 'ticket',
    ...fields,
  };
}

/**
 * The worked example. This week (W47, Mon 16 – Sat 21 Nov 12:00):
 * T1 ticket access checkout 2 h; T2 ticket access billing 30 min; P1, P2, P3
 * pages in the Wednesday 00:00–12:00 shift (P1 checkout resolved in 1 h);
 * M1 manual exception quota checkout, open. Earlier: W45 (Nov 2) ticket
 * access checkout, open; W46 (Nov 9) T3 ticket dns search, 1 day; L1 on
 * legacy-runner (search); X1 on checkout, which platform does not own.
 */
const history = [
  ev('T1', {
    openedAt: '2026-11-16T09:00:00Z',
    resolvedAt: '2026-11-16T11:00:00Z',
    category: 'access',
    consumerRef: 'group:default/team-checkout',
    title: 'Cannot rotate API key',
    url: 'https://jira.example.com/browse/T1',
  }),
  ev('T2', {
    openedAt: '2026-11-17T10:00:00Z',
    resolvedAt: '2026-11-17T10:30:00Z',
    category: 'Access',
    consumerRef: 'team-billing',
  }),
  ev('P1', {
    source: 'pagerduty',
    kind: 'page',
    openedAt: '2026-11-18T01:00:00Z',
    resolvedAt: '2026-11-18T02:00:00Z',
    consumerRef: 'group:default/team-checkout',
  }),
  ev('P2', {
    source: 'pagerduty',
    kind: 'page',
    openedAt: '2026-11-18T03:00:00Z',
  }),
  ev('P3', {
    source: 'pagerduty',
    kind: 'page',
    openedAt: '2026-11-18T11:00:00Z',
  }),
  ev('M1', {
    kind: 'manual-exception',
    openedAt: '2026-11-19T08:00:00Z',
    category: 'quota',
    consumerRef: 'group:default/team-checkout',
  }),
  ev('W45', {
    openedAt: '2026-11-03T08:00:00Z',
    category: 'access',
    consumerRef: 'group:default/team-checkout',
  }),
  ev('T3', {
    openedAt: '2026-11-10T08:00:00Z',
    resolvedAt: '2026-11-11T08:00:00Z',
    category: 'dns',
    consumerRef: 'group:default/team-search',
  }),
  ev('L1', {
    entityRef: 'component:default/legacy-runner',
    openedAt: '2026-11-12T08:00:00Z',
    category: 'one-off',
    consumerRef: 'group:default/team-search',
  }),
  ev('X1', {
    entityRef: 'component:default/checkout',
    openedAt: '2026-11-12T08:00:00Z',
    consumerRef: 'group:default/team-billing',
  }),
];

describe('POST /v1/support-events', () => {
  it('inserts a batch, leaves a replay unchanged and updates an event resolved later', async () => {
    const { app } = await createApp();
    const first = await request(app)
      .post('/v1/support-events')
      .set('Authorization', mockCredentials.service.header())
      .send({ events: history });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      inserted: 10,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: [
        // consumers the test catalog does not have: listed, stored all the same
        'group:default/team-billing',
        'group:default/team-checkout',
        'group:default/team-search',
      ],
    });

    // The same batch again: nothing changes, nothing is duplicated.
    const replay = await request(app)
      .post('/v1/support-events')
      .send({ events: history });
    expect(replay.body).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 10,
      unknownEntityRefs: [
        // consumers the test catalog does not have: listed, stored all the same
        'group:default/team-billing',
        'group:default/team-checkout',
        'group:default/team-search',
      ],
    });

    // P2 resolved later, with a new event in the same batch.
    const later = await request(app)
      .post('/v1/support-events')
      .send({
        events: [
          { ...history[3], resolvedAt: '2026-11-18T05:00:00+01:00' },
          ev('T4', { openedAt: '2026-11-20T08:00:00Z' }),
        ],
      });
    expect(later.body).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 0,
      unknownEntityRefs: [],
    });

    const list = await request(app).get(
      '/v1/entities/component/default/payments-service/support-events?limit=3',
    );
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(9); // 8 of the history + T4, P2 only once
    expect(
      list.body.events.map((e: { externalId: string }) => e.externalId),
    ).toEqual(['T4', 'M1', 'P3']);
    const all = await request(app).get(
      '/v1/entities/component/default/payments-service/support-events?limit=500',
    );
    const p2 = all.body.events.filter(
      (e: { externalId: string }) => e.externalId === 'P2',
    );
    expect(p2).toEqual([
      expect.objectContaining({
        source: 'pagerduty',
        resolvedAt: '2026-11-18T04:00:00.000Z', // 05:00 at +01:00
        receivedAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      }),
    ]);
  });

  it('answers 400 naming the index and field of a bad event, and writes none of the batch', async () => {
    const { app } = await createApp();
    const res = await request(app)
      .post('/v1/support-events')
      .send({
        events: [
          ev('OK1', { openedAt: '2026-11-16T09:00:00Z' }),
          ev('BAD', { openedAt: 'yesterday' }),
          ev('BAD2', { openedAt: '2026-11-16T09:00:00Z', kind: 'complaint' }),
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(
      'events[1].openedAt: must be an ISO 8601 timestamp with a zone',
    );
    expect(res.body.error.message).toContain(
      'events[2].kind: must be one of "ticket", "page", "escalation", "manual-exception", got "complaint"',
    );
    const list = await request(app).get(
      '/v1/entities/component/default/payments-service/support-events',
    );
    expect(list.body).toEqual({ entityRef: PAYMENTS, events: [], total: 0 });
  });

  it.each([
    ['events: must hold at least one event', { events: [] }],
    ['events: is required', { items: [] }],
    [
      'events[0].resolvedAt: must not be before openedAt',
      {
        events: [
          ev('A', {
            openedAt: '2026-11-16T09:00:00Z',
            resolvedAt: '2026-11-15T09:00:00Z',
          }),
        ],
      },
    ],
    [
      'events[0].entityRef: must be an entity ref',
      {
        events: [
          ev('A', { openedAt: '2026-11-16T09:00:00Z', entityRef: 'payments' }),
        ],
      },
    ],
    [
      'events[0].url: must be an absolute http(s) URL',
      {
        events: [ev('A', { openedAt: '2026-11-16T09:00:00Z', url: 'ftp://x' })],
      },
    ],
    [
      'events[0].status: is not a known field',
      {
        events: [ev('A', { openedAt: '2026-11-16T09:00:00Z', status: 'open' })],
      },
    ],
    [
      'events[0].externalId: is required',
      {
        events: [
          {
            source: 'jira',
            entityRef: PAYMENTS,
            kind: 'ticket',
            openedAt: '2026-11-16T09:00:00Z',
          },
        ],
      },
    ],
    [
      'events[1]: duplicates events[0]',
      {
        events: [
          ev('A', { openedAt: '2026-11-16T09:00:00Z' }),
          ev('A', { openedAt: '2026-11-17T09:00:00Z' }),
        ],
      },
    ],
  ])('answers 400 with "%s"', async (message, body) => {
    const { app } = await createApp();
    const res = await request(app).post('/v1/support-events').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('answers 401 without credentials', async () => {
    const { app } = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    const res = await request(app)
      .post('/v1/support-events')
      .send({ events: history });
    expect(res.status).toBe(401);
  });

  it('answers 403 when the create permission is denied', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const { app } = await createApp({ permissions });
    const res = await request(app)
      .post('/v1/support-events')
      .send({ events: history });
    expect(res.status).toBe(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'customer-impact.support-events.create',
          }),
        },
      ],
      expect.anything(),
    );
  });
});

describe('GET /v1/entities/.../support-events', () => {
  it('answers 404 for an unknown entity, 400 for a bad limit, 403 when denied', async () => {
    const { app } = await createApp();
    const missing = await request(app).get(
      '/v1/entities/component/default/nope/support-events',
    );
    expect(missing.status).toBe(404);
    const bad = await request(app).get(
      '/v1/entities/component/default/payments-service/support-events?limit=0',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain(
      'limit: must be a whole number from 1 to 500',
    );

    const denied = await createApp({
      permissions: mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
      }),
    });
    const res = await request(denied.app).get(
      '/v1/entities/component/default/payments-service/support-events',
    );
    expect(res.status).toBe(403);
  });
});

describe('the supportLoad key of the summary', () => {
  it('computes this week against the 12-week median, shifts, long tail and time to resolve', async () => {
    const { app } = await createApp();
    await request(app).post('/v1/support-events').send({ events: history });
    const res = await request(app).get(
      '/v1/entities/component/default/payments-service',
    );
    expect(res.status).toBe(200);
    const facet = res.body.supportLoad;
    expect(facet.status).toBe('ok');
    expect(facet.window).toEqual({
      from: '2026-08-24T00:00:00.000Z',
      to: '2026-11-21T12:00:00.000Z',
      weeks: 12,
      thisWeek: {
        label: '2026-W47',
        start: '2026-11-16T00:00:00.000Z',
        end: '2026-11-23T00:00:00.000Z',
      },
    });
    expect(facet.lastUpdatedAt).toBe('2026-11-21T12:00:00.000Z');
    expect(facet.sources).toEqual(['jira', 'pagerduty']);
    // This week: T1, T2 tickets; P1–P3 pages; M1 manual exception.
    expect(facet.thisWeek.counts).toEqual({
      ticket: 2,
      page: 3,
      escalation: 0,
      'manual-exception': 1,
    });
    // Saturday 12:00 is 132 h into the week: ceil(132 / 12) = 11 shifts began;
    // 3 pages in Wednesday's 00:00–12:00 shift is over the limit of 2.
    expect(facet.thisWeek.pages).toEqual({
      limit: 2,
      pages: 3,
      shifts: 11,
      pagesPerShift: 3 / 11,
      worstShift: {
        start: '2026-11-18T00:00:00.000Z',
        end: '2026-11-18T12:00:00.000Z',
        pages: 3,
      },
      shiftsOverLimit: 1,
      exceedsLimit: true,
    });
    // Resolved this week: 7200, 1800, 3600 s → median 3600.
    expect(facet.thisWeek.medianTimeToResolveSeconds).toBe(3600);
    expect(facet.thisWeek.manualExceptions).toEqual({ count: 1, open: 1 });
    // The first event ever stored (W45, 3 Nov) is in the week of 2 Nov, so
    // the 10 weeks before are not covered; W45 and W46 had one ticket each.
    expect(
      facet.trend.weeks.filter((w: { counts: unknown }) => w.counts === null),
    ).toHaveLength(10);
    expect(facet.trend.median).toEqual({
      ticket: 1,
      page: 0,
      escalation: 0,
      'manual-exception': 0,
      total: 1,
    });
    expect(facet.trend.difference).toEqual({
      ticket: 1,
      page: 3,
      escalation: 0,
      'manual-exception': 1,
      total: 5,
    });
    // Window: 8 events; access 3 (T1, T2 lower-cased, W45), dns 1, quota 1 form
    // the head; the 3 uncategorised pages are the long tail: 3 / 8.
    expect(facet.longTail).toEqual({
      topN: 3,
      topCategories: [
        { category: 'access', count: 3 },
        { category: 'dns', count: 1 },
        { category: 'quota', count: 1 },
      ],
      total: 8,
      longTail: 3,
      uncategorised: 3,
      share: 0.375,
    });
    // Resolved in the window: 1800, 3600, 7200, 86400 s → nearest rank
    // ceil(4 / 2) = 2 → 3600.
    expect(facet.medianTimeToResolveSeconds).toBe(3600);
    expect(facet.resolvedCount).toBe(4);
  });

  it('says not-configured, with how to, for an entity without events or annotations', async () => {
    const { app } = await createApp();
    const res = await request(app).get(
      '/v1/entities/component/default/billing',
    );
    expect(res.body.supportLoad).toEqual({
      status: 'not-configured',
      howTo: expect.objectContaining({
        text: expect.stringContaining(
          'POST /api/customer-impact/v1/support-events',
        ),
        snippets: expect.arrayContaining([
          expect.objectContaining({
            code: expect.stringContaining('pagerduty.com/service-id'),
          }),
        ]),
        docsUrl: expect.stringMatching(/^https:\/\//),
      }),
      lastUpdatedAt: null,
    });
  });

  it('says no-data, never zeros, for an annotated entity without events', async () => {
    const { app } = await createApp();
    const res = await request(app).get(
      '/v1/entities/component/default/paged-but-quiet',
    );
    expect(res.body.supportLoad).toEqual({
      status: 'no-data',
      reason: expect.stringContaining('pagerduty.com/service-id'),
      window: expect.objectContaining({ from: '2026-08-24T00:00:00.000Z' }),
      lastUpdatedAt: null,
    });
  });
});

describe('GET /v1/groups/:namespace/:name/consumers', () => {
  it('ranks the consuming teams across every entity the group owns', async () => {
    const { app } = await createApp();
    await request(app).post('/v1/support-events').send({ events: history });
    const res = await request(app).get('/v1/groups/default/platform/consumers');
    expect(res.status).toBe(200);
    expect(res.body.groupRef).toBe('group:default/platform');
    expect(res.body.ownedEntityRefs).toEqual([
      'api:default/payments-v1',
      'component:default/legacy-runner',
      'component:default/payments-service',
    ]);
    // 9 events on owned entities (X1 is on checkout, not owned by platform).
    expect(res.body.total).toBe(9);
    // checkout: T1, P1, M1, W45 = 4; search: T3, L1 = 2; unknown: P2, P3 = 2
    // (ties by ref: "group:..." before "unknown"); billing: T2 = 1.
    expect(
      res.body.consumers.map(
        (c: { consumerRef: string; total: number; share: number }) => [
          c.consumerRef,
          c.total,
          c.share,
        ],
      ),
    ).toEqual([
      ['group:default/team-checkout', 4, 4 / 9],
      ['group:default/team-search', 2, 2 / 9],
      ['unknown', 2, 2 / 9],
      ['group:default/team-billing', 1, 1 / 9],
    ]);
    const checkout = res.body.consumers[0];
    expect(checkout.counts).toEqual({
      ticket: 2,
      page: 1,
      escalation: 0,
      'manual-exception': 1,
    });
    expect(checkout.topEntities).toEqual([{ entityRef: PAYMENTS, count: 4 }]);
    expect(
      checkout.recentEvents.map((e: { externalId: string }) => e.externalId),
    ).toEqual(['M1', 'P1', 'T1']);
    expect(res.body.consumers[1].topEntities).toEqual([
      { entityRef: 'component:default/legacy-runner', count: 1 },
      { entityRef: PAYMENTS, count: 1 },
    ]);
  });

  it("gives each team of a page its 3 latest events (ties by id) and its top entities, read for that page's teams only", async () => {
    const { app } = await createApp();
    const legacy = 'component:default/legacy-runner';
    const at = (day: number, hour: number) =>
      new Date(Date.UTC(2026, 10, day, hour)).toISOString();
    await request(app)
      .post('/v1/support-events')
      .send({
        events: [
          // search: 7 events, three of them opened at the same instant.
          ev('S1', {
            consumerRef: 'group:default/team-search',
            openedAt: at(10, 9),
          }),
          ev('S2', {
            consumerRef: 'group:default/team-search',
            openedAt: at(12, 9),
          }),
          ev('S3', {
            consumerRef: 'group:default/team-search',
            openedAt: at(19, 8),
          }),
          ev('S4', {
            consumerRef: 'group:default/team-search',
            openedAt: at(19, 8),
            entityRef: legacy,
          }),
          ev('S5', {
            consumerRef: 'group:default/team-search',
            openedAt: at(19, 8),
            entityRef: legacy,
          }),
          ev('S6', {
            consumerRef: 'group:default/team-search',
            openedAt: at(20, 7),
            entityRef: legacy,
          }),
          ev('S7', {
            consumerRef: 'group:default/team-search',
            openedAt: at(11, 7),
          }),
          // unknown (no team named): 6 events.
          ...[1, 2, 3, 4, 5, 6].map(i =>
            ev(`U${i}`, { openedAt: at(10 + i, 6) }),
          ),
          // billing: 2 events.
          ev('B1', {
            consumerRef: 'group:default/team-billing',
            openedAt: at(18, 6),
          }),
          ev('B2', {
            consumerRef: 'group:default/team-billing',
            openedAt: at(19, 6),
            entityRef: legacy,
          }),
        ],
      })
      .expect(200);
    const first = await request(app).get(
      '/v1/groups/default/platform/consumers?limit=1',
    );
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(15);
    expect(first.body.page.total).toBe(3);
    const [search] = first.body.consumers;
    expect(search.consumerRef).toBe('group:default/team-search');
    // Latest first; S3, S4 and S5 were opened at the same instant: ordered
    // by id, the last kept is S4.
    expect(
      search.recentEvents.map((e: { externalId: string }) => e.externalId),
    ).toEqual(['S6', 'S5', 'S4']);
    // legacy-runner 3, payments 4: payments first.
    expect(search.topEntities).toEqual([
      { entityRef: PAYMENTS, count: 4 },
      { entityRef: legacy, count: 3 },
    ]);

    const second = await request(app).get(
      `/v1/groups/default/platform/consumers?limit=1&cursor=${encodeURIComponent(
        first.body.page.nextCursor,
      )}`,
    );
    const [unknown] = second.body.consumers;
    expect(unknown.consumerRef).toBe('unknown');
    expect(unknown.total).toBe(6);
    expect(
      unknown.recentEvents.map((e: { externalId: string }) => e.externalId),
    ).toEqual(['U6', 'U5', 'U4']);
    expect(unknown.topEntities).toEqual([{ entityRef: PAYMENTS, count: 6 }]);

    const third = await request(app).get(
      `/v1/groups/default/platform/consumers?limit=1&cursor=${encodeURIComponent(
        second.body.page.nextCursor,
      )}`,
    );
    expect(
      third.body.consumers.map((c: { consumerRef: string }) => c.consumerRef),
    ).toEqual(['group:default/team-billing']);
    expect(
      third.body.consumers[0].recentEvents.map(
        (e: { externalId: string }) => e.externalId,
      ),
    ).toEqual(['B2', 'B1']);
    expect(third.body.page.nextCursor).toBeNull();
  });

  it("counts the group's whole tree: the entities its sub-groups own, at any depth", async () => {
    const group = (name: string, relations: Entity['relations']): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations,
    });
    const { app } = await createApp({
      entities: [
        group('org', [
          { type: 'parentOf', targetRef: 'group:default/platform' },
          { type: 'parentOf', targetRef: 'group:default/data' },
        ]),
        group('data', [
          { type: 'childOf', targetRef: 'group:default/org' },
          { type: 'parentOf', targetRef: 'group:default/storage' },
        ]),
        group('storage', [
          { type: 'childOf', targetRef: 'group:default/data' },
          // A cycle in the catalog's data stops the walk, not the server.
          { type: 'parentOf', targetRef: 'group:default/org' },
          { type: 'ownerOf', targetRef: 'component:default/ledger-db' },
        ]),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'ledger-db', namespace: 'default' },
          spec: { type: 'database', lifecycle: 'production', owner: 'storage' },
        },
      ],
    });
    await request(app)
      .post('/v1/support-events')
      .send({
        events: [
          ...history,
          ev('D1', {
            entityRef: 'component:default/ledger-db',
            consumerRef: 'group:default/team-billing',
            kind: 'ticket',
            openedAt: '2026-11-18T09:00:00Z',
          }),
        ],
      });
    const res = await request(app).get('/v1/groups/default/org/consumers');
    expect(res.status).toBe(200);
    expect(res.body.ownedEntityRefs).toEqual([
      'api:default/payments-v1',
      'component:default/ledger-db',
      'component:default/legacy-runner',
      'component:default/payments-service',
    ]);
    // The platform's 9 and ledger-db's 1.
    expect(res.body.total).toBe(10);
    expect(
      res.body.consumers.map((c: { consumerRef: string; total: number }) => [
        c.consumerRef,
        c.total,
      ]),
    ).toEqual([
      ['group:default/team-checkout', 4],
      ['group:default/team-billing', 2],
      ['group:default/team-search', 2],
      ['unknown', 2],
    ]);
  });

  it('answers 404 for an unknown group and 401 without credentials', async () => {
    const { app } = await createApp();
    expect(
      (await request(app).get('/v1/groups/default/nobody/consumers')).status,
    ).toBe(404);
    const anonymous = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    expect(
      (
        await request(anonymous.app).get(
          '/v1/groups/default/platform/consumers',
        )
      ).status,
    ).toBe(401);
  });
});
