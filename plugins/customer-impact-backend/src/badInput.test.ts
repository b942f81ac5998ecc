import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  bodyRoutesOf,
  matchesRoute,
  startPluginRouter,
} from './__testUtils__/plugin';

jest.setTimeout(180_000);

/*
 * The limits of every route that takes a body, as the README's "Body limits"
 * states them, and the 10-minute future limit of every pushed timestamp, on a
 * fixed clock: 2026-11-21T12:00:00Z.
 */

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

const MB = 1024 * 1024;
/** The longest entity ref the catalog allows: 63 characters for kind, namespace and name. */
const longestRef = (kind: string) =>
  `${kind}:${'n'.repeat(63)}/${'a'.repeat(63)}`;
/** A timestamp as long as one gets: nanoseconds and an offset. */
const longestTime = (ms: number) =>
  `${new Date(ms).toISOString().slice(0, 19)}.123456789+00:00`;
const pad = (text: string, length: number) => text.padEnd(length, 'x');

interface LimitsCase {
  path: string;
  /** The batch's field; none for a single answer. */
  list?: string;
  principal: 'user' | 'service';
  ok: number;
  /** The body limit in bytes (README "Body limits"). */
  bodyLimit: number;
  /** The most items a batch may hold. */
  batchLimit?: number;
  /** A small valid item (the i-th of a batch). */
  item: (i: number) => Record<string, unknown>;
  /** An item with every field at its longest. */
  longest: (i: number) => Record<string, unknown>;
  /** Text fields and their longest length. */
  strings: Record<string, number>;
  /** Timestamp fields. */
  timestamps: string[];
}

