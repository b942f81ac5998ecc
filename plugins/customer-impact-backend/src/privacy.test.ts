import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  JourneyFigure,
  JourneyFiguresReport,
} from '@customer-impact/plugin-customer-impact-common';
import { createHmac } from 'crypto';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import {
  TEST_SUBJECT_HASH_SECRET,
  routesOf,
  startPluginRouter,
} from './__testUtils__/plugin';

jest.setTimeout(120_000);

/*
 * Per-person data: journey events and step feedback. This test plays an
 * attacker who wants one person's data, T's, and can call every read route
 * of the plugin as a person or a service, with every filter. T is alone in
 * every small group the figures have: the only person who started in
 * October (a single-person cohort), the only one who answered on the
 * "deploy" step, and the only one with events in the first days of the
 * window. The crowd (c1..c6) starts in November.
 *
 * It fails to recover T's data in two ways: directly (no identifier, hash,
 * comment, timestamp or duration of T in any answer) and by difference (a
 * total minus the groups shown never covers T alone).
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

const JOURNEY = 'journey:default/first-deploy';
const T = 'target.person@example.com';
const T_USER = 'user:default/target';
const hash = (subject: string) =>
  createHmac('sha256', TEST_SUBJECT_HASH_SECRET)
    .update(subject, 'utf8')
    .digest('hex');

/** What T did, in one of the worlds the attacker must not tell apart. */
interface World {
  completesDeploy: boolean;
  stuck: boolean;
  effort: number;
}

// T: starts "create" on 5 Oct at 08:13:27, done 3 h 17 min later (11,820 s);
// starts "deploy" on 6 Oct at 10:01:02, done 5 h 43 min later (20,580 s).
// From the first start to the last step: 5 Oct 08:13:27 to 6 Oct 15:44:02,
// 1 day 7 h 30 min 35 s = 113,435 s.
const T_TIMES = [
  // Not on a Monday: the rollups' trend names every week by its Monday.
  '2026-10-06T08:13:27Z',
  '2026-10-06T11:30:27Z',
  '2026-10-07T10:01:02Z',
  '2026-10-07T15:44:02Z',
  '2026-10-07T11:11:11Z',
];
const T_DURATIONS = [11_820, 20_580, 113_435];
const T_COMMENT = 'the runner queue ate my afternoon';

function data(world: World) {
  const events = [];
  const ev = (
    id: string,
    subject: string,
    stepId: string,
    type: string,
    at: string,
  ) => ({ eventId: id, journeyRef: JOURNEY, stepId, subject, type, at });
  events.push(ev('t-1', T, 'create', 'started', T_TIMES[0]));
  events.push(ev('t-2', T, 'create', 'completed', T_TIMES[1]));
  events.push(ev('t-3', T, 'deploy', 'started', T_TIMES[2]));
  if (world.completesDeploy) {
    events.push(ev('t-4', T, 'deploy', 'completed', T_TIMES[3]));
  }
  // The crowd: c_i starts "create" on (1 + i) Nov at 09:00 and is done
  // 10 i + 7 minutes later; starts "deploy" the next day at 09:00 and is done
  // i hours later.
  const iso = (day: number, minutes: number) =>
    new Date(Date.UTC(2026, 10, day, 9, minutes)).toISOString();
  for (let i = 1; i <= 6; i++) {
    const c = `crowd-${i}@example.com`;
    events.push(ev(`c${i}-1`, c, 'create', 'started', iso(1 + i, 0)));
    events.push(
      ev(`c${i}-2`, c, 'create', 'completed', iso(1 + i, 10 * i + 7)),
    );
    events.push(ev(`c${i}-3`, c, 'deploy', 'started', iso(2 + i, 0)));
    events.push(ev(`c${i}-4`, c, 'deploy', 'completed', iso(2 + i, 60 * i)));
  }
  const feedback = [
    {
      feedbackId: 't-f1',
      journeyRef: JOURNEY,
      stepId: 'deploy',
      subject: T,
      kind: world.stuck ? 'stuck' : 'done',
      effort: world.effort,
      comment: T_COMMENT,
      at: T_TIMES[4],
    },
    // The crowd answers on "create" only: two of them stuck, effort 3.
    ...[1, 2, 3, 4, 5, 6].map(i => ({
      feedbackId: `c${i}-f1`,
      journeyRef: JOURNEY,
      stepId: 'create',
      subject: `crowd-${i}@example.com`,
      kind: i <= 2 ? 'stuck' : 'done',
      effort: 3,
      at: `2026-11-${String(1 + i).padStart(2, '0')}T10:00:00Z`,
    })),
  ];
  return { events, feedback };
}

