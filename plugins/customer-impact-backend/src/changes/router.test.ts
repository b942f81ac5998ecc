import {
  TestDatabases,
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  DefinitivePolicyDecision,
} from '@backstage/plugin-permission-common';
import { SupportEvent } from '@customer-impact/plugin-customer-impact-common';
import express from 'express';
import request from 'supertest';
import { DatabaseSupportStore } from '../support/SupportStore';
import { createChanges } from '.';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

// The worked example of -common's relief tests: a change at Wednesday
// 3 March 2027 10:00 UTC, seen on 24 March 12:00 UTC (3 whole weeks later).
const AT = '2027-03-03T10:00:00.000Z';
const NOW = new Date('2027-03-24T12:00:00Z');

const V2 = 'api:default/payments-v2';
const SECRET = 'component:default/secret-service';
const CHECKOUT = 'group:default/team-checkout';
const BILLING = 'group:default/team-billing';

const group = (name: string, title: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title },
  spec: { type: 'team', children: [] },
});

const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: 'payments-v2',
      namespace: 'default',
      title: 'Payments API v2',
    },
    spec: { type: 'openapi', lifecycle: 'production', owner: 'group:platform' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/platform' },
      { type: 'apiConsumedBy', targetRef: 'component:default/refunds-worker' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'refunds-worker', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: CHECKOUT },
    relations: [{ type: 'ownedBy', targetRef: CHECKOUT }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'secret-service', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:platform' },
  },
  group('team-checkout', 'Checkout team'),
  group('team-billing', 'Billing team'),
  group('platform', 'Platform team'),
];

/**
 * The policy of most tests: everything but secret-service may be read;
 * everything else is allowed (recording a change on it too).
 */
const hidingSecret = () =>
  mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(
        (r): DefinitivePolicyDecision => ({
          result:
            r.permission.name === 'customer-impact.entity.read' &&
            'resourceRef' in r &&
            r.resourceRef === SECRET
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }),
      ),
  });

const denyingAll = () =>
  mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.DENY })),
  });

async function createApp(options?: {
  httpAuth?: ReturnType<typeof mockServices.httpAuth>;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
  now?: Date;
}) {
  const knex = await databases.init('SQLITE_3');
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const permissions = options?.permissions ?? hidingSecret();
  const httpAuth = options?.httpAuth ?? mockServices.httpAuth();
  const { router } = await createChanges({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
    auth: mockServices.auth(),
    httpAuth,
    permissions,
    catalog: catalogServiceMock({ entities: catalogEntities }),
    database,
    now: () => options?.now ?? NOW,
  });
  const support = await DatabaseSupportStore.create({ database });
  return {
    app: express().use(router).use(mockErrorHandler()),
    permissions,
    support,
  };
}

const change = {
  id: 'PLAT-42',
  title: 'Self-service API keys',
  at: '2027-03-03T11:00:00+01:00', // 10:00 UTC
  entityRefs: [V2, SECRET],
  url: 'https://github.com/acme/payments/pull/42',
};

let seq = 0;
function ev(
  entityRef: string,
  openedAt: string,
  consumerRef?: string,
): SupportEvent {
  seq += 1;
  return {
    source: 'jira',
    externalId: `E-${seq}`,
    entityRef,
    kind: 'ticket',
    openedAt,
    ...(consumerRef ? { consumerRef } : {}),
  };
}

/**
 * Checkout: 12 tickets in [3 Feb 10:00, 3 Mar 10:00) → 12 / 4 = 3.0 a week,
 * 1 in [3 Mar 10:00, 24 Mar 10:00) → 1 / 3 a week (one on each boundary).
 * Billing: 4 before → 1.0, 3 after → 1.0. On secret-service, which the caller
 * may not read, the growth team raised 5: left out.
 */
