import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
/* eslint-disable @backstage/no-mixed-plugin-imports, @backstage/no-forbidden-package-imports */
// The crash test runs the real backend plugin with this module in a child
// process, started by the backend package's test helpers (a dev dependency;
// test helpers are not part of its public API).
import {
  DurableDatabase,
  createDurableDatabase,
  durableDatabaseKinds,
} from '@customer-impact/plugin-customer-impact-backend/src/__testUtils__/killable/databases';
import {
  KILLABLE_BACKEND_TOKEN,
  KillableBackend,
  KillableBackendOptions,
  freePort,
  killableBackendConfig,
  startKillableBackend,
} from '@customer-impact/plugin-customer-impact-backend/src/__testUtils__/killable/parent';
/* eslint-enable @backstage/no-mixed-plugin-imports, @backstage/no-forbidden-package-imports */
import {
  CounterSeries,
  RunningPrometheus,
  findPrometheus,
  shopAvailabilitySlos,
  startPrometheus,
} from './__testUtils__/prometheus';

/*
 * The backend killed (SIGKILL, a real OS process) in the middle of a pull
 * from a real Prometheus, then started again on the same database: its next
 * scheduled pull fills the SLO window with no gap and no bucket twice, the
 * same buckets as a backend that was never killed, and the counts Prometheus
 * itself gives for them.
 *
 * The backend (Backstage's `createBackend` with the plugin and this module,
 * ./child.ts of the backend package's test helpers) pulls on its schedule
 * through a proxy in front of Prometheus. The pull asks for the SLO window a
 * day at a time; the proxy holds the first request for a day that starts
 * more than a day into the history (the buckets before it are stored by
 * then), and the backend is killed while the request is held.
 */

jest.setTimeout(300_000);

const binaries = findPrometheus();
const describeWithPrometheus = binaries ? describe : describe.skip;

const FIVE_MIN = 300;
const MINUTE = 60;
const DAY = 86_400;
/** Two days of history sampled every minute, up to an hour ago. */
const DATA_END = Math.floor(Date.now() / 1000 / FIVE_MIN) * FIVE_MIN - 3600;
const DATA_START = DATA_END - 2 * DAY;
const ENTITY = 'component:default/shop';

type Knex = ReturnType<DurableDatabase['open']>;
const SLO = 'shop-availability';

function series(code: string, increment: (j: number) => number): CounterSeries {
  let value = 0;
  return {
    name: 'shop_requests_total',
    labels: { code },
    samples: Array.from(
      { length: (DATA_END - DATA_START) / MINUTE + 1 },
      (_, j) => {
        value += j === 0 ? 0 : increment(j);
        return { time: DATA_START + MINUTE * j, value };
      },
    ),
  };
}

const SLOS = shopAvailabilitySlos('main');

