import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import {
  DurableDatabase,
  createDurableDatabase,
  durableDatabaseKinds,
} from './__testUtils__/killable/databases';
import {
  KILLABLE_BACKEND_TOKEN,
  KillableBackend,
  KillableBackendOptions,
  freePort,
  killableBackendConfig,
  startKillableBackend,
} from './__testUtils__/killable/parent';

/*
 * The backend killed (SIGKILL, a real OS process) in the middle of a push,
 * then started again on the same database: no half-written batch (all of it
 * or none of it), the same batch sent again is stored exactly once, and the
 * figures are those of a backend that was never killed.
 *
 * The backend is Backstage's `createBackend` with this plugin, in its own
 * node process (./__testUtils__/killable/child.ts); its database is SQLite in
 * a file or PostgreSQL. It reports, on stdout, each completed write into the
 * watched tables; that is how the test knows a push is in flight:
 * - "frozen": the process stops its only thread right after the n-th write
 *   statement of the batch's transaction (rows written, not committed) and
 *   is killed there: a kill inside the transaction, every time;
 * - "running": the process is killed as soon as it has written the first
 *   rows of the batch, and runs on until the signal lands, wherever that is.
 */

jest.setTimeout(240_000);

const FIVE_MIN = 300_000;
const HOUR = 3_600_000;
const NOW = Date.now();
/** The last pushed bucket ends an hour before the test started. */
const END = Math.floor(NOW / FIVE_MIN) * FIVE_MIN - HOUR;
const SLOS = 10;
const BUCKETS = 5_000;
const EVENTS = 1_000;
const ENTITY = 'component:default/checkout';

/** The largest batch the route takes: 10 SLOs × 5,000 five-minute buckets (17 days). */
function sampleBatch() {
  const samples = [];
  for (let i = 0; i < SLOS; i++) {
    for (let j = 0; j < BUCKETS; j++) {
      const total = 1_000 + ((i * 7 + j * 13) % 500);
      const bad = (i + j) % 11 === 0 ? j % 50 : 0;
      samples.push({
        entityRef: ENTITY,
        slo: `s${i}`,
        start: new Date(END - (BUCKETS - j) * FIVE_MIN).toISOString(),
        durationSeconds: 300,
        good: total - bad,
        total,
      });
    }
  }
  return { samples };
}

/** The largest batch of support events (1,000), over the last 12 weeks. */
function eventBatch() {
  const kinds = ['ticket', 'page', 'escalation', 'manual-exception'];
  const categories = ['access', 'deploy', 'billing', 'quota', 'docs', 'other'];
  const events = [];
  for (let k = 0; k < EVENTS; k++) {
    const opened = END - k * 2 * HOUR - (k % 7) * 60_000;
    const resolved = opened + ((k % 13) + 1) * HOUR;
    events.push({
      source: 'jira',
      externalId: `OPS-${k}`,
      entityRef: ENTITY,
      consumerRef: `group:default/team-${k % 5}`,
      kind: kinds[k % kinds.length],
      openedAt: new Date(opened).toISOString(),
      ...(k % 3 !== 0 && resolved < NOW
        ? { resolvedAt: new Date(resolved).toISOString() }
        : {}),
      category: categories[k % categories.length],
      severity: k % 2 ? 'high' : 'low',
      title: `Event ${k}`,
    });
  }
  return { events };
}