const events: SupportEvent[] = [
  ev(V2, '2027-02-03T10:00:00.000Z', CHECKOUT),
  ...[5, 8, 10, 12, 15, 17, 19, 22, 24, 26].map(d =>
    ev(V2, `2027-02-${String(d).padStart(2, '0')}T09:00:00.000Z`, CHECKOUT),
  ),
  ev(V2, '2027-03-03T09:59:59.999Z', CHECKOUT),
  ev(V2, '2027-03-03T10:00:00.000Z', CHECKOUT),
  ev(V2, '2027-03-24T10:00:00.000Z', CHECKOUT), // the after window's end: neither
  ...['02-04', '02-11', '02-18', '02-25', '03-04', '03-11', '03-18'].map(d =>
    ev(V2, `2027-${d}T09:00:00.000Z`, BILLING),
  ),
  ...[1, 2, 3, 4, 5].map(d =>
    ev(SECRET, `2027-03-0${d}T09:00:00.000Z`, 'group:default/team-growth'),
  ),
];

describe('POST /v1/changes', () => {
  it('records a batch, leaves a replay unchanged and updates a change sent with other values', async () => {
    const { app } = await createApp();
    const first = await request(app)
      .post('/v1/changes')
      .set('Authorization', mockCredentials.user.header('user:default/ada'))
      .send({ changes: [change, { ...change, id: 'PLAT-43' }] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ inserted: 2, updated: 0, unchanged: 0 });

    const replay = await request(app)
      .post('/v1/changes')
      .set('Authorization', mockCredentials.service.header())
      .send({ changes: [change, { ...change, id: 'PLAT-43' }] });
    expect(replay.body).toEqual({ inserted: 0, updated: 0, unchanged: 2 });

    const moved = await request(app)
      .post('/v1/changes')
      .set('Authorization', mockCredentials.service.header())
      .send({ changes: [{ ...change, title: 'Self-service API keys (v2)' }] });
    expect(moved.body).toEqual({ inserted: 0, updated: 1, unchanged: 0 });

    const list = await request(app).get('/v1/changes');
    expect(list.body.changes).toEqual([
      {
        id: 'PLAT-43',
        title: 'Self-service API keys',
        at: AT,
        entityRefs: [V2], // secret-service: the caller may not see it
        url: change.url,
        recordedBy: 'user:default/ada',
        recordedAt: NOW.toISOString(),
      },
      {
        id: 'PLAT-42',
        title: 'Self-service API keys (v2)',
        at: AT,
        entityRefs: [V2],
        url: change.url,
        recordedBy: 'external:test-service',
        recordedAt: NOW.toISOString(),
      },
    ]);
  });

  it('answers 400 naming the index and the field, and writes none of the batch', async () => {
    const { app } = await createApp();
    const res = await request(app)
      .post('/v1/changes')
      .send({
        changes: [
          change,
          { ...change, id: 'B', at: 'last tuesday' },
          { ...change, id: 'C', entityRefs: ['payments'] },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toBe(
      'changes[1].at: must be an ISO 8601 timestamp with a zone, such as "2027-03-01T09:30:00Z", got "last tuesday"; ' +
        'changes[2].entityRefs[0]: must be an entity ref such as "component:default/payments", got "payments"',
    );
    expect((await request(app).get('/v1/changes')).body).toEqual({
      changes: [],
    });
  });

  it('answers 401 without credentials and 403 without the create permission', async () => {
    const none = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    expect(
      (
        await request(none.app)
          .post('/v1/changes')
          .send({ changes: [change] })
      ).status,
    ).toBe(401);

    const denied = await createApp({ permissions: denyingAll() });
    const res = await request(denied.app)
      .post('/v1/changes')
      .send({ changes: [change] });
    expect(res.status).toBe(403);
    // Asked per entity of the batch (a resource permission): the first denied is named.
    expect(res.body.error.message).toBe(
      'Not allowed to record changes of api:default/payments-v2',
    );
    expect(denied.permissions.authorize).toHaveBeenCalledWith(
      [V2, SECRET].map(resourceRef => ({
        permission: expect.objectContaining({
          name: 'customer-impact.change.create',
        }),
        resourceRef,
      })),
      expect.anything(),
    );
  });
});

describe('GET /v1/changes', () => {
  async function withChanges() {
    const created = await createApp();
    await request(created.app)
      .post('/v1/changes')
      .send({
        changes: [
          { ...change, id: 'a', at: '2027-01-01T00:00:00Z' },
          { ...change, id: 'b', at: '2027-02-01T00:00:00Z' },
          { ...change, id: 'c', at: '2027-03-01T00:00:00Z' },
          {
            ...change,
            id: 'only-secret',
            at: '2027-03-02T00:00:00Z',
            entityRefs: [SECRET],
          },
          {
            ...change,
            id: 'other',
            at: '2027-02-15T00:00:00Z',
            entityRefs: ['component:default/refunds-worker'],
          },
        ],
      });
    return created;
  }

  it('pages newest first with a cursor, leaving out changes the caller cannot see', async () => {
    const { app } = await withChanges();
    const first = await request(app).get('/v1/changes?limit=2');
    expect(first.status).toBe(200);
    // "only-secret" is the newest, but concerns nothing the caller may see
    expect(first.body.changes.map((c: { id: string }) => c.id)).toEqual(['c']);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await request(app).get(
      `/v1/changes?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.changes.map((c: { id: string }) => c.id)).toEqual([
      'other',
      'b',
    ]);
    const third = await request(app).get(
      `/v1/changes?limit=2&cursor=${second.body.nextCursor}`,
    );
    expect(third.body).toEqual({
      changes: [expect.objectContaining({ id: 'a' })],
    });
  });

  it('filters by entity', async () => {
    const { app } = await withChanges();
    const res = await request(app).get(
      '/v1/changes?entityRef=component:default/refunds-worker',
    );
    expect(res.body.changes.map((c: { id: string }) => c.id)).toEqual([
      'other',
    ]);
    const both = await request(app).get(
      `/v1/changes?entityRef=component:default/refunds-worker&entityRef=${V2}`,
    );
    expect(both.body.changes.map((c: { id: string }) => c.id)).toEqual([
      'c',
      'other',
      'b',
      'a',
    ]);
  });

  it('answers 400 naming the parameter, 403 for an entity the caller may not read, 404 for an unknown one, 401 without credentials', async () => {
    const { app } = await withChanges();
    for (const [query, message] of [
      ['entityRef=payments', 'entityRef: must be an entity ref such as'],
      ['limit=101', 'limit: must be a whole number from 1 to 100, got "101"'],
      ['cursor=nonsense', 'cursor: must be a nextCursor this API returned'],
    ]) {
      const res = await request(app).get(`/v1/changes?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    expect(
      (await request(app).get(`/v1/changes?entityRef=${SECRET}`)).status,
    ).toBe(403);
    expect(
      (await request(app).get('/v1/changes?entityRef=component:default/nope'))
        .status,
    ).toBe(404);
    const none = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    expect((await request(none.app).get('/v1/changes')).status).toBe(401);
  });
});

describe('DELETE /v1/changes/{id}', () => {
  it('deletes a change (204), then answers 404', async () => {
    const { app } = await createApp();
    await request(app)
      .post('/v1/changes')
      .send({ changes: [change] });
    const res = await request(app).delete('/v1/changes/PLAT-42');
    expect(res.status).toBe(204);
    expect((await request(app).get('/v1/changes')).body.changes).toEqual([]);
    const again = await request(app).delete('/v1/changes/PLAT-42');
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe('No change with id "PLAT-42"');
  });

  it('answers 400 for a malformed id, 403 without the delete permission, 401 without credentials', async () => {
    const { app } = await createApp();
    const bad = await request(app).delete('/v1/changes/%20x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('id: must be 1 to 200 letters');

    const denied = await createApp({ permissions: denyingAll() });
    const res = await request(denied.app).delete('/v1/changes/PLAT-42');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Not allowed to delete changes');
    expect(denied.permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'customer-impact.change.delete',
          }),
        },
      ],
      expect.anything(),
    );

    const none = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    expect((await request(none.app).delete('/v1/changes/PLAT-42')).status).toBe(
      401,
    );
  });
});

describe('GET /v1/changes/{id}/relief', () => {
  it('says the relief per consuming team and per entity, leaving out what the caller cannot see', async () => {
    const { app, support } = await createApp();
    await support.upsertEvents(events, NOW);
    await request(app)
      .post('/v1/changes')
      .send({ changes: [change] });

    const res = await request(app).get('/v1/changes/PLAT-42/relief');
    expect(res.status).toBe(200);
    const relief = res.body;
    expect(relief.change).toMatchObject({ id: 'PLAT-42', entityRefs: [V2] });
    expect(relief.weeks).toBe(4);
    expect(relief.weeksAfterElapsed).toBe(3);
    expect(relief.tooEarly).toBe(false);
    expect(relief.windows.before).toEqual({
      from: '2027-02-03T10:00:00.000Z',
      to: AT,
      weeks: 4,
    });
    expect(
      relief.teams.map((t: any) => [
        t.teamRef,
        t.title,
        t.consumes,
        t.support.beforePerWeek,
        t.support.afterPerWeek,
      ]),
    ).toEqual([
      // Checkout owns refunds-worker, which consumes payments-v2
      [CHECKOUT, 'Checkout team', [V2], 3, 1 / 3],
      [BILLING, 'Billing team', [], 1, 1],
    ]);
    expect(relief.entities).toHaveLength(1);
    expect(relief.entities[0]).toMatchObject({
      entityRef: V2,
      title: 'Payments API v2',
      slos: [],
      journeySteps: [],
    });
    // 12 + 4 = 16 before → 4.0 a week; 1 + 3 = 4 after → 4 / 3 a week
    expect(relief.entities[0].support.before).toBe(16);
    expect(relief.entities[0].support.beforePerWeek).toBe(4);
    expect(relief.entities[0].support.afterPerWeek).toBeCloseTo(4 / 3, 10);
    expect(JSON.stringify(relief)).not.toContain('secret-service');
    expect(JSON.stringify(relief)).not.toContain('team-growth');
  });

  it('is too early to tell under one week, and takes the weeks asked for', async () => {
    const early = await createApp({ now: new Date('2027-03-06T10:00:00Z') });
    await early.support.upsertEvents(events, NOW);
    await request(early.app)
      .post('/v1/changes')
      .send({ changes: [change] });
    const res = await request(early.app).get(
      '/v1/changes/PLAT-42/relief?weeks=2',
    );
    expect(res.status).toBe(200);
    expect(res.body.tooEarly).toBe(true);
    expect(res.body.weeks).toBe(2);
    expect(res.body.weeksAfterElapsed).toBe(0);
    const checkout = res.body.teams.find((t: any) => t.teamRef === CHECKOUT);
    // [17 Feb 10:00, 3 Mar 10:00): the 17 Feb ticket (09:00) is just outside;
    // 19, 22, 24, 26 Feb and 3 Mar 09:59:59.999 → 5 / 2 = 2.5 a week
    expect(checkout.support.before).toBe(5);
    expect(checkout.support.beforePerWeek).toBe(2.5);
    expect(checkout.support.afterPerWeek).toBeNull();
    expect(checkout.support.afterReason).toBe(
      'too early to tell: less than a week has passed since the change (2027-03-03T10:00:00.000Z)',
    );
  });

  it('answers 400 for bad weeks, 404 for an unknown change, 403 when every entity is denied, 401 without credentials', async () => {
    const { app } = await createApp();
    await request(app)
      .post('/v1/changes')
      .send({ changes: [change] });
    for (const weeks of ['0', '27', '1.5', 'four']) {
      const res = await request(app).get(
        `/v1/changes/PLAT-42/relief?weeks=${weeks}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        `weeks: must be a whole number from 1 to 26, got "${weeks}"`,
      );
    }
    const unknown = await request(app).get('/v1/changes/PLAT-0/relief');
    expect(unknown.status).toBe(404);

    await request(app)
      .post('/v1/changes')
      .send({ changes: [{ ...change, id: 'secret', entityRefs: [SECRET] }] });
    const secret = await request(app).get('/v1/changes/secret/relief');
    expect(secret.status).toBe(403);

    const none = await createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    expect(
      (await request(none.app).get('/v1/changes/PLAT-42/relief')).status,
    ).toBe(401);
  });

  it('answers 404 when the catalog shows the caller none of the entities', async () => {
    const { app } = await createApp();
    await request(app)
      .post('/v1/changes')
      .send({
        changes: [
          { ...change, id: 'gone', entityRefs: ['component:default/removed'] },
        ],
      });
    const res = await request(app).get('/v1/changes/gone/relief');
    expect(res.status).toBe(404);
  });
});
