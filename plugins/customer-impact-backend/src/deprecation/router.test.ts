import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { demoCatalog } from '../__testUtils__/entities';
import { DeprecationService } from './DeprecationService';
import { createDeprecationRouter } from './router';
import {
  DeprecationCampaignStore,
  NewDeprecationExemption,
} from './DeprecationCampaignStore';

/** An in-memory campaign store: enough for the routes. */
function memoryCampaignStore(): DeprecationCampaignStore & {
  added: NewDeprecationExemption[];
} {
  const added: NewDeprecationExemption[] = [];
  const toExemption = (e: NewDeprecationExemption, i: number, now: Date) => ({
    id: String(i + 1),
    entityRef: e.entityRef,
    dependentRef: e.dependentRef,
    ownerRef: e.ownerRef,
    reason: e.reason,
    until: e.until,
    recordedAt: e.recordedAt.toISOString(),
    active: e.until >= now.toISOString().slice(0, 10),
  });
  return {
    added,
    addExemption: async e => {
      added.push(e);
      return toExemption(e, added.length - 1, e.recordedAt);
    },
    listExemptions: async (_ref, now) =>
      added.map((e, i) => toExemption(e, i, now)).reverse(),
    exemptDependents: async () => new Set(),
    notifiedDependents: async () => new Set(),
    recordNotice: async () => {},
  };
}

function createApp(options?: {
  httpAuth?: ReturnType<typeof mockServices.httpAuth>;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
}) {
  const imported: unknown[] = [];
  const catalog = catalogServiceMock({ entities: demoCatalog() });
  const campaigns = memoryCampaignStore();
  const service = new DeprecationService({
    catalog,
    campaigns,
    store: {
      recordSnapshots: async () => {},
      importPoints: async points => {
        imported.push(...points);
        return { inserted: points.length, updated: 0, unchanged: 0 };
      },
      getBurndown: async () => [],
    },
    logger: mockServices.logger.mock(),
    now: () => new Date('2026-11-21T12:00:00Z'),
  });
  const router = createDeprecationRouter({
    httpAuth: options?.httpAuth ?? mockServices.httpAuth(),
    auth: mockServices.auth(),
    permissions:
      options?.permissions ??
      mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    catalog,
    service,
  });
  return {
    app: express().use(router).use(mockErrorHandler()),
    imported,
    campaigns,
  };
}

const body = {
  points: [
    { entityRef: 'api:default/payments-v1', date: '2026-10-01', dependents: 6 },
  ],
};

