import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { FACET_STATUSES } from '@customer-impact/plugin-customer-impact-common';
import fc from 'fast-check';
import request from 'supertest';
import { nastyValue, pushBody } from './__testUtils__/arbitraries';
import { createTestDatabases } from './__testUtils__/databases';
import {
  bodyRoutesOf,
  matchesRoute,
  routeTestCatalog,
  startPluginRouter,
} from './__testUtils__/plugin';

jest.setTimeout(300_000);

/*
 * Every request body of the plugin, generated: valid items with fields
 * replaced, left out or added, and bodies of any shape. The plugin never
 * answers 5xx, and every refusal is a 400 whose message names the field, on
 * both databases (PostgreSQL refuses what SQLite stores: text longer than a
 * column, integers past 32 bits).
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

interface BodyRoute {
  path: string;
  /** The field of the body that holds the batch; none for a single answer. */
  list?: string;
  /** The fields a problem may name. */
  fields: string[];
  valid: (i: number) => Record<string, unknown>;
  /** Status of an accepted body. */
  ok: number;
  principal: 'user' | 'service';
}

/** EVERY ROUTE THAT TAKES A BODY; add new ones here. */
const BODY_ROUTES: BodyRoute[] = [
  {
    path: '/v1/support-events',
    list: 'events',
    fields: [
      'source',
      'externalId',
      'entityRef',
      'consumerRef',
      'kind',
      'openedAt',
      'resolvedAt',
      'category',
      'severity',
      'title',
      'url',
      'requester',
      'journeyRef',
      'journeyStepId',
    ],
    valid: i => ({
      source: 'jira',
      externalId: `OPS-${i}`,
      entityRef: 'component:default/payments-service',
      consumerRef: 'group:default/team-checkout',
      kind: 'ticket',
      openedAt: '2026-11-20T09:00:00Z',
      resolvedAt: '2026-11-20T10:00:00Z',
      category: 'access',
      severity: 'P3',
      title: 'Cannot rotate the API key',
      url: `https://jira.example.com/browse/OPS-${i}`,
    }),
    ok: 200,
    principal: 'service',
  },
  {
    path: '/v1/slo-samples',
    list: 'samples',
    fields: [
      'entityRef',
      'slo',
      'start',
      'durationSeconds',
      'good',
      'bad',
      'total',
    ],
    valid: i => ({
      entityRef: 'component:default/checkout',
      slo: 'availability',
      start: new Date(Date.UTC(2026, 10, 21, 11, 5 * i)).toISOString(),
      durationSeconds: 300,
      good: 99,
      total: 100,
    }),
    ok: 200,
    principal: 'service',
  },
  {
    path: '/v1/journey-events',
    list: 'events',
    fields: ['eventId', 'journeyRef', 'stepId', 'subject', 'type', 'at'],
    valid: i => ({
      eventId: `e-${i}`,
      journeyRef: 'journey:default/first-deploy',
      stepId: 'create',
      subject: `person-${i}`,
      type: 'started',
      at: '2026-11-20T09:00:00Z',
    }),
    ok: 200,
    principal: 'service',
  },
  {
    path: '/v1/journey-feedback',
    list: 'feedback',
    fields: [
      'feedbackId',
      'journeyRef',
      'stepId',
      'subject',
      'kind',
      'comment',
      'effort',
      'at',
    ],
    valid: i => ({
      feedbackId: `f-${i}`,
      journeyRef: 'journey:default/first-deploy',
      stepId: 'create',
      subject: `person-${i}`,
      kind: 'stuck',
      comment: 'The template needs a token I do not have',
      effort: 5,
      at: '2026-11-20T09:00:00Z',
    }),
    ok: 200,
    principal: 'service',
  },
  {
    path: '/v1/journeys/default/first-deploy/steps/create/feedback',
    fields: ['kind', 'comment', 'effort'],
    valid: () => ({ kind: 'stuck', comment: 'Stuck at the token', effort: 5 }),
    ok: 201,
    principal: 'user',
  },
  {
    path: '/v1/deprecation-burndown',
    list: 'points',
    fields: ['entityRef', 'date', 'dependents'],
    valid: i => ({
      entityRef: 'api:default/payments-v1',
      date: `2026-10-${String(1 + i).padStart(2, '0')}`,
      dependents: 3,
    }),
    ok: 200,
    principal: 'service',
  },
  {
    path: '/v1/changes',
    list: 'changes',
    fields: ['id', 'title', 'at', 'entityRefs', 'url'],
    valid: i => ({
      id: `PLAT-${i}`,
      title: 'Self-service API keys',
      at: '2026-11-20T09:00:00Z',
      entityRefs: ['component:default/checkout', 'api:default/payments-v1'],
      url: `https://github.com/acme/payments/pull/${i}`,
    }),
    ok: 200,
    principal: 'service',
  },
  {
    path: '/v1/entities/api/default/payments-v1/deprecation-exemptions',
    fields: ['dependentRef', 'reason', 'until'],
    valid: () => ({
      dependentRef: 'component:default/checkout',
      reason: 'The checkout freeze ends in January',
      until: '2026-12-31',
    }),
    ok: 201,
    principal: 'user',
  },
];