/** A read route and the calls that try it: every path and filter it takes. */
interface ReadRoute {
  route: string;
  calls: string[];
}

/** EVERY GET ROUTE OF THE ROUTER, with its filters; the first test fails while one is missing. */
const READ_ROUTES: ReadRoute[] = [
  {
    route: 'GET /v1/entities/:kind/:namespace/:name',
    calls: [
      '/v1/entities/journey/default/first-deploy',
      '/v1/entities/component/default/billing',
      '/v1/entities/component/default/checkout',
    ],
  },
  {
    route: 'GET /v1/journeys/:namespace/:name/figures',
    // The route takes no filter; the attacker tries narrow ones anyway.
    calls: [
      '/v1/journeys/default/first-deploy/figures',
      '/v1/journeys/default/first-deploy/figures?from=2026-10-01T00:00:00Z&to=2026-10-31T23:59:59Z',
      '/v1/journeys/default/first-deploy/figures?cohort=2026-10&stepId=deploy',
    ],
  },
  {
    route: 'GET /v1/entities/:kind/:namespace/:name/slos/:slo',
    calls: [
      '/v1/entities/component/default/checkout/slos/availability?points=2',
    ],
  },
  {
    route: 'GET /v1/entities/:kind/:namespace/:name/support-events',
    calls: [
      '/v1/entities/component/default/checkout/support-events?limit=1',
      '/v1/entities/component/default/checkout/support-events?limit=500',
    ],
  },
  {
    route: 'GET /v1/groups/:namespace/:name/consumers',
    calls: ['/v1/groups/default/platform/consumers'],
  },
  {
    route: 'GET /v1/entities/:kind/:namespace/:name/release-gate',
    calls: ['/v1/entities/component/default/checkout/release-gate'],
  },
  {
    route: 'GET /v1/groups/:namespace/:name/rollup',
    calls: [
      '/v1/groups/default/platform/rollup',
      '/v1/groups/default/platform/rollup?limit=1',
    ],
  },
  {
    route: 'GET /v1/entities/:kind/:namespace/:name/deprecation-exemptions',
    calls: ['/v1/entities/api/default/payments-v1/deprecation-exemptions'],
  },
  {
    route: 'GET /v1/changes',
    calls: [
      '/v1/changes',
      '/v1/changes?entityRef=component:default/checkout&limit=1',
    ],
  },
  {
    // The change recorded on the deploy step's entity in the world's set-up:
    // the step's figures before and after it, over narrow windows too.
    route: 'GET /v1/changes/:id/relief',
    calls: ['/v1/changes/PRIV-1/relief', '/v1/changes/PRIV-1/relief?weeks=1'],
  },
];

/** Every number in a JSON value. */
function numbersIn(value: unknown, found: number[] = []): number[] {
  if (typeof value === 'number') {
    found.push(value);
  } else if (Array.isArray(value)) {
    value.forEach(v => numbersIn(v, found));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach(v => numbersIn(v, found));
  }
  return found;
}

const count = (f: JourneyFigure) =>
  f.status === 'ok' ? f.value * f.people : undefined;
const peopleOf = (f: JourneyFigure) => (f.status === 'no-data' ? 0 : f.people);

const K = 5;

