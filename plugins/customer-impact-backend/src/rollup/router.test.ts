import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { PainIndexService } from '../pain';
import { createRouter } from '../service/router';
import { createRollups } from './createRollups';
import { encodeCursor } from './RollupService';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2026-11-25T12:00:00Z');

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  ...['a', 'b', 'c'].map(
    (name): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default' },
      spec: { owner: 'platform' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
    }),
  ),
];

async function createApp(
  databaseId: Parameters<typeof databases.init>[0],
  options: {
    httpAuth?: ReturnType<typeof mockServices.httpAuth>;
    authorize?: (
      permission: string,
    ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  } = {},
) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const catalog = catalogServiceMock({ entities });
  const httpAuth = options.httpAuth ?? mockServices.httpAuth();
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: options.authorize?.(r.permission.name) ?? AuthorizeResult.ALLOW,
      })) as PolicyDecision[] as never,
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })) as never,
  });
  const painConfig = { windowMs: 28 * 86_400_000, weights: {} };
  const logger = mockServices.logger.mock();
  const painIndex = new PainIndexService({
    facets: [],
    config: painConfig,
    logger,
  });
  const rollups = await createRollups({
    config: mockServices.rootConfig(),
    logger,
    auth: mockServices.auth(),
    httpAuth,
    permissions,
    catalog,
    database,
    facets: [],
    painIndex,
    painConfig,
    now: () => NOW,
  });
  const router = await createRouter({
    httpAuth,
    permissions,
    catalog,
    logger,
    facets: [],
    painIndex,
    routers: [rollups.router],
    now: () => NOW,
  });
  return { app: express().use(router).use(mockErrorHandler()), rollups };
}

describe.each(databases.eachSupportedId())(
  'rollup routes on %p',
  databaseId => {
    it('answers a page of the rollup with a cursor to the next', async () => {
      const { app, rollups } = await createApp(databaseId);
      await rollups.builder.refreshAll();
      const first = await request(app)
        .get('/v1/groups/default/platform/rollup?limit=2')
        .set('Authorization', mockCredentials.user.header());
      expect(first.status).toBe(200);
      // No facet measured anything: every value is null, ranked by ref.
      expect(
        first.body.entities.map((e: any) => [e.entityRef, e.painIndex.value]),
      ).toEqual([
        ['component:default/a', null],
        ['component:default/b', null],
      ]);
      expect(first.body.page).toEqual({
        limit: 2,
        total: 3,
        nextCursor: expect.any(String),
      });
      expect(first.body.computedAt).toBe(NOW.toISOString());
      const second = await request(app)
        .get('/v1/groups/default/platform/rollup')
        .query({ limit: 2, cursor: first.body.page.nextCursor })
        .set('Authorization', mockCredentials.user.header());
      expect(second.body.entities.map((e: any) => e.entityRef)).toEqual([
        'component:default/c',
      ]);
      expect(second.body.page.nextCursor).toBeNull();
    });

    it('refreshes on demand with the refresh permission', async () => {
      const { app } = await createApp(databaseId);
      const before = await request(app)
        .get('/v1/groups/default/platform/rollup')
        .set('Authorization', mockCredentials.user.header());
      expect(before.body.entities).toEqual([]);
      expect(before.body.computedAt).toBeNull();
      const res = await request(app)
        .post('/v1/groups/default/platform/rollup/refresh')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.page.total).toBe(3);
    });

    it.each([
      ['limit=0', 'limit: must be a whole number from 1 to 100, got "0"'],
      ['limit=101', 'limit: must be a whole number from 1 to 100, got "101"'],
      ['limit=abc', 'limit: must be a whole number from 1 to 100, got "abc"'],
      ['cursor=nonsense', 'cursor: not a cursor this API returned'],
      [
        `cursor=${encodeCursor({ value: 1, entityRef: 'x' }).slice(3)}`,
        'cursor: not a cursor this API returned',
      ],
    ])('answers 400 naming the parameter for %s', async (query, message) => {
      const { app } = await createApp(databaseId);
      const res = await request(app)
        .get(`/v1/groups/default/platform/rollup?${query}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    });

    it('answers 404 for a group the catalog does not have', async () => {
      const { app } = await createApp(databaseId);
      const res = await request(app)
        .get('/v1/groups/default/nobody/rollup')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(404);
    });

    it('answers 401 without credentials, on both routes', async () => {
      const { app } = await createApp(databaseId, {
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.none(),
        }),
      });
      expect(
        (await request(app).get('/v1/groups/default/platform/rollup')).status,
      ).toBe(401);
      expect(
        (await request(app).post('/v1/groups/default/platform/rollup/refresh'))
          .status,
      ).toBe(401);
    });

    it('answers 403 when the policy denies reading the group, or refreshing', async () => {
      const noRead = await createApp(databaseId, {
        authorize: p =>
          p === 'customer-impact.entity.read'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const read = await request(noRead.app)
        .get('/v1/groups/default/platform/rollup')
        .set('Authorization', mockCredentials.user.header());
      expect(read.status).toBe(403);
      const noRefresh = await createApp(databaseId, {
        authorize: p =>
          p === 'customer-impact.rollup.refresh'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const refresh = await request(noRefresh.app)
        .post('/v1/groups/default/platform/rollup/refresh')
        .set('Authorization', mockCredentials.user.header());
      expect(refresh.status).toBe(403);
      expect(refresh.body.error.message).toBe('Not allowed to refresh rollups');
    });
  },
);