function entities(dir: string): KillableBackendOptions['entities'] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'shop',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${path.join(
            dir,
            'catalog-info.yaml',
          )}`,
          'customer-impact/openslo': './slos.yaml',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'shop' },
    },
  ];
}

/** Only the definitions (once, at start) and the pull (every 5 s) run. */
function configFor(prometheusUrl: string) {
  const quiet = {
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    initialDelay: { hours: 1 },
  };
  return {
    customerImpact: {
      prometheus: {
        servers: [{ name: 'main', baseUrl: prometheusUrl, default: true }],
      },
      deprecation: { burndownSchedule: quiet, noticeSchedule: quiet },
      slo: {
        definitionsSchedule: { ...quiet, initialDelay: { seconds: 0 } },
        // A pull holds the task for at most 10 s: a killed pull's claim has
        // run out 10 s after it began, and the next backend may pull.
        pullSchedule: {
          frequency: { seconds: 5 },
          timeout: { seconds: 10 },
          initialDelay: { seconds: 0 },
        },
        alertSchedule: quiet,
        retentionSchedule: quiet,
      },
      rollups: { schedule: quiet, changesSchedule: quiet },
      orphans: { schedule: quiet },
    },
  };
}

const auth = { Authorization: `Bearer ${KILLABLE_BACKEND_TOKEN}` };

async function sloFacet(backend: KillableBackend) {
  const res = await fetch(
    `${backend.url}/api/customer-impact/v1/entities/component/default/shop`,
    { headers: auth },
  );
  expect(res.status).toBe(200);
  return (await res.json()).slos;
}

/** Polls `probe` every 250 ms until it returns a value, for at most `ms`. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 90_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Every stored bucket of the SLO: [table, start (s), duration, good, total]. */
async function storedBuckets(knex: Knex) {
  const rows: Array<[string, number, number, number, number]> = [];
  for (const table of ['slo_samples_fine', 'slo_samples_hourly']) {
    // The samples are stored by series (entity and SLO).
    for (const r of await knex(table)
      .join('slo_series', 'slo_series.id', `${table}.series_id`)
      .where({ 'slo_series.entity_ref': ENTITY, 'slo_series.slo': SLO })
      .orderBy('start')
      .select('start', 'duration_seconds', 'good', 'total')) {
      rows.push([
        table,
        Number(r.start) / 1000,
        Number(r.duration_seconds),
        Number(r.good),
        Number(r.total),
      ]);
    }
  }
  return rows;
}

async function duplicateBuckets(knex: Knex) {
  let n = (
    await knex('slo_series')
      .select('entity_ref', 'slo')
      .count({ n: '*' })
      .groupBy('entity_ref', 'slo')
      .havingRaw('count(*) > 1')
  ).length;
  for (const table of ['slo_samples_fine', 'slo_samples_hourly']) {
    n += (
      await knex(table)
        .select('series_id', 'start')
        .count({ n: '*' })
        .groupBy('series_id', 'start')
        .havingRaw('count(*) > 1')
    ).length;
  }
  return n;
}

/** Whether the pull task's claim (of a backend killed while pulling) is free or ran out. */
async function pullClaimFree(knex: Knex) {
  const row = await knex('backstage_backend_tasks__tasks')
    .where('id', 'customer-impact-slo-pull')
    .andWhere(q =>
      q
        .whereNull('current_run_ticket')
        .orWhere('current_run_expires_at', '<', knex.fn.now()),
    )
    .first();
  return row ? true : undefined;
}

describeWithPrometheus(
  'killed in the middle of a pull from a real Prometheus',
  () => {
    let prometheus: RunningPrometheus;
    /** Per 5-minute bucket end (s): the total count Prometheus gives. */
    const truth = new Map<number, number>();
    let proxy: http.Server;
    let proxyUrl: string;
    let dir: string;
    /** Once set, query_range requests for this day on are held, not answered. */
    let holdFrom: number | undefined;
    let onHold: ((url: string) => void) | undefined;
    const held = new Set<http.ServerResponse>();

    beforeAll(async () => {
      prometheus = await startPrometheus(binaries!, [
        series('200', j => 50 + (j % 17)),
        series('500', j => (j % 7 === 0 ? 3 : 0)),
      ]);
      // What Prometheus holds, asked the way the pull asks (bucket ends on the
      // 5-minute grid, `sum(increase(...[300s]))`).
      const url = new URL('api/v1/query_range', `${prometheus.url}/`);
      url.searchParams.set('query', 'sum(increase(shop_requests_total[300s]))');
      url.searchParams.set('start', String(DATA_START - FIVE_MIN));
      url.searchParams.set('end', String(DATA_END + 4 * FIVE_MIN));
      url.searchParams.set('step', String(FIVE_MIN));
      const answer = await (await fetch(url)).json();
      for (const [t, v] of answer.data.result[0].values) {
        truth.set(Number(t), Number(v));
      }

      const upstream = new URL(prometheus.url);
      proxy = http.createServer((req, res) => {
        const query = new URL(req.url ?? '/', 'http://proxy').searchParams;
        if (
          holdFrom !== undefined &&
          req.url?.includes('/api/v1/query_range') &&
          Number(query.get('start')) >= holdFrom
        ) {
          held.add(res);
          onHold?.(req.url);
          return;
        }
        const out = http.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          answer2 => {
            res.writeHead(answer2.statusCode ?? 502, answer2.headers);
            answer2.pipe(res);
          },
        );
        out.on('error', () => res.destroy());
        req.pipe(out);
      });
      await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${
        (proxy.address() as net.AddressInfo).port
      }`;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-killed-pull-'));
      fs.writeFileSync(path.join(dir, 'slos.yaml'), SLOS);
    }, 120_000);

    afterAll(async () => {
      for (const res of held) res.destroy();
      await prometheus?.stop();
      await new Promise(resolve => proxy?.close(resolve));
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }, 30_000);

    describe.each(durableDatabaseKinds())('on %s', kind => {
      let victimDb: DurableDatabase;
      let controlDb: DurableDatabase;
      const running: KillableBackend[] = [];

      afterAll(async () => {
        for (const backend of running) await backend.kill();
        await victimDb?.remove();
        await controlDb?.remove();
      });

      it('the next pull after the restart fills the window: no gap, no bucket twice, the same as a pull never killed', async () => {
        // Two days of 5-minute buckets, as Prometheus counts them.
        expect(truth.size).toBe(576);
        victimDb = createDurableDatabase(kind);
        controlDb = createDurableDatabase(kind);
        const [port, controlPort] = [await freePort(), await freePort()];
        const startVictim = async () => {
          const backend = await startKillableBackend({
            port,
            config: killableBackendConfig(
              port,
              victimDb.backendConfig,
              configFor(proxyUrl),
            ),
            entities: entities(dir),
            modules: [path.join(__dirname, 'index.ts')],
          });
          running.push(backend);
          return backend;
        };

        // The pull asks a day at a time from 30 days ago; hold it at the first
        // day that starts more than a day into the history: the history
        // before it (a day and a bit, each day in its own transaction) is
        // stored, the rest is not.
        const firstHeld = new Promise<string>(resolve => {
          onHold = resolve;
        });
        holdFrom = DATA_START + DAY + 1;
        const [control, victim] = await Promise.all([
          startKillableBackend({
            port: controlPort,
            config: killableBackendConfig(
              controlPort,
              controlDb.backendConfig,
              configFor(prometheus.url),
            ),
            entities: entities(dir),
            modules: [path.join(__dirname, 'index.ts')],
          }),
          startVictim(),
        ]);
        running.push(control);

        let timer: NodeJS.Timeout | undefined;
        const heldUrl = await Promise.race([
          firstHeld,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `No pull reached the held day within 90 s; the backend said:\n${victim
                      .output()
                      .slice(-3000)}`,
                  ),
                ),
              90_000,
            );
          }),
        ]).finally(() => clearTimeout(timer));
        const db = victimDb.open();
        const beforeKill = await storedBuckets(db);
        await victim.kill();
        holdFrom = undefined;
        for (const res of held) res.destroy();
        held.clear();
        const afterKill = await storedBuckets(db);
        // Killed in the middle: some of the history stored, not all of it.
        expect(afterKill).toEqual(beforeKill);
        const fineAfterKill = afterKill.filter(
          r => r[0] === 'slo_samples_fine',
        );
        expect(fineAfterKill.length).toBeGreaterThan(288);
        expect(fineAfterKill.length).toBeLessThan(truth.size);
        expect(new URLSearchParams(heldUrl.split('?')[1]).get('step')).toBe(
          '300',
        );

        // The killed pull's claim on the task runs out (its timeout, 10 s),
        // then the backend starts again on the same database.
        await waitFor('the killed pull to release the task', () =>
          pullClaimFree(db),
        );
        const restarted = await startVictim();

        // Its next scheduled pull, and the control's, complete.
        const pulled = async (backend: KillableBackend) =>
          waitFor(`a pull of ${backend.url} to succeed`, async () => {
            const facet = await sloFacet(backend);
            const slo = facet.slos?.[0];
            return slo?.collection?.lastSuccessAt && !slo.collection.lastError
              ? facet
              : undefined;
          });
        const [want, got] = await Promise.all([
          pulled(control),
          pulled(restarted),
        ]);

        const stored = await storedBuckets(db);
        const control2 = await storedBuckets(controlDb.open());
        // The same buckets as the pull that was never killed, none twice.
        expect(await duplicateBuckets(db)).toBe(0);
        expect(stored).toEqual(control2);
        // No gap: a bucket for every 5 minutes Prometheus has a count for,
        // with that count, and none other.
        const fine = stored.filter(r => r[0] === 'slo_samples_fine');
        expect(fine.map(r => r[1] + FIVE_MIN)).toEqual([...truth.keys()]);
        for (const [, start, , , total] of fine) {
          expect(total).toBeCloseTo(truth.get(start + FIVE_MIN)!, 6);
        }
        // The figures a person reads.
        const [wantSlo, gotSlo] = [want.slos[0], got.slos[0]];
        const sum = [...truth.values()].reduce((a, b) => a + b, 0);
        expect(gotSlo.eventsInWindow).toBeCloseTo(sum, 3);
        expect(gotSlo.eventsInWindow).toBe(wantSlo.eventsInWindow);
        expect(gotSlo.badEventsInWindow).toBe(wantSlo.badEventsInWindow);
        expect(gotSlo.sli).toBe(wantSlo.sli);
        // eslint-disable-next-line no-console
        console.log(
          `killed in the middle of a pull (${kind}): held ${heldUrl.slice(
            0,
            120,
          )}...; ${fineAfterKill.length} of ${
            truth.size
          } buckets stored at the kill; after restart and one pull ${
            fine.length
          } buckets (+${
            stored.length - fine.length
          } hourly roll-ups) = control = Prometheus, 0 duplicates; events in window ${
            gotSlo.eventsInWindow
          }`,
        );
      });
    });
  },
);