/** What a subtraction gives away: a figure of fewer than k people. */
interface Recovered {
  value: number;
  people: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The attacker's subtractions: a total minus the groups shown leaves the
 * groups withheld; when they hold fewer than k people (T, here), that is a
 * figure about them.
 */
function differencingAttack(report: JourneyFiguresReport) {
  const recovered: Record<string, Recovered> = {};
  const small = (people: number) => people > 0 && people < K;
  // Completions: the whole journey minus the start-month cohorts shown.
  const whole = report.journey.completionRate;
  const cohorts = report.journey.startCohorts;
  const hiddenPeople = cohorts
    .filter(c => c.completionRate.status !== 'ok')
    .reduce((n, c) => n + c.peopleStarted, 0);
  if (whole.status === 'ok' && small(hiddenPeople)) {
    recovered.completed = {
      value: round(
        whole.value * whole.people -
          cohorts.reduce((n, c) => n + (count(c.completionRate) ?? 0), 0),
      ),
      people: hiddenPeople,
    };
  }
  // Stuck reports: the journey minus the steps shown.
  const stuck = report.journey.stuckReports;
  const hiddenStuck = report.steps
    .filter(s => s.stuckReports.status !== 'ok')
    .reduce((n, s) => n + peopleOf(s.stuckReports), 0);
  if (stuck.status === 'ok' && small(hiddenStuck)) {
    recovered.stuckReports = {
      value: round(
        stuck.value -
          report.steps.reduce(
            (n, s) =>
              n + (s.stuckReports.status === 'ok' ? s.stuckReports.value : 0),
            0,
          ),
      ),
      people: hiddenStuck,
    };
  }
  // Effort: the journey's sum (mean × answers) minus the steps shown.
  const effort = report.journey.meanEffort;
  const hiddenEffort = report.steps
    .filter(s => s.meanEffort.status !== 'ok')
    .reduce((n, s) => n + peopleOf(s.meanEffort), 0);
  if (effort.status === 'ok' && small(hiddenEffort)) {
    const answers = report.steps.reduce(
      (n, s) => n + peopleOf(s.meanEffort),
      0,
    );
    const shown = report.steps.reduce(
      (n, s) => n + (count(s.meanEffort) ?? 0),
      0,
    );
    recovered.meanEffort = {
      value: round((effort.value * answers - shown) / hiddenEffort),
      people: hiddenEffort,
    };
  }
  return recovered;
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'per-person data on %s',
  databaseId => {
    async function worldOf(world: World) {
      const knex = await databases.init(databaseId);
      const { app, router } = await startPluginRouter({
        database: mockServices.database.factory({ knex }),
      });
      const { events, feedback } = data(world);
      const service = mockCredentials.service.header();
      const pushed = await Promise.all([
        request(app)
          .post('/v1/journey-events')
          .set('Authorization', service)
          .send({ events }),
        request(app)
          .post('/v1/journey-feedback')
          .set('Authorization', service)
          .send({ feedback }),
      ]);
      expect(pushed.map(r => r.status)).toEqual([200, 200]);
      // T answers in the portal too, as a signed-in person.
      const portal = await request(app)
        .post('/v1/journeys/default/first-deploy/steps/deploy/feedback')
        .set('Authorization', mockCredentials.user.header(T_USER))
        .send({ kind: 'stuck', effort: world.effort, comment: T_COMMENT });
      expect(portal.status).toBe(201);
      // A change on the deploy step's entity, recorded by someone else, and
      // the rollups computed, so that the relief and the rollup have
      // journey figures to (not) give away.
      const recorded = await request(app)
        .post('/v1/changes')
        .set('Authorization', mockCredentials.user.header('user:default/guest'))
        .send({
          changes: [
            {
              id: 'PRIV-1',
              title: 'Faster deploys',
              at: '2026-10-09T00:00:00Z',
              entityRefs: ['component:default/checkout'],
            },
          ],
        });
      expect(recorded.status).toBe(200);
      const refreshed = await request(app)
        .post('/v1/groups/default/platform/rollup/refresh')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/guest'),
        );
      expect(refreshed.status).toBe(200);

      // Every call of every read route, as a person and as a service.
      const answers: Array<{ call: string; status: number; body: unknown }> =
        [];
      for (const { calls } of READ_ROUTES) {
        for (const call of calls) {
          for (const authorization of [
            mockCredentials.user.header('user:default/guest'),
            mockCredentials.user.header(T_USER),
            service,
          ]) {
            const res = await request(app)
              .get(call)
              .set('Authorization', authorization);
            answers.push({ call, status: res.status, body: res.body });
          }
        }
      }
      const figures = answers.find(
        a => a.call === '/v1/journeys/default/first-deploy/figures',
      )!.body as JourneyFiguresReport;
      return { knex, router, answers, figures };
    }

    const worlds: World[] = [
      { completesDeploy: true, stuck: true, effort: 7 },
      { completesDeploy: false, stuck: false, effort: 1 },
    ];

    it('tries every read route', async () => {
      const { router } = await worldOf(worlds[0]);
      expect(
        [...new Set(routesOf(router))].filter(r => r.startsWith('GET ')).sort(),
      ).toEqual(READ_ROUTES.map(r => r.route).sort());
    });

    it.each(worlds.map(w => [JSON.stringify(w), w]))(
      "stores T only as a hash, and no answer holds T or T's events (%s)",
      async (_, world) => {
        const { knex, answers } = await worldOf(world as World);

        // The database: the hash of T (and of T's user ref), never T.
        const rows = JSON.stringify(await everyRow(knex));
        expect(rows).not.toContain(T);
        expect(rows).not.toContain(T_USER);
        expect(rows).toContain(hash(T));
        expect(rows).toContain(hash(T_USER));

        for (const { call, status, body } of answers) {
          expect({ call, status: status < 500 }).toEqual({
            call,
            status: true,
          });
          const text = JSON.stringify(body);
          for (const secret of [
            T,
            T_USER,
            hash(T),
            hash(T_USER),
            T_COMMENT,
            '"t-1"',
            '"t-f1"',
            ...T_TIMES,
            ...T_TIMES.map(t => new Date(t).toISOString()),
            '2026-10-06',
            '2026-10-07',
          ]) {
            expect({
              call,
              leaks: text.includes(secret) ? secret : null,
            }).toEqual({
              call,
              leaks: null,
            });
          }
          const numbers = numbersIn(body);
          for (const duration of T_DURATIONS) {
            expect({
              call,
              duration,
              found: numbers.includes(duration),
            }).toEqual({
              call,
              duration,
              found: false,
            });
          }
        }
      },
    );

    it("cannot recover T's completion, stuck report or effort by difference, in either world", async () => {
      for (const world of worlds) {
        const { figures, answers } = await worldOf(world);
        // T's single-person cohort and T's single-person step are withheld...
        const october = figures.journey.startCohorts.find(
          c => c.month === '2026-10',
        )!;
        expect(october.peopleStarted).toBe(1);
        expect(october.completionRate.status).toBe('withheld');
        const deploy = figures.steps.find(s => s.stepId === 'deploy')!;
        expect(deploy.stuckReports.status).toBe('withheld');
        // ...the totals over everyone are shown...
        expect(figures.journey.completionRate.status).toBe('ok');
        expect(figures.journey.stuckReports.status).toBe('ok');
        // ...and no subtraction singles T out: every total minus the groups
        // shown still covers k people or more.
        expect(differencingAttack(figures)).toEqual({});
        // The same in the summaries (the journey's own, and the steps at billing and checkout).
        const journeyViews = answers.filter(
          a => (a.body as any)?.journeys?.view === 'journey',
        );
        expect(journeyViews.length).toBeGreaterThan(0);
        expect(
          journeyViews.map(({ call, body }) => ({
            call,
            recovered: differencingAttack((body as any).journeys.figures),
          })),
        ).toEqual(journeyViews.map(({ call }) => ({ call, recovered: {} })));
      }
    });

    it('the attack is not vacuous: without the protection it would single T out', async () => {
      const { figures } = await worldOf(worlds[0]);
      // What the figures would be if the shown groups were not withheld to
      // protect T: the crowd's own figures for "create" and November.
      const create = figures.steps.find(s => s.stepId === 'create')!;
      const november = figures.journey.startCohorts.find(
        c => c.month === '2026-11',
      )!;
      expect(create.stuckReports).toMatchObject({
        reason: 'protects a smaller group',
      });
      expect(november.completionRate).toMatchObject({
        reason: 'protects a smaller group',
      });
      const unprotected: JourneyFiguresReport = {
        ...figures,
        journey: {
          ...figures.journey,
          startCohorts: figures.journey.startCohorts.map(c =>
            c.month === '2026-11'
              ? { ...c, completionRate: { status: 'ok', value: 1, people: 6 } }
              : c,
          ),
        },
        steps: figures.steps.map(s =>
          s.stepId === 'create'
            ? {
                ...s,
                stuckReports: { status: 'ok', value: 2, people: 6 },
                meanEffort: { status: 'ok', value: 3, people: 6 },
              }
            : s,
        ),
      };
      // T completed (1 of 1); T's two answers on "deploy" (pushed, and in the
      // portal as T's user: two pseudonyms) are both "stuck", effort 7.
      expect(differencingAttack(unprotected)).toEqual({
        completed: { value: 1, people: 1 },
        stuckReports: { value: 2, people: 2 },
        meanEffort: { value: 7, people: 2 },
      });
    });
  },
);

/** Every row of every table of the plugin's database. */
async function everyRow(knex: Knex): Promise<unknown[]> {
  const client = knex.client.config.client as string;
  const tables: string[] = client.includes('pg')
    ? (
        await knex.raw(
          'select tablename from pg_tables where schemaname = current_schema()',
        )
      ).rows.map((r: { tablename: string }) => r.tablename)
    : (
        await knex.raw("select name from sqlite_master where type = 'table'")
      ).map((r: { name: string }) => r.name);
  const rows: unknown[] = [];
  for (const table of tables) {
    rows.push(...(await knex(table).select()));
  }
  return rows;
}