/** EVERY ROUTE THAT TAKES A BODY; add new ones here and in the README. */
const LIMITS: LimitsCase[] = [
  {
    path: '/v1/support-events',
    list: 'events',
    principal: 'service',
    ok: 200,
    bodyLimit: 10 * MB,
    batchLimit: 1000,
    item: i => ({
      source: 'jira',
      externalId: `OPS-${i}`,
      entityRef: 'component:default/payments-service',
      kind: 'ticket',
      openedAt: '2026-11-20T09:00:00Z',
    }),
    longest: i => ({
      source: 's'.repeat(64),
      externalId: pad(`OPS-${i}-`, 256),
      entityRef: longestRef('component'),
      consumerRef: longestRef('group'),
      kind: 'manual-exception',
      openedAt: longestTime(Date.parse('2026-11-20T09:00:00Z')),
      resolvedAt: longestTime(Date.parse('2026-11-20T10:00:00Z')),
      category: 'c'.repeat(100),
      severity: 'v'.repeat(32),
      title: 't'.repeat(500),
      url: pad('https://jira.example.com/', 2048),
    }),
    strings: {
      source: 64,
      externalId: 256,
      category: 100,
      severity: 32,
      title: 500,
    },
    timestamps: ['openedAt', 'resolvedAt'],
  },
  {
    path: '/v1/slo-samples',
    list: 'samples',
    principal: 'service',
    ok: 200,
    bodyLimit: 32 * MB,
    batchLimit: 50_000,
    item: i => ({
      entityRef: 'component:default/checkout',
      slo: 'availability',
      start: new Date(
        Date.parse('2026-11-21T00:00:00Z') + i * 1000,
      ).toISOString(),
      durationSeconds: 300,
      good: 99,
      total: 100,
    }),
    longest: i => ({
      entityRef: longestRef('component'),
      slo: 'o'.repeat(255),
      start: longestTime(Date.parse('2026-11-20T00:00:00Z') + i * 1000),
      durationSeconds: 3600,
      good: 123456789012345,
      total: 987654321098765,
    }),
    strings: { slo: 255 },
    timestamps: ['start'],
  },
  {
    path: '/v1/journey-events',
    list: 'events',
    principal: 'service',
    ok: 200,
    bodyLimit: 24 * MB,
    batchLimit: 5000,
    item: i => ({
      eventId: `e-${i}`,
      journeyRef: 'journey:default/first-deploy',
      stepId: 'create',
      subject: `person-${i}`,
      type: 'started',
      at: '2026-11-20T09:00:00Z',
    }),
    longest: i => ({
      eventId: pad(`e-${i}-`, 255),
      journeyRef: longestRef('journey'),
      stepId: 's'.repeat(255),
      subject: pad(`person-${i}-`, 1000),
      type: 'abandoned',
      at: longestTime(Date.parse('2026-11-20T09:00:00Z')),
    }),
    strings: { eventId: 255, stepId: 255, subject: 1000 },
    timestamps: ['at'],
  },
  {
    path: '/v1/journey-feedback',
    list: 'feedback',
    principal: 'service',
    ok: 200,
    bodyLimit: 24 * MB,
    batchLimit: 5000,
    item: i => ({
      feedbackId: `f-${i}`,
      journeyRef: 'journey:default/first-deploy',
      stepId: 'create',
      subject: `person-${i}`,
      kind: 'done',
      at: '2026-11-20T09:00:00Z',
    }),
    longest: i => ({
      feedbackId: pad(`f-${i}-`, 255),
      journeyRef: longestRef('journey'),
      stepId: 's'.repeat(255),
      subject: pad(`person-${i}-`, 1000),
      kind: 'stuck',
      comment: 'c'.repeat(2000),
      effort: 7,
      at: longestTime(Date.parse('2026-11-20T09:00:00Z')),
    }),
    strings: { feedbackId: 255, stepId: 255, subject: 1000, comment: 2000 },
    timestamps: ['at'],
  },
  {
    path: '/v1/journeys/default/first-deploy/steps/create/feedback',
    principal: 'user',
    ok: 201,
    bodyLimit: 64 * 1024,
    item: () => ({ kind: 'done' }),
    longest: () => ({ kind: 'stuck', comment: 'c'.repeat(2000), effort: 7 }),
    strings: { comment: 2000 },
    timestamps: [],
  },
  {
    path: '/v1/deprecation-burndown',
    list: 'points',
    principal: 'service',
    ok: 200,
    bodyLimit: 1 * MB,
    batchLimit: 1000,
    item: i => ({
      entityRef: 'api:default/payments-v1',
      date: new Date(Date.parse('2026-11-20T00:00:00Z') - i * 86_400_000)
        .toISOString()
        .slice(0, 10),
      dependents: 3,
    }),
    longest: i => ({
      entityRef: longestRef('api'),
      date: new Date(Date.parse('2026-11-20T00:00:00Z') - i * 86_400_000)
        .toISOString()
        .slice(0, 10),
      dependents: 1_000_000,
    }),
    strings: {},
    timestamps: [],
  },
  {
    // `at` may be ahead (a change planned for a release): no future check.
    path: '/v1/changes',
    list: 'changes',
    principal: 'service',
    ok: 200,
    bodyLimit: 1 * MB,
    batchLimit: 100,
    item: i => ({
      id: `PLAT-${i}`,
      title: 'Self-service API keys',
      at: '2026-11-20T09:00:00Z',
      entityRefs: ['component:default/checkout'],
    }),
    longest: i => ({
      id: pad(`PLAT-${i}-`, 200),
      title: 't'.repeat(200),
      at: longestTime(Date.parse('2026-11-20T09:00:00Z')),
      entityRefs: Array.from({ length: 50 }, (_x, j) =>
        longestRef('component').slice(0, -3).concat(String(j).padStart(3, '0')),
      ),
      url: pad('https://github.com/acme/payments/pull/', 2048),
    }),
    strings: { id: 200, title: 200 },
    timestamps: [],
  },
  {
    // One exemption; `until` is a day, ahead by design.
    path: '/v1/entities/api/default/payments-v1/deprecation-exemptions',
    principal: 'user',
    ok: 201,
    bodyLimit: 64 * 1024,
    item: () => ({
      dependentRef: 'component:default/checkout',
      reason: 'The checkout freeze ends in January',
      until: '2026-12-31',
    }),
    longest: () => ({
      dependentRef: 'component:default/checkout',
      reason: 'r'.repeat(2000),
      until: '2026-12-31',
    }),
    strings: { reason: 2000 },
    timestamps: [],
  },
];

function bodyOf(route: LimitsCase, items: Array<Record<string, unknown>>) {
  return route.list ? { [route.list]: items } : items[0];
}