function slosYaml(): string {
  return Array.from(
    { length: SLOS },
    (_, i) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: s${i}
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: 0.99
  indicator:
    metadata:
      name: s${i}-ok
    spec:
      ratioMetric:
        good:
          metricSource:
            spec:
              query: pushed
        total:
          metricSource:
            spec:
              query: pushed
`,
  ).join('---\n');
}

function entities(dir: string): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${path.join(
            dir,
            'catalog-info.yaml',
          )}`,
          'customer-impact/openslo': './slos.yaml',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-0' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/team-0' }],
    },
    ...Array.from({ length: 5 }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${i}`, namespace: 'default' },
      spec: { type: 'team', children: [] },
    })),
  ];
}

/** No scheduled task runs during the test (each first runs in an hour). */
const quiet = {
  frequency: { hours: 1 },
  timeout: { minutes: 5 },
  initialDelay: { hours: 1 },
};
const QUIET_TASKS = {
  customerImpact: {
    deprecation: { burndownSchedule: quiet, noticeSchedule: quiet },
    slo: {
      definitionsSchedule: quiet,
      alertSchedule: quiet,
      retentionSchedule: quiet,
      pullSchedule: quiet,
    },
    rollups: { schedule: quiet, changesSchedule: quiet },
    orphans: { schedule: quiet },
    journeys: { subjectHashSecret: 'a-test-secret-of-enough-length' },
  },
};

const auth = {
  Authorization: `Bearer ${KILLABLE_BACKEND_TOKEN}`,
  'Content-Type': 'application/json',
};

async function post(backend: KillableBackend, route: string, body: string) {
  const res = await fetch(`${backend.url}/api/customer-impact/v1/${route}`, {
    method: 'POST',
    headers: auth,
    body,
  });
  const json = await res.json();
  if (res.status !== 200) {
    throw new Error(`POST ${route}: ${res.status} ${JSON.stringify(json)}`);
  }
  return json;
}

async function summary(backend: KillableBackend) {
  const res = await fetch(
    `${backend.url}/api/customer-impact/v1/entities/component/default/checkout`,
    { headers: auth },
  );
  expect(res.status).toBe(200);
  return res.json();
}

/** Times of reading and writing, not of the data: they differ between runs. */
const VOLATILE = new Set([
  'generatedAt',
  'fetchedAt',
  'lastUpdatedAt',
  'lastAttemptAt',
  'lastSuccessAt',
  'evaluatedAt',
]);
function figures(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map(v => figures(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        // A window that ends now moves with the time it is read at.
        .filter(
          ([k]) =>
            !VOLATILE.has(k) &&
            !(key === 'window' && (k === 'to' || k === 'from')),
        )
        .map(([k, v]) => [k, figures(v, k)]),
    );
  }
  return value;
}

/** What is stored: every bucket and roll-up of the entity, every event. */
async function stored(knex: Knex) {
  const buckets = async (table: string) =>
    (
      await knex(table)
        .join('slo_series', 'slo_series.id', `${table}.series_id`)
        .where('slo_series.entity_ref', ENTITY)
        .orderBy(['slo_series.slo', `${table}.start`])
        .select('slo_series.slo', 'start', 'duration_seconds', 'good', 'total')
    ).map(r => [
      r.slo,
      Number(r.start),
      Number(r.duration_seconds),
      Number(r.good),
      Number(r.total),
    ]);
  const events = (
    await knex('support_events')
      .orderBy('external_id')
      .select(
        'source',
        'external_id',
        'entity_ref',
        'consumer_ref',
        'kind',
        'opened_at',
        'resolved_at',
        'category',
        'severity',
        'title',
      )
  ).map(r => ({
    ...r,
    opened_at: new Date(r.opened_at).toISOString(),
    resolved_at: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
  }));
  return {
    fine: await buckets('slo_samples_fine'),
    hourly: await buckets('slo_samples_hourly'),
    events,
  };
}

/** Rows stored twice under one natural key (there must be none). */
async function duplicates(knex: Knex) {
  const twice = async (table: string, key: string[]) =>
    (
      await knex(table)
        .select(key)
        .count({ n: '*' })
        .groupBy(key)
        .havingRaw('count(*) > 1')
    ).length;
  return {
    // The samples are keyed by series (one per entity and SLO).
    series: await twice('slo_series', ['entity_ref', 'slo']),
    fine: await twice('slo_samples_fine', ['series_id', 'start']),
    hourly: await twice('slo_samples_hourly', ['series_id', 'start']),
    events: await twice('support_events', ['source', 'external_id']),
  };
}

const counts = (s: Awaited<ReturnType<typeof stored>>) => ({
  fine: s.fine.length,
  hourly: s.hourly.length,
  events: s.events.length,
});

describe.each(durableDatabaseKinds())(
  'killed in the middle of a push (%s)',
  kind => {
    const samples = JSON.stringify(sampleBatch());
    const events = JSON.stringify(eventBatch());
    let dir: string;
    let victimDb: DurableDatabase;
    let controlDb: DurableDatabase;
    let control: KillableBackend | undefined;
    let victim: KillableBackend | undefined;
    let port: number;
    let expected: Awaited<ReturnType<typeof stored>>;
    let controlPushes: unknown[];
    const log: string[] = [];

    const startVictim = async (
      hooks: Pick<KillableBackendOptions, 'watch' | 'freezeAt'> = {},
    ) => {
      victim = await startKillableBackend({
        port,
        config: killableBackendConfig(
          port,
          victimDb.backendConfig,
          QUIET_TASKS,
        ),
        entities: entities(dir),
        ...hooks,
      });
      return victim;
    };

    /**
     * Sends `body` to the victim and kills it once `line` is reported; the
     * client must get no answer. Returns the line.
     */
    const killDuring = async (route: string, body: string, line: RegExp) => {
      const backend = victim!;
      const answer = fetch(`${backend.url}/api/customer-impact/v1/${route}`, {
        method: 'POST',
        headers: auth,
        body,
      }).then(
        async r => `answered ${r.status}: ${(await r.text()).slice(0, 200)}`,
        (e: Error) => `no answer (${(e.cause as Error)?.message ?? e.message})`,
      );
      const seen = await backend.waitForLine(line, 90_000);
      const writing = await victimDb.writeInProgress();
      await backend.kill();
      return { seen, writing, answer: await answer };
    };

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-killed-push-'));
      fs.writeFileSync(path.join(dir, 'slos.yaml'), slosYaml());
      victimDb = createDurableDatabase(kind);
      controlDb = createDurableDatabase(kind);
      port = await freePort();
      const controlPort = await freePort();
      // The control run: the same pushes, never killed.
      control = await startKillableBackend({
        port: controlPort,
        config: killableBackendConfig(
          controlPort,
          controlDb.backendConfig,
          QUIET_TASKS,
        ),
        entities: entities(dir),
      });
      // Checked in the tests below: every later comparison is against it.
      controlPushes = [
        await post(control, 'slo-samples', samples),
        await post(control, 'support-events', events),
      ];
      expected = await stored(controlDb.open());
    });

    it('the control run, never killed, stored the whole batches', async () => {
      expect(controlPushes).toEqual([
        expect.objectContaining({ inserted: SLOS * BUCKETS }),
        expect.objectContaining({ inserted: EVENTS }),
      ]);
      expect(counts(expected)).toEqual({
        fine: SLOS * BUCKETS,
        hourly: expect.any(Number),
        events: EVENTS,
      });
      // 10 SLOs × 17.4 days of hours, each the sum of its 5-minute buckets.
      expect(expected.hourly.length).toBeGreaterThan(SLOS * 400);
    });

    afterAll(async () => {
      await victim?.kill();
      await control?.stop();
      await victimDb?.remove();
      await controlDb?.remove();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      // eslint-disable-next-line no-console
      console.log(
        `killed in the middle of a push (${kind}):\n${log.join('\n')}`,
      );
    });

    it('a push killed inside its transaction leaves none of the batch', async () => {
      const db = victimDb.open();
      // SQLite writes the 50,000 buckets in 50 statements of 1,000: killed
      // after the 3rd. PostgreSQL writes them in one statement: killed after
      // it, before the hourly roll-ups are written and before the commit.
      const write = kind === 'POSTGRES_15' ? 1 : 3;
      await startVictim({
        watch: ['slo_samples_fine'],
        freezeAt: { table: 'slo_samples_fine', write },
      });
      const samplesKill = await killDuring(
        'slo-samples',
        samples,
        new RegExp(`^frozen ${write} slo_samples_fine$`),
      );
      expect(samplesKill.answer).toMatch(/^no answer/);
      // Seen from outside: its transaction was open when it was killed.
      expect(samplesKill.writing).toBe(true);

      // Started again: not one row of the batch.
      // SQLite inserts the 1,000 events in 4 statements of 250: frozen after
      // the 2nd. PostgreSQL in one statement: frozen after it, before the
      // commit.
      const eventsWrite = kind === 'POSTGRES_15' ? 1 : 2;
      await startVictim({
        watch: ['support_events'],
        freezeAt: { table: 'support_events', write: eventsWrite },
      });
      expect(counts(await stored(db))).toEqual({
        fine: 0,
        hourly: 0,
        events: 0,
      });
      log.push(
        `frozen after ${
          kind === 'POSTGRES_15'
            ? 'all 50,000 buckets (one statement), before the roll-ups,'
            : '3,000 of 50,000 buckets'
        } were written, killed: ${
          samplesKill.answer
        }; after restart 0 buckets, 0 roll-ups`,
      );

      const eventsKill = await killDuring(
        'support-events',
        events,
        new RegExp(`^frozen ${eventsWrite} support_events$`),
      );
      expect(eventsKill.answer).toMatch(/^no answer/);
      expect(eventsKill.writing).toBe(true);
      await startVictim({ watch: ['slo_samples_fine', 'support_events'] });
      expect(counts(await stored(db))).toEqual({
        fine: 0,
        hourly: 0,
        events: 0,
      });
      log.push(
        `frozen after ${
          kind === 'POSTGRES_15'
            ? 'all 1,000 events (one statement), before the commit,'
            : '500 of 1,000 events'
        } were written, killed: ${eventsKill.answer}; after restart 0 events`,
      );
    });

    it('a push killed while it runs leaves all of the batch or none of it', async () => {
      const db = victimDb.open();
      const samplesKill = await killDuring(
        'slo-samples',
        samples,
        /^write 1 slo_samples_fine$/,
      );
      await startVictim({ watch: ['support_events'] });
      const afterSamples = await stored(db);
      // All or nothing, never part: nothing, or the control run's rows.
      const none = afterSamples.fine.length === 0;
      expect(afterSamples).toEqual({
        fine: none ? [] : expected.fine,
        hourly: none ? [] : expected.hourly,
        events: [],
      });
      log.push(
        `samples: killed after the first write was reported (${samplesKill.answer}, transaction open: ${samplesKill.writing}); after restart ${afterSamples.fine.length} buckets, ${afterSamples.hourly.length} roll-ups`,
      );

      const eventsKill = await killDuring(
        'support-events',
        events,
        /^write 1 support_events$/,
      );
      await startVictim();
      const afterEvents = await stored(db);
      expect([0, EVENTS]).toContain(afterEvents.events.length);
      expect(afterEvents.events).toEqual(
        afterEvents.events.length ? expected.events : [],
      );
      log.push(
        `events: killed after the first write was reported (${eventsKill.answer}, transaction open: ${eventsKill.writing}); after restart ${afterEvents.events.length} events`,
      );
    });

    it('the batches sent again are stored once, with the figures of a run never killed', async () => {
      const db = victimDb.open();
      const before = counts(await stored(db));
      const samplesAgain = await post(victim!, 'slo-samples', samples);
      expect(samplesAgain).toEqual({
        inserted: SLOS * BUCKETS - before.fine,
        updated: 0,
        unchanged: before.fine,
        unknownEntityRefs: [],
      });
      const eventsAgain = await post(victim!, 'support-events', events);
      expect(eventsAgain).toMatchObject({
        inserted: EVENTS - before.events,
        updated: 0,
        unchanged: before.events,
      });
      // Once more: nothing new.
      expect(await post(victim!, 'slo-samples', samples)).toMatchObject({
        inserted: 0,
        updated: 0,
        unchanged: SLOS * BUCKETS,
      });
      expect(await post(victim!, 'support-events', events)).toMatchObject({
        inserted: 0,
        updated: 0,
        unchanged: EVENTS,
      });

      const after = await stored(db);
      expect(counts(after)).toEqual(counts(expected));
      expect(await duplicates(db)).toEqual({
        series: 0,
        fine: 0,
        hourly: 0,
        events: 0,
      });
      expect(after).toEqual(expected);

      // The figures a person reads: those of the run never killed. Both read
      // in the same 5-minute slot (read again when a slot boundary fell between).
      let pair: [any, any];
      for (let attempt = 0; ; attempt++) {
        const slot = Math.floor(Date.now() / FIVE_MIN);
        pair = await Promise.all([summary(control!), summary(victim!)]);
        if (Math.floor(Date.now() / FIVE_MIN) === slot || attempt >= 3) break;
      }
      const [want, got] = pair;
      expect(want.slos.status).toBe('ok');
      expect(want.slos.slos).toHaveLength(SLOS);
      expect(want.slos.slos[0].eventsInWindow).toBeGreaterThan(0);
      expect(want.supportLoad.status).toBe('ok');
      expect(figures(got.slos)).toEqual(figures(want.slos));
      expect(figures(got.supportLoad)).toEqual(figures(want.supportLoad));
      expect(figures(got.painIndex)).toEqual(figures(want.painIndex));
      log.push(
        `sent again: samples ${JSON.stringify(
          samplesAgain,
        )}, events ${JSON.stringify(eventsAgain)}; stored ${JSON.stringify(
          counts(after),
        )} = control, no duplicates; summaries equal`,
      );
    });
  },
);