/**
 * The path the message of a 400 starts with (`events[3].openedAt` of
 * `events[3].openedAt: must be ...`); null when it starts with none.
 */
function firstProblemPath(message: string): string | null {
  const token =
    /^(?:[A-Za-z_$][\w$]*|\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])/;
  let at = 0;
  while (at < message.length) {
    const match = token.exec(message.slice(at));
    if (!match) {
      break;
    }
    at += match[0].length;
  }
  return at > 0 && message.slice(at).startsWith(': ')
    ? message.slice(0, at)
    : null;
}

/** `events[3]["a b"].x` to `['events', 3, 'a b', 'x']`; null when not a path. */
function segmentsOf(path: string): Array<string | number> | null {
  const token =
    /^(?:([A-Za-z_$][\w$]*)|\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  const segments: Array<string | number> = [];
  let rest = path;
  while (rest.length > 0) {
    const match = token.exec(rest);
    if (!match || (match[1] !== undefined && segments.length > 0)) {
      return null;
    }
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(match[2]);
    else if (match[3] !== undefined) segments.push(Number(match[3]));
    else segments.push(JSON.parse(match[4]));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/**
 * Whether a problem's path names a field: the body itself, the batch, an
 * item by its index, one of the item's fields (given or required), or a
 * field the client sent that is not known.
 */
function namesAField(route: BodyRoute, body: unknown, path: string): boolean {
  const segments = segmentsOf(path);
  if (!segments || segments.length === 0) {
    return false;
  }
  const [root, ...rest] =
    segments[0] === 'body' ? segments : ['body', ...segments];
  if (root !== 'body') {
    return false;
  }
  let value: any = body;
  for (const [i, segment] of rest.entries()) {
    const isLast = i === rest.length - 1;
    const known =
      (route.list && i === 0 && segment === route.list) ||
      (!route.list && i === 0 && route.fields.includes(String(segment))) ||
      (route.list && i === 2 && route.fields.includes(String(segment)));
    if (value !== null && typeof value === 'object' && segment in value) {
      value = value[segment as any];
    } else if (known && isLast) {
      return true; // a field that is required but was not sent
    } else {
      return false;
    }
  }
  return true;
}

const databases = createTestDatabases();

describe('the routes that take a body', () => {
  it('each have a row in BODY_ROUTES, and every row is one', async () => {
    const { router, backend } = await startPluginRouter();
    const routes = [...new Set(bodyRoutesOf(router))].sort();
    expect(
      routes.map(route => ({
        route,
        rows: BODY_ROUTES.filter(r => matchesRoute(route, 'POST', r.path))
          .length,
      })),
    ).toEqual(routes.map(route => ({ route, rows: 1 })));
    expect(BODY_ROUTES.length).toBe(routes.length);
    await backend.stop();
  });
});

describe.each(databases.eachSupportedId())(
  'every request body, generated, on %s',
  databaseId => {
    let app: Awaited<ReturnType<typeof startPluginRouter>>['app'];
    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ app } = await startPluginRouter({
        database: mockServices.database.factory({ knex }),
      }));
    });

    it.each(BODY_ROUTES.map(r => [r.path, r] as const))(
      'POST %s: no 5xx, every refusal a 400 naming the field',
      async (_, route) => {
        const authorization =
          route.principal === 'user'
            ? mockCredentials.user.header('user:default/guest')
            : mockCredentials.service.header();
        const bodies = route.list
          ? pushBody(route.list, route.valid)
          : fc.oneof(
              {
                weight: 9,
                arbitrary: pushBody('x', route.valid).map(b =>
                  Array.isArray((b as any)?.x) && (b as any).x.length > 0
                    ? (b as any).x[0]
                    : b,
                ),
              },
              { weight: 1, arbitrary: nastyValue },
            );
        const seen = { accepted: 0, refused: 0 };
        await fc.assert(
          fc.asyncProperty(bodies, async body => {
            const res = await request(app)
              .post(route.path)
              .set('Authorization', authorization)
              .set('Content-Type', 'application/json')
              .send(JSON.stringify(body) ?? '');
            expect({
              status: res.status,
              allowed: [route.ok, 400].includes(res.status),
              error: res.status === route.ok ? undefined : res.body.error,
            }).toEqual({
              status: res.status,
              allowed: true,
              error: res.status === route.ok ? undefined : res.body.error,
            });
            if (res.status !== 400) {
              seen.accepted += 1;
              return;
            }
            seen.refused += 1;
            const error = res.body.error;
            if (body === null || typeof body !== 'object') {
              // Not a JSON object or array: the body parser refuses it.
              return;
            }
            expect(error.name).toBe('InputError');
            const path = firstProblemPath(error.message);
            expect({
              message: error.message,
              names: path !== null && namesAField(route, body, path),
            }).toEqual({ message: error.message, names: true });
          }),
          { numRuns: 150 },
        );
        // The generator reaches both sides of the rules.
        expect(seen.accepted).toBeGreaterThan(0);
        expect(seen.refused).toBeGreaterThan(0);
      },
    );
  },
);

