import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { routesOf, startPluginRouter } from './__testUtils__/plugin';

jest.setTimeout(60_000);

// The plugin reads the clock itself: only Date is fixed, timers run.
const NOW = new Date('2026-11-21T12:00:00Z');
beforeAll(() => {
  jest.useFakeTimers({
    now: NOW,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
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

/** A permission a route asks for, and the entity it asks it about (resource permissions). */
interface Asked {
  name: string;
  resourceRef?: string;
}

/**
 * One route of the plugin's router: how to call it so that it succeeds, and
 * the permissions that decide it. ADD A ROW FOR EVERY NEW ROUTE: the first
 * test fails while a route of the router has no row.
 */
interface RouteCase {
  /** `METHOD /path` exactly as the router declares it. */
  route: string;
  /** A concrete path to call. */
  path: string;
  body?: object;
  /** Every permission the route asks for; denying any one of them is a 403. */
  permissions: Asked[];
  /** The principals that may call it; the others get 403. Default: users and services. */
  principals?: Array<'user' | 'service'>;
  /** What the route answers when allowed. */
  okStatus: number;
}

const READ = 'customer-impact.entity.read';
const sample = {
  entityRef: 'component:default/checkout',
  slo: 'availability',
  start: '2026-11-21T11:00:00Z',
  durationSeconds: 300,
  good: 99,
  total: 100,
};

const ROUTES: RouteCase[] = [
  {
    route: 'GET /v1/entities/:kind/:namespace/:name',
    path: '/v1/entities/component/default/checkout',
    // The caller's standing, asked without a resource (see CallerAccess).
    permissions: [{ name: READ }],
    okStatus: 200,
  },
  {
    route: 'POST /v1/deprecation-burndown',
    path: '/v1/deprecation-burndown',
    body: {
      points: [
        {
          entityRef: 'api:default/payments-v1',
          date: '2026-11-01',
          dependents: 3,
        },
      ],
    },
    permissions: [{ name: 'customer-impact.deprecation-burndown.create' }],
    okStatus: 200,
  },
  {
    route: 'POST /v1/slo-samples',
    path: '/v1/slo-samples',
    body: { samples: [sample] },
    permissions: [{ name: 'customer-impact.slo-samples.create' }],
    okStatus: 200,
  },
  {
    route: 'POST /v1/entities/:kind/:namespace/:name/slos/refresh',
    path: '/v1/entities/component/default/checkout/slos/refresh',
    permissions: [
      { name: READ, resourceRef: 'component:default/checkout' },
      {
        name: 'customer-impact.entity.refresh',
        resourceRef: 'component:default/checkout',
      },
    ],
    okStatus: 200,
  },
  {
    // checkout has no SLOs: allowed, the route answers 404 for the unknown SLO.
    route: 'GET /v1/entities/:kind/:namespace/:name/slos/:slo',
    path: '/v1/entities/component/default/checkout/slos/availability',
    permissions: [{ name: READ, resourceRef: 'component:default/checkout' }],
    okStatus: 404,
  },
  {
    route: 'POST /v1/journey-events',
    path: '/v1/journey-events',
    body: {
      events: [
        {
          eventId: 'e1',
          journeyRef: 'journey:default/first-deploy',
          stepId: 'create',
          subject: 'person-1',
          type: 'started',
          at: '2026-11-20T09:00:00Z',
        },
      ],
    },
    permissions: [{ name: 'customer-impact.journey-events.create' }],
    okStatus: 200,
  },
  {
    route: 'POST /v1/journey-feedback',
    path: '/v1/journey-feedback',
    body: {
      feedback: [
        {
          feedbackId: 'f1',
          journeyRef: 'journey:default/first-deploy',
          stepId: 'create',
          subject: 'person-1',
          kind: 'done',
          at: '2026-11-20T09:00:00Z',
        },
      ],
    },
    permissions: [{ name: 'customer-impact.journey-events.create' }],
    okStatus: 200,
  },
  {
    route: 'GET /v1/journeys/:namespace/:name/figures',
    path: '/v1/journeys/default/first-deploy/figures',
    permissions: [{ name: READ, resourceRef: 'journey:default/first-deploy' }],
    okStatus: 200,
  },
  {
    route: 'POST /v1/journeys/:namespace/:name/steps/:stepId/feedback',
    path: '/v1/journeys/default/first-deploy/steps/create/feedback',
    body: { kind: 'stuck', effort: 5 },
    permissions: [
      { name: READ, resourceRef: 'journey:default/first-deploy' },
      {
        name: 'customer-impact.journey-feedback.create',
        resourceRef: 'journey:default/first-deploy',
      },
    ],
    principals: ['user'],
    okStatus: 201,
  },
  {
    route: 'POST /v1/support-events',
    path: '/v1/support-events',
    body: {
      events: [
        {
          source: 'jira',
          externalId: 'OPS-1',
          entityRef: 'component:default/payments-service',
          kind: 'ticket',
          openedAt: '2026-11-20T09:00:00Z',
        },
      ],
    },
    permissions: [{ name: 'customer-impact.support-events.create' }],
    okStatus: 200,
  },
  {
    route: 'GET /v1/entities/:kind/:namespace/:name/support-events',
    path: '/v1/entities/component/default/payments-service/support-events',
    permissions: [
      { name: READ, resourceRef: 'component:default/payments-service' },
    ],
    okStatus: 200,
  },
  {
    route: 'GET /v1/groups/:namespace/:name/consumers',
    path: '/v1/groups/default/platform/consumers',
    permissions: [{ name: READ, resourceRef: 'group:default/platform' }],
    okStatus: 200,
  },
  {
    route: 'GET /v1/entities/:kind/:namespace/:name/release-gate',
    path: '/v1/entities/component/default/checkout/release-gate',
    permissions: [
      {
        name: 'customer-impact.release-gate.read',
        resourceRef: 'component:default/checkout',
      },
    ],
    okStatus: 200,
  },
  {
    route: 'GET /v1/groups/:namespace/:name/rollup',
    path: '/v1/groups/default/platform/rollup',
    permissions: [{ name: READ, resourceRef: 'group:default/platform' }],
    okStatus: 200,
  },
  {
    route: 'POST /v1/groups/:namespace/:name/rollup/refresh',
    path: '/v1/groups/default/platform/rollup/refresh',
    permissions: [
      { name: READ, resourceRef: 'group:default/platform' },
      {
        name: 'customer-impact.rollup.refresh',
        resourceRef: 'group:default/platform',
      },
    ],
    okStatus: 200,
  },
  {
    route: 'POST /v1/entities/:kind/:namespace/:name/deprecation-exemptions',
    path: '/v1/entities/api/default/payments-v1/deprecation-exemptions',
    body: {
      dependentRef: 'component:default/checkout',
      reason: 'The checkout freeze ends in January',
      until: '2026-12-31',
    },
    permissions: [
      { name: READ, resourceRef: 'api:default/payments-v1' },
      // Asked about the dependent: a policy can keep it to its owners.
      {
        name: 'customer-impact.deprecation-exemption.create',
        resourceRef: 'component:default/checkout',
      },
    ],
    okStatus: 201,
  },
  {
    route: 'GET /v1/entities/:kind/:namespace/:name/deprecation-exemptions',
    path: '/v1/entities/api/default/payments-v1/deprecation-exemptions',
    permissions: [{ name: READ, resourceRef: 'api:default/payments-v1' }],
    okStatus: 200,
  },
  {
    route: 'POST /v1/changes',
    path: '/v1/changes',
    body: {
      changes: [
        {
          id: 'PLAT-1',
          title: 'Self-service API keys',
          at: '2026-11-20T09:00:00Z',
          entityRefs: ['api:default/payments-v1', 'component:default/checkout'],
        },
      ],
    },
    // Asked about every entity of the batch.
    permissions: [
      {
        name: 'customer-impact.change.create',
        resourceRef: 'api:default/payments-v1',
      },
      {
        name: 'customer-impact.change.create',
        resourceRef: 'component:default/checkout',
      },
    ],
    okStatus: 200,
  },
  {
    // Filtering by an entity needs reading it.
    route: 'GET /v1/changes',
    path: '/v1/changes?entityRef=component:default/checkout',
    permissions: [{ name: READ, resourceRef: 'component:default/checkout' }],
    okStatus: 200,
  },
  {
    // Allowed, and no such change: 404.
    route: 'DELETE /v1/changes/:id',
    path: '/v1/changes/PLAT-404',
    permissions: [{ name: 'customer-impact.change.delete' }],
    okStatus: 404,
  },
  {
    // No such change: 404 before any entity is read (nothing to ask).
    route: 'GET /v1/changes/:id/relief',
    path: '/v1/changes/PLAT-404/relief',
    permissions: [],
    okStatus: 404,
  },
];

/** Allows everything except the permission named `deny`; records every question. */
function permissionsDenying(deny?: string) {
  const asked: EvaluatePermissionRequest[] = [];
  const permissions = mockServices.permissions.mock({
    authorize: async requests => {
      asked.push(...(requests as EvaluatePermissionRequest[]));
      return requests.map(r => ({
        result:
          r.permission.name === deny
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }));
    },
    // Asked without a resource (the rollups' and the summary's standing of
    // the caller): a policy that denies a permission denies it here too.
    authorizeConditional: async requests => {
      asked.push(...(requests as EvaluatePermissionRequest[]));
      return requests.map(r => ({
        result:
          r.permission.name === deny
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })) as never;
    },
  });
  return { permissions, asked };
}

function call(
  app: Parameters<typeof request>[0],
  route: RouteCase,
  authorization?: string,
) {
  const method = route.route.split(' ')[0].toLowerCase() as
    | 'get'
    | 'post'
    | 'delete';
  let req = request(app)[method](route.path);
  if (authorization) {
    req = req.set('Authorization', authorization);
  }
  return route.body ? req.send(route.body) : req;
}

describe('every route of the router', () => {
  it('has a row in the table, and every row is a route', async () => {
    const { router } = await startPluginRouter();
    expect([...new Set(routesOf(router))].sort()).toEqual(
      ROUTES.map(r => r.route).sort(),
    );
  });

  describe.each(ROUTES.map(r => [r.route, r] as const))('%s', (_, route) => {
    it('answers 401 without credentials or with an invalid token', async () => {
      const { app } = await startPluginRouter();
      expect((await call(app, route)).status).toBe(401);
      expect(
        (await call(app, route, mockCredentials.user.invalidHeader())).status,
      ).toBe(401);
    });

    it('asks for its permissions about the right entity, and succeeds when they are allowed', async () => {
      const { permissions, asked } = permissionsDenying();
      const { app } = await startPluginRouter({ permissions });
      const principals = route.principals ?? ['user', 'service'];
      for (const principal of principals) {
        const res = await call(
          app,
          route,
          principal === 'user'
            ? mockCredentials.user.header('user:default/guest')
            : mockCredentials.service.header(),
        );
        expect({ principal, status: res.status, body: res.body }).toEqual({
          principal,
          status: route.okStatus,
          body: expect.anything(),
        });
      }
      for (const permission of route.permissions) {
        expect(
          asked.map(a => ({
            name: a.permission.name,
            ...(a.resourceRef ? { resourceRef: a.resourceRef } : {}),
          })),
        ).toContainEqual(permission);
      }
    });

    // A route that asks nothing in this set-up (the relief of an unknown
    // change) has its 403 tested with its own router (changes/router.test.ts):
    // its one row here denies a permission nobody asks, and expects the
    // route's answer unchanged.
    const denials =
      route.permissions.length > 0
        ? route.permissions.map(p => [p.name, 403] as const)
        : ([['customer-impact.nothing-asked', route.okStatus]] as const);
    it.each(denials)('answers %s denied with %s', async (name, status) => {
      const { permissions } = permissionsDenying(name);
      const { app } = await startPluginRouter({ permissions });
      const res = await call(
        app,
        route,
        mockCredentials.user.header('user:default/guest'),
      );
      expect(res.status).toBe(status);
      expect(res.body.error.name).toBe(
        status === 403 ? 'NotAllowedError' : 'NotFoundError',
      );
    });

    const refused = (['user', 'service'] as const).filter(
      p => !(route.principals ?? ['user', 'service']).includes(p),
    );
    for (const principal of refused) {
      it(`answers 403 to a ${principal}`, async () => {
        const { app } = await startPluginRouter();
        const res = await call(
          app,
          route,
          principal === 'user'
            ? mockCredentials.user.header()
            : mockCredentials.service.header(),
        );
        expect(res.status).toBe(403);
      });
    }
  });
});
