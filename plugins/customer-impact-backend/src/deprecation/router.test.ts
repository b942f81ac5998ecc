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

function createApp(options?: {
  httpAuth?: ReturnType<typeof mockServices.httpAuth>;
  permissions?: ReturnType<typeof mockServices.permissions.mock>;
}) {
  const imported: unknown[] = [];
  const catalog = catalogServiceMock({ entities: demoCatalog() });
  const service = new DeprecationService({
    catalog,
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
      options?.permissions ?? mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    catalog,
    service,
  });
  return { app: express().use(router).use(mockErrorHandler()), imported };
}

const body = {
  points: [{ entityRef: 'api:default/payments-v1', date: '2026-10-01', dependents: 6 }],
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
      { entityRef: 'api:default/payments-v1', day: '2026-10-01', dependents: 6 },
    ]);
  });

  it('answers 401 without credentials', async () => {
    const { app, imported } = createApp({
      httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
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
    expect(res.body.error.message).toBe('Not allowed to import deprecation burndown history');
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: expect.objectContaining({ name: 'customer-impact.deprecation-burndown.create' }) }],
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
