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
    permissions: [{ name: READ, resourceRef: 'component:default/checkout' }],
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
  });
  return { permissions, asked };
}

function call(
  app: Parameters<typeof request>[0],
  route: RouteCase,
  authorization?: string,
) {
  const method = route.route.split(' ')[0].toLowerCase() as 'get' | 'post';
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

    it.each(route.permissions.map(p => [p.name]))(
      'answers 403 when %s is denied',
      async name => {
        const { permissions } = permissionsDenying(name);
        const { app } = await startPluginRouter({ permissions });
        const res = await call(
          app,
          route,
          mockCredentials.user.header('user:default/guest'),
        );
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
      },
    );

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