describe('every annotation, generated, on the summary of an entity', () => {
  const annotationKey = fc.constantFrom(
    'customer-impact/replaced-by',
    'customer-impact/sunset',
    'customer-impact/migration-guide',
    'customer-impact/deprecation-reason',
    'customer-impact/openslo',
    'customer-impact/unknown-typo',
    'pagerduty.com/service-id',
    'github.com/project-slug',
  );
  const annotationValue = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      '',
      '2027-03-31',
      '2027-02-30',
      'api:default/payments-v2',
      'api:default/',
      'https://example.com/migrate',
      ['javascript', 'alert(1)'].join(':'),
      './slos.yaml',
      '../../../../etc/passwd',
      'https://slo.example.com/slos.yaml',
      'http://[::1',
      'file:///etc/passwd',
      'owner/repo',
      'PABC123',
      'x'.repeat(5000),
    ),
  );
  let current: Entity;
  let app: Awaited<ReturnType<typeof startPluginRouter>>['app'];
  beforeAll(async () => {
    const base = catalogServiceMock({ entities: routeTestCatalog() });
    const catalog = Object.assign(Object.create(base), {
      async getEntityByRef(ref: string | CompoundEntityRef, options?: any) {
        const text = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
        return text === 'component:default/annotated'
          ? current
          : base.getEntityByRef(ref, options);
      },
      async getEntitiesByRefs(
        byRefs: { entityRefs: string[] },
        options?: any,
      ) {
        const { items } = await base.getEntitiesByRefs(byRefs, options);
        return {
          items: byRefs.entityRefs.map((ref, i) =>
            ref.toLocaleLowerCase('en-US') === 'component:default/annotated'
              ? current
              : items[i],
          ),
        };
      },
    }) as CatalogService;
    ({ app } = await startPluginRouter({
      // Each generated entity is read afresh (no summary cache).
      config: { customerImpact: { summaries: { cacheTtl: { seconds: 0 } } } },
      catalog: createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
    }));
  });

  it('answers 200 with every facet in the envelope, whatever the annotations say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(annotationKey, annotationValue, { maxKeys: 5 }),
        fc.constantFrom('production', 'deprecated'),
        async (annotations, lifecycle) => {
          current = {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'annotated', namespace: 'default', annotations },
            spec: { type: 'service', lifecycle, owner: 'group:platform' },
            relations: [
              { type: 'ownedBy', targetRef: 'group:default/platform' },
            ],
          };
          const res = await request(app)
            .get('/v1/entities/component/default/annotated')
            .set('Authorization', mockCredentials.user.header());
          expect({ status: res.status, error: res.body.error }).toEqual({
            status: 200,
            error: undefined,
          });
          for (const key of [
            'deprecation',
            'slos',
            'journeys',
            'supportLoad',
          ]) {
            const facet = res.body[key];
            // A facet that failed says why in words, never with a stack or a
            // JavaScript error of the plugin's own.
            expect({
              key,
              status: FACET_STATUSES.includes(facet.status),
              crash: /TypeError|ReferenceError|undefined|Cannot read/.test(
                String(facet.reason ?? ''),
              ),
            }).toEqual({ key, status: true, crash: false });
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
