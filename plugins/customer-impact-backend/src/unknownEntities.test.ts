import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { catalogWithHiddenEntitiesFactory } from './__testUtils__/catalog';
import { routeTestCatalog, startPluginRouter } from './__testUtils__/plugin';

jest.setTimeout(60_000);

const NOW = new Date('2026-11-21T12:00:00Z');
beforeAll(() => {
  jest.useFakeTimers({
    now: NOW,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
});
afterAll(() => jest.useRealTimers());

/** Every push, with one item about an entity the catalog has and one about one it has not. */
const PUSHES: Array<{ path: string; body: object; unknown: string[] }> = [
  {
    path: '/v1/support-events',
    body: {
      events: [
        {
          source: 'jira',
          externalId: 'A',
          entityRef: 'component:default/checkout',
          kind: 'ticket',
          openedAt: '2026-11-20T09:00:00Z',
        },
        {
          source: 'jira',
          externalId: 'B',
          entityRef: 'Component:Default/Ghost',
          consumerRef: 'team-phantom',
          kind: 'ticket',
          openedAt: '2026-11-20T09:00:00Z',
        },
      ],
    },
    unknown: ['component:default/ghost', 'group:default/team-phantom'],
  },
  {
    path: '/v1/slo-samples',
    body: {
      samples: [
        {
          entityRef: 'component:default/checkout',
          slo: 'availability',
          start: '2026-11-21T11:00:00Z',
          durationSeconds: 300,
          good: 9,
          total: 10,
        },
        {
          entityRef: 'component:default/ghost',
          slo: 'availability',
          start: '2026-11-21T11:00:00Z',
          durationSeconds: 300,
          good: 9,
          total: 10,
        },
      ],
    },
    unknown: ['component:default/ghost'],
  },
  {
    path: '/v1/journey-events',
    body: {
      events: [
        {
          eventId: 'a',
          journeyRef: 'journey:default/first-deploy',
          stepId: 'create',
          subject: 'p1',
          type: 'started',
          at: '2026-11-20T09:00:00Z',
        },
        {
          eventId: 'b',
          journeyRef: 'later',
          stepId: 'create',
          subject: 'p1',
          type: 'started',
          at: '2026-11-20T09:00:00Z',
        },
      ],
    },
    unknown: ['journey:default/later'],
  },
  {
    path: '/v1/journey-feedback',
    body: {
      feedback: [
        {
          feedbackId: 'a',
          journeyRef: 'journey:default/first-deploy',
          stepId: 'create',
          subject: 'p1',
          kind: 'done',
          at: '2026-11-20T09:00:00Z',
        },
        {
          feedbackId: 'b',
          journeyRef: 'journey:default/later',
          stepId: 'create',
          subject: 'p1',
          kind: 'stuck',
          at: '2026-11-20T09:00:00Z',
        },
      ],
    },
    unknown: ['journey:default/later'],
  },
  {
    path: '/v1/deprecation-burndown',
    body: {
      points: [
        {
          entityRef: 'api:default/payments-v1',
          date: '2026-11-01',
          dependents: 3,
        },
        {
          entityRef: 'api:default/payments-v0',
          date: '2026-11-01',
          dependents: 9,
        },
      ],
    },
    unknown: ['api:default/payments-v0'],
  },
];

describe('a push about entities the catalog does not have', () => {
  it.each(PUSHES.map(p => [p.path, p] as const))(
    '%s: is stored whole, and the answer lists the refs it does not know',
    async (_, push) => {
      const { app } = await startPluginRouter();
      const res = await request(app)
        .post(push.path)
        .set('Authorization', mockCredentials.service.header())
        .send(push.body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
        unknownEntityRefs: push.unknown,
      });
    },
  );

  it.each(PUSHES.map(p => [p.path, p] as const))(
    '%s: pushed again by a service, asks the catalog only about the refs it did not have',
    async (_, push) => {
      // The catalog's by-refs reads made by the presence check (only kind,
      // namespace and name), recorded.
      const asked: string[][] = [];
      const base = catalogServiceMock({ entities: routeTestCatalog() });
      const catalog = Object.assign(Object.create(base), {
        async getEntitiesByRefs(
          read: Parameters<CatalogService['getEntitiesByRefs']>[0],
          options: Parameters<CatalogService['getEntitiesByRefs']>[1],
        ) {
          if (read.fields?.join() === 'kind,metadata.namespace,metadata.name') {
            asked.push([...read.entityRefs]);
          }
          return base.getEntitiesByRefs(read, options);
        },
      }) as CatalogService;
      const { app } = await startPluginRouter({
        catalog: createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
      });
      for (const expected of [2, 0]) {
        const res = await request(app)
          .post(push.path)
          .set('Authorization', mockCredentials.service.header())
          .send(push.body);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          inserted: expected,
          unknownEntityRefs: push.unknown,
        });
      }
      expect(asked).toHaveLength(2);
      expect(asked[0]).toEqual(expect.arrayContaining(push.unknown));
      expect(asked[0].length).toBeGreaterThan(push.unknown.length);
      expect(asked[1]).toEqual(push.unknown);
    },
  );

  it("looks a person's refs up with their credentials, a service's with the plugin's own", async () => {
    const { app } = await startPluginRouter({
      catalog: catalogWithHiddenEntitiesFactory(routeTestCatalog(), {
        'user:default/ada': ['component:default/billing'],
      }),
    });
    const event = (externalId: string) => ({
      source: 'jira',
      externalId,
      entityRef: 'component:default/billing',
      kind: 'ticket',
      openedAt: '2026-11-20T09:00:00Z',
    });
    // Ada cannot see billing: to her it does not exist (and her push says so,
    // rather than telling her it exists).
    const ada = await request(app)
      .post('/v1/support-events')
      .set('Authorization', mockCredentials.user.header('user:default/ada'))
      .send({ events: [event('A')] });
    expect(ada.body.unknownEntityRefs).toEqual(['component:default/billing']);
    const service = await request(app)
      .post('/v1/support-events')
      .set('Authorization', mockCredentials.service.header())
      .send({ events: [event('B')] });
    expect(service.body.unknownEntityRefs).toEqual([]);
  });
});

