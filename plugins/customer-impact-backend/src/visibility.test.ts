import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { catalogWithHiddenEntitiesFactory } from './__testUtils__/catalog';
import { routeTestCatalog, startPluginRouter } from './__testUtils__/plugin';

jest.setTimeout(60_000);

// Saturday 21 Nov 2026 12:00 UTC; this ISO week (W47) began on Monday 16 Nov.
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

const GUEST = 'user:default/guest';
const ADA = 'user:default/ada';

/**
 * Ada cannot see `hiddenFromAda` in the catalog, and the policy denies her
 * `customer-impact.entity.read` on `deniedToAda`; the guest sees everything.
 */
function restrictedPlugin(options: {
  entities: Entity[];
  hiddenFromAda: string[];
  deniedToAda: string[];
}) {
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) => {
      const user = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      return requests.map(r => ({
        result:
          user === ADA &&
          'resourceRef' in r &&
          options.deniedToAda.includes(r.resourceRef as string)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }));
    },
    // Asked without a resource, as a policy would answer it: Ada's reads
    // depend on the entity (the catalog hides some, the policy denies
    // some), so both are conditional for her; the guest may read all.
    authorizeConditional: async (requests, { credentials }) => {
      const user = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      return requests.map(r =>
        user === ADA
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: r.permission.resourceType,
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: r.permission.resourceType,
                params: { claims: [ADA] },
              },
            }
          : { result: AuthorizeResult.ALLOW },
      ) as never;
    },
  });
  return startPluginRouter({
    permissions,
    catalog: catalogWithHiddenEntitiesFactory(options.entities, {
      [ADA]: options.hiddenFromAda,
    }),
  });
}

const ticket = (externalId: string, entityRef: string, openedAt: string) => ({
  source: 'jira',
  externalId,
  entityRef,
  consumerRef: 'group:default/team-checkout',
  kind: 'ticket',
  openedAt,
});

describe("a group's internal customers", () => {
  it('count only the events of owned entities the caller may read', async () => {
    const { app } = await restrictedPlugin({
      entities: routeTestCatalog(),
      hiddenFromAda: ['component:default/legacy-runner'],
      deniedToAda: ['api:default/payments-v1'],
    });
    const push = await request(app)
      .post('/v1/support-events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        events: [
          ticket(
            'P-1',
            'component:default/payments-service',
            '2026-11-16T09:00:00Z',
          ),
          ticket(
            'P-2',
            'component:default/payments-service',
            '2026-11-17T09:00:00Z',
          ),
          ticket(
            'L-1',
            'component:default/legacy-runner',
            '2026-11-17T10:00:00Z',
          ),
          ticket('A-1', 'api:default/payments-v1', '2026-11-18T10:00:00Z'),
        ],
      });
    expect(push.status).toBe(200);

    const consumers = (user: string) =>
      request(app)
        .get('/v1/groups/default/platform/consumers')
        .set('Authorization', mockCredentials.user.header(user));

    const guest = await consumers(GUEST);
    expect(guest.status).toBe(200);
    expect(guest.body.ownedEntityRefs).toEqual([
      'api:default/payments-v1',
      'component:default/legacy-runner',
      'component:default/payments-service',
    ]);
    expect(guest.body.total).toBe(4);

    // Ada sees payments-service only: legacy-runner is hidden from her by the
    // catalog, and reading the figures of payments-v1 is denied to her.
    const ada = await consumers(ADA);
    expect(ada.status).toBe(200);
    expect(ada.body.ownedEntityRefs).toEqual([
      'component:default/payments-service',
    ]);
    expect(ada.body.total).toBe(2);
    expect(ada.body.consumers).toEqual([
      expect.objectContaining({
        consumerRef: 'group:default/team-checkout',
        total: 2,
        topEntities: [
          { entityRef: 'component:default/payments-service', count: 2 },
        ],
      }),
    ]);
    const linked = ada.body.consumers.flatMap((c: any) =>
      c.recentEvents.map((e: any) => e.entityRef),
    );
    expect(new Set(linked)).toEqual(
      new Set(['component:default/payments-service']),
    );
    expect(JSON.stringify(ada.body)).not.toMatch(/legacy-runner|payments-v1/);
  });
});