describe('POST /v1/deprecation-burndown', () => {
  it('imports the history and says what it inserted', async () => {
    const { app, imported } = createApp();
    const res = await request(app)
      .post('/v1/deprecation-burndown')
      .set('Authorization', mockCredentials.service.header())
      .send(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ inserted: 1, updated: 0, unchanged: 0, unknownEntityRefs: [] });
    expect(imported).toEqual([
      {
        entityRef: 'api:default/payments-v1',
        day: '2026-10-01',
        dependents: 6,
      },
    ]);
  });

  it('answers 401 without credentials', async () => {
    const { app, imported } = createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    const res = await request(app).post('/v1/deprecation-burndown').send(body);
    expect(res.status).toBe(401);
    expect(imported).toEqual([]);
  });

  it('answers 403 when the policy denies customer-impact.deprecation-burndown.create', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const { app, imported } = createApp({ permissions });
    const res = await request(app).post('/v1/deprecation-burndown').send(body);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Not allowed to import deprecation burndown history',
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'customer-impact.deprecation-burndown.create',
          }),
        },
      ],
      expect.anything(),
    );
    expect(imported).toEqual([]);
  });

  it('answers 400 naming the field', async () => {
    const { app } = createApp();
    const res = await request(app)
      .post('/v1/deprecation-burndown')
      .send({ points: [{ ...body.points[0], dependents: 'six' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('points[0].dependents');
  });
});

describe('POST /v1/entities/{kind}/{namespace}/{name}/deprecation-exemptions', () => {
  const path = '/v1/entities/api/default/payments-v1/deprecation-exemptions';
  const exemption = {
    dependentRef: 'component:default/billing',
    reason: 'Quarter-end billing freeze; migrating in January',
    until: '2027-01-31',
  };

  it('records an exemption as a new record each time and lists the history, newest first', async () => {
    const { app, campaigns } = createApp();
    const first = await request(app)
      .post(path)
      .set('Authorization', mockCredentials.user.header('user:default/ada'))
      .send(exemption);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: '1',
      entityRef: 'api:default/payments-v1',
      dependentRef: 'component:default/billing',
      ownerRef: 'group:default/team-billing',
      reason: 'Quarter-end billing freeze; migrating in January',
      until: '2027-01-31',
      recordedAt: '2026-11-21T12:00:00.000Z',
      active: true,
    });
    // Who recorded it is stored, not returned.
    expect(campaigns.added[0].recordedBy).toBe('user:default/ada');
    expect(JSON.stringify(first.body)).not.toContain('ada');

    const second = await request(app)
      .post(path)
      .send({ ...exemption, until: '2027-02-28', reason: 'Freeze extended' });
    expect(second.status).toBe(201);

    const list = await request(app).get(path);
    expect(list.status).toBe(200);
    expect(list.body.entityRef).toBe('api:default/payments-v1');
    expect(list.body.exemptions.map((e: { until: string }) => e.until)).toEqual(
      ['2027-02-28', '2027-01-31'],
    );
  });

  it('answers 401 without credentials', async () => {
    const { app, campaigns } = createApp({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    const res = await request(app).post(path).send(exemption);
    expect(res.status).toBe(401);
    expect(campaigns.added).toEqual([]);
  });

  it('answers 403 when the policy denies customer-impact.deprecation-exemption.create on the dependent', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            r.permission.name === 'customer-impact.deprecation-exemption.create'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const { app, campaigns } = createApp({ permissions });
    const res = await request(app).post(path).send(exemption);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Not allowed to exempt component:default/billing from the deprecation of api:default/payments-v1',
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'customer-impact.deprecation-exemption.create',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/billing',
        },
      ],
      expect.anything(),
    );
    expect(campaigns.added).toEqual([]);
  });

  it('answers 403 when the caller may not read the deprecated entity', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const { app } = createApp({ permissions });
    const res = await request(app).post(path).send(exemption);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Not allowed to read the customer impact of api:default/payments-v1',
    );
  });

  it.each([
    [
      { ...exemption, reason: '  ' },
      'reason: must say why the dependent cannot migrate yet',
    ],
    [
      { ...exemption, reason: 'Freeze\u0000' },
      'reason: must not contain the NUL character (\\u0000)',
    ],
    [
      { ...exemption, until: '31/01/2027' },
      'until: must be a date as YYYY-MM-DD',
    ],
    [
      { ...exemption, until: '2026-11-20' },
      'until: must be today (2026-11-21) or later, got "2026-11-20"',
    ],
    [
      { ...exemption, dependentRef: 'checkout' },
      'dependentRef: must be an entity ref',
    ],
    [
      { ...exemption, dependentRef: 'component:default/payments-v2' },
      'dependentRef: component:default/payments-v2 does not depend on api:default/payments-v1',
    ],
    [{ reason: 'x', until: '2027-01-01' }, 'dependentRef'],
  ])('answers 400 naming the field (%j)', async (sent, message) => {
    const { app, campaigns } = createApp();
    const res = await request(app).post(path).send(sent);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(campaigns.added).toEqual([]);
  });

  it('answers 400 on an entity that is not deprecated and 404 on an unknown one', async () => {
    const { app } = createApp();
    const notDeprecated = await request(app)
      .post('/v1/entities/api/default/payments-v2/deprecation-exemptions')
      .send(exemption);
    expect(notDeprecated.status).toBe(400);
    expect(notDeprecated.body.error.message).toContain(
      'api:default/payments-v2 is not deprecated',
    );
    const unknown = await request(app)
      .post('/v1/entities/api/default/nope/deprecation-exemptions')
      .send(exemption);
    expect(unknown.status).toBe(404);
  });
});