describe('journey events about a journey that is not in the catalog yet', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  function later(): Entity {
    return {
      apiVersion: 'customer-impact/v1alpha1',
      kind: 'Journey',
      metadata: { name: 'later', namespace: 'default' },
      spec: {
        owner: 'group:default/platform',
        persona: 'new-hire',
        stages: [{ name: 'Only', steps: [{ id: 'create', title: 'Create' }] }],
      },
    };
  }

  it('count in no figure until the journey exists, then count without being pushed again', async () => {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database.factory({ knex });
    const before = await startPluginRouter({ database });
    const events = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((p, i) => ({
      eventId: `later-${i}`,
      journeyRef: 'journey:default/later',
      stepId: 'create',
      subject: p,
      type: 'started',
      at: '2026-11-20T09:00:00Z',
    }));
    const push = await request(before.app)
      .post('/v1/journey-events')
      .set('Authorization', mockCredentials.service.header())
      .send({ events });
    expect(push.body.unknownEntityRefs).toEqual(['journey:default/later']);
    const absent = await request(before.app)
      .get('/v1/journeys/default/later/figures')
      .set('Authorization', mockCredentials.user.header());
    expect(absent.status).toBe(404);
    await before.backend.stop();

    // The journey is added to the catalog; the same database.
    const after = await startPluginRouter({
      database,
      entities: [...routeTestCatalog(), later()],
    });
    const figures = await request(after.app)
      .get('/v1/journeys/default/later/figures')
      .set('Authorization', mockCredentials.user.header());
    expect(figures.status).toBe(200);
    expect(figures.body.steps[0].peopleStarted).toBe(6);
  });
});
