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
import { DeprecationService } from '../deprecation/DeprecationService';
import { createRouter } from './router';

const now = () => new Date('2026-11-21T12:00:00Z');

async function createApp(options?: {
  httpAuth?: ReturnType<typeof mockServices.httpAuth>;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
}) {
  const catalog = catalogServiceMock({ entities: demoCatalog() });
  const deprecation = new DeprecationService({
    catalog,
    store: {
      recordSnapshots: async () => {},
      getBurndown: async () => [{ date: '2026-11-20', dependents: 3 }],
    },
    logger: mockServices.logger.mock(),
    now,
  });
  const permissions =
    options?.permissions ?? mockServices.permissions({ result: AuthorizeResult.ALLOW });
  const router = await createRouter({
    httpAuth: options?.httpAuth ?? mockServices.httpAuth(),
    permissions,
    catalog,
    deprecation,
    now,
  });
  return { app: express().use(router).use(mockErrorHandler()), catalog, permissions };
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
          { entityRef: 'component:default/billing', ownerRef: 'group:default/team-billing' },
          { entityRef: 'component:default/checkout', ownerRef: 'group:default/team-checkout' },
        ],
        exposure: [],
        burndown: [{ date: '2026-11-20', dependents: 3 }],
      }),
      // Without the journeys facet installed, it says so rather than disappearing.
      journeys: expect.objectContaining({ status: 'not-configured', journeys: [] }),
      // Without the support service, support load says how to set it up.
      supportLoad: {
        status: 'not-configured',
        howTo: expect.stringContaining('POST /api/customer-impact/v1/support-events'),
      },
      // Without the SLO facet, SLOs say how to set them up.
      slos: expect.objectContaining({
        status: 'not-configured',
        annotation: 'customer-impact/openslo',
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
      httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
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
          permission: expect.objectContaining({ name: 'customer-impact.entity.read' }),
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

  it('reads the entity with the caller\'s credentials', async () => {
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
    ['/v1/entities/api/bad_namespace!/x', 'Invalid entity namespace "bad_namespace!"'],
    ['/v1/entities/a%3Ab/default/x', 'Invalid entity kind "a:b"'],
  ])('answers 400 for %s', async (path, message) => {
    const { app } = await createApp();
    const res = await request(app).get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
  });
});