function post(
  app: Parameters<typeof request>[0],
  route: LimitsCase,
  body: unknown,
) {
  return request(app)
    .post(route.path)
    .set(
      'Authorization',
      route.principal === 'user'
        ? mockCredentials.user.header('user:default/guest')
        : mockCredentials.service.header(),
    )
    .set('Content-Type', 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

describe('the routes that take a body', () => {
  it('each have a row in LIMITS, and every row is one', async () => {
    const { router, backend } = await startPluginRouter();
    const routes = [...new Set(bodyRoutesOf(router))].sort();
    expect(
      routes.map(route => ({
        route,
        rows: LIMITS.filter(r => matchesRoute(route, 'POST', r.path)).length,
      })),
    ).toEqual(routes.map(route => ({ route, rows: 1 })));
    expect(LIMITS.length).toBe(routes.length);
    await backend.stop();
  });
});

describe.each(LIMITS.map(r => [r.path, r] as const))('POST %s', (_, route) => {
  const started = {} as Awaited<ReturnType<typeof startPluginRouter>>;
  beforeAll(async () => {
    Object.assign(started, await startPluginRouter());
  });
  const prefix = route.list ? `${route.list}[0].` : '';

  it('accepts a full batch with every field at its longest: it fits the body limit', async () => {
    const items = Array.from({ length: route.batchLimit ?? 1 }, (_x, i) =>
      route.longest(i),
    );
    const text = JSON.stringify(bodyOf(route, items));
    expect(Buffer.byteLength(text)).toBeLessThan(route.bodyLimit);
    const res = await post(started.app, route, text);
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: route.ok,
      error: undefined,
    });
  });

  it('refuses a body over its limit with 413', async () => {
    const body = route.list
      ? `{"${route.list}":[${JSON.stringify(
          route.item(0),
        )}],"padding":"${'x'.repeat(route.bodyLimit)}"}`
      : `{"kind":"done","comment":"${'x'.repeat(route.bodyLimit)}"}`;
    const res = await post(started.app, route, body);
    expect(res.status).toBe(413);
  });

  if (route.batchLimit !== undefined) {
    it('refuses one item more than the batch limit, naming the batch', async () => {
      const items = Array.from({ length: route.batchLimit! + 1 }, (_x, i) =>
        route.item(i),
      );
      const res = await post(started.app, route, bodyOf(route, items));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        new RegExp(`^${route.list}: must hold at most ${route.batchLimit}`),
      );
    });
  }

  for (const [field, max] of Object.entries(route.strings)) {
    it(`refuses ${field} one character longer than ${max}, naming it`, async () => {
      const item = { ...route.item(0), [field]: 'y'.repeat(max + 1) };
      const res = await post(started.app, route, bodyOf(route, [item]));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        `${prefix}${field}: must be at most ${max} characters long`,
      );
    });
  }

  for (const field of route.timestamps) {
    it(`takes ${field} up to 10 minutes in the future and refuses a millisecond more`, async () => {
      // now is 12:00:00.000; 12:10:00.000 is the last instant accepted.
      const at = (time: string) => ({ ...route.item(7), [field]: time });
      const latest = await post(
        started.app,
        route,
        bodyOf(route, [
          field === 'resolvedAt'
            ? {
                ...at('2026-11-21T12:10:00.000Z'),
                openedAt: '2026-11-21T11:00:00Z',
              }
            : at('2026-11-21T12:10:00.000Z'),
        ]),
      );
      expect({ status: latest.status, error: latest.body.error }).toEqual({
        status: route.ok,
        error: undefined,
      });
      // The same instant with an offset, and in a later item of the batch.
      const late = await post(
        started.app,
        route,
        bodyOf(route, [
          route.item(8),
          field === 'resolvedAt'
            ? {
                ...at('2026-11-21T13:10:00.001+01:00'),
                openedAt: '2026-11-21T11:00:00Z',
              }
            : at('2026-11-21T13:10:00.001+01:00'),
        ]),
      );
      expect(late.status).toBe(400);
      expect(late.body.error.message).toMatch(
        new RegExp(
          `^${route.list}\\[1\\]\\.${field}: must not be more than 10 minutes in the future \\(now is 2026-11-21T12:00:00.000Z\\), got "2026-11-21T1[23]:10:00.001`,
        ),
      );
    });
  }
});