describe('the journeys that pass through an entity', () => {
  function journey(name: string): Entity {
    return {
      apiVersion: 'customer-impact/v1alpha1',
      kind: 'Journey',
      metadata: { name, namespace: 'default', title: `Journey ${name}` },
      spec: {
        owner: 'group:default/platform',
        persona: 'new-hire',
        stages: [
          {
            name: 'Ship',
            steps: [{ id: 'deploy', title: 'Deploy', entityRef: 'checkout' }],
          },
        ],
      },
    };
  }

  it('are only those the caller may see and read', async () => {
    const names = ['seen-by-all', 'hidden-from-ada', 'denied-to-ada'];
    const entities = routeTestCatalog().map(e =>
      e.metadata.name === 'checkout'
        ? {
            ...e,
            relations: names.map(n => ({
              type: 'customer-impact/journeyStepOf',
              targetRef: `journey:default/${n}`,
            })),
          }
        : e,
    );
    const { app } = await restrictedPlugin({
      entities: [...entities, ...names.map(journey)],
      hiddenFromAda: ['journey:default/hidden-from-ada'],
      deniedToAda: ['journey:default/denied-to-ada'],
    });
    const journeysOf = async (user: string) => {
      const res = await request(app)
        .get('/v1/entities/component/default/checkout')
        .set('Authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      return res.body.journeys.journeys.map((j: any) => j.journeyRef);
    };
    expect(await journeysOf(GUEST)).toEqual(
      names.map(n => `journey:default/${n}`).sort(),
    );
    expect(await journeysOf(ADA)).toEqual(['journey:default/seen-by-all']);
  });
});

describe('events about entities the catalog does not have', () => {
  const ghost = (): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ghost', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:platform' },
  });

  async function pushOrphanHistory(entities: Entity[]) {
    const { app } = await startPluginRouter({ entities });
    const push = await request(app)
      .post('/v1/support-events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        events: [
          // This week, on an entity the catalog has.
          ticket(
            'P-1',
            'component:default/payments-service',
            '2026-11-17T09:00:00Z',
          ),
          // Ten weeks ago (W37, 7 Sep), on an entity it does not have (yet).
          ticket('G-1', 'component:default/ghost', '2026-09-08T09:00:00Z'),
        ],
      });
    const summary = await request(app)
      .get('/v1/entities/component/default/payments-service')
      .set('Authorization', mockCredentials.user.header(GUEST));
    return { push, trend: summary.body.supportLoad.trend };
  }

  it('are accepted, listed in the answer, and count in no figure', async () => {
    const { push, trend } = await pushOrphanHistory(routeTestCatalog());
    expect(push.status).toBe(200);
    expect(push.body).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: [
        'component:default/ghost',
        'group:default/team-checkout',
      ],
    });
    // Collection began this week as far as the catalog's entities go: the 12
    // weeks before are not covered (no data), not weeks of 0 tickets.
    expect(trend.weeks.every((w: any) => w.total === null)).toBe(true);
    expect(trend.median.total).toBeNull();
  });

  it('are walked past, earliest first, beyond the first read of 200', async () => {
    const { app } = await startPluginRouter({ entities: routeTestCatalog() });
    // 250 events in August on 250 entities the catalog does not have, then
    // one on an entity it has in W37 (8 Sep), then this week's.
    const ghosts = Array.from({ length: 250 }, (_, i) =>
      ticket(
        `G-${i}`,
        `component:default/ghost-${i}`,
        new Date(Date.UTC(2026, 7, 1, 0, i)).toISOString(),
      ),
    );
    const push = await request(app)
      .post('/v1/support-events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        events: [
          ...ghosts,
          ticket('A-1', 'api:default/payments-v1', '2026-09-08T09:00:00Z'),
          ticket(
            'P-1',
            'component:default/payments-service',
            '2026-11-17T09:00:00Z',
          ),
        ],
      });
    expect(push.status).toBe(200);
    expect(push.body.inserted).toBe(252);
    const summary = await request(app)
      .get('/v1/entities/component/default/payments-service')
      .set('Authorization', mockCredentials.user.header(GUEST));
    expect(summary.status).toBe(200);
    // Collection began in W37, as far as the catalog's entities go: W37..W46
    // covered (10 weeks, 0 tickets each), W35 and W36 not.
    const covered = summary.body.supportLoad.trend.weeks.filter(
      (w: any) => w.total !== null,
    );
    expect(covered.map((w: any) => w.week.label)).toEqual(
      Array.from({ length: 10 }, (_, i) => `2026-W${37 + i}`),
    );
    expect(covered.every((w: any) => w.total === 0)).toBe(true);
  });

  it('count once the entity exists, without pushing them again', async () => {
    const { push, trend } = await pushOrphanHistory([
      ...routeTestCatalog(),
      ghost(),
    ]);
    expect(push.body.unknownEntityRefs).toEqual([
      'group:default/team-checkout',
    ]);
    // Collection began in W37: the weeks from W37 on are covered, with 0
    // tickets on payments-service each (12 weeks: W35..W46; W35, W36 not covered).
    const covered = trend.weeks.filter((w: any) => w.total !== null);
    expect(covered).toHaveLength(10);
    expect(covered.every((w: any) => w.total === 0)).toBe(true);
    expect(trend.median.total).toBe(0);
  });
});
