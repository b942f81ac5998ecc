/*
 * Ingest benchmark (prints figures, asserts nothing): the plugin as the
 * backend wires it (every facet) over an SQLite file on disk, in a test
 * backend (startTestBackend: Backstage's own HTTP server, router, auth and
 * error middleware; an in-memory catalog; permissions that allow), pushed
 * through its HTTP API by a keep-alive client in the same process, one request
 * after another:
 *  - support events, batches of 1,000 (new, then the same batches replayed);
 *  - journey events, batches of 5,000;
 *  - SLO samples, pushes of 2 SLOs × 7 days of 5-minute buckets (4,032;
 *    BENCH_SLO_DAYS=30: 17,280, the pushes of `yarn bench`);
 * events/s per phase, request time mean/max, and the event-loop delay of the
 * process (perf_hooks.monitorEventLoopDelay, 2 ms resolution, reset per phase)
 * while the pushes run. The request bodies are serialised before a phase
 * starts, so the client adds only the socket writes to the loop.
 *
 * Then, per batch, where the time of a push goes, in process on another
 * SQLite file: JSON.parse of the body (what express.json does), validation
 * (the services' own parse and checks, pauses included), and the store's
 * write. CPU ms a push (the process's user + system time over the phase, per
 * push) is printed beside wall times: on a shared machine it varies less.
 *
 * Run from plugins/customer-impact-backend:
 *   yarn bench:ingest
 * BENCH_SUPPORT_BATCHES (default 30), BENCH_JOURNEY_BATCHES (default 8),
 * BENCH_SLO_PUSHES (default 10), BENCH_SLO_DAYS (default 7, at most 30).
 * BENCH_DB=pg: the same on PostgreSQL (BENCH_POSTGRES_CONNECTION_STRING,
 * default postgresql://postgres@127.0.0.1:5432; two scratch databases are
 * created and dropped).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  assertNoFutureTimestamps,
  parseJourneyEventsInSlices,
  parseSupportEventBatchInSlices,
} from '@customer-impact/plugin-customer-impact-common';
import { promises as fs } from 'fs';
import http from 'http';
import knexFactory, { Knex } from 'knex';
import os from 'os';
import path from 'path';
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import { customerImpactPlugin } from '../src/plugin';
import { DatabaseJourneyStore } from '../src/journey/JourneyStore';
import { validateSamples } from '../src/slo/samples';
import { createSloStores } from '../src/slo/stores';
import { DatabaseSupportStore } from '../src/support/SupportStore';
import { yieldToEventLoop as pause } from '../src/database/yieldToEventLoop';
import { random } from './fixtures';

const SUPPORT_BATCH = 1000;
const JOURNEY_BATCH = 5000;
const SLO_DAYS = Number(process.env.BENCH_SLO_DAYS ?? 7);
const SUPPORT_BATCHES = Number(process.env.BENCH_SUPPORT_BATCHES ?? 30);
const JOURNEY_BATCHES = Number(process.env.BENCH_JOURNEY_BATCHES ?? 8);
const SLO_PUSHES = Number(process.env.BENCH_SLO_PUSHES ?? 10);
const COMPONENTS = 200;
const TEAMS = 20;
const NOW = Date.now();
const DAY = 86_400_000;
const KINDS = ['ticket', 'page', 'escalation', 'manual-exception'];
const CATEGORIES = ['access', 'quota', 'deploy', 'billing', 'dns', 'other'];

function catalog(): Entity[] {
  const entities: Entity[] = [];
  for (let i = 0; i < COMPONENTS; i++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `svc-${i}`, namespace: 'default' },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-0' },
    });
  }
  for (let i = 0; i < TEAMS; i++) {
    entities.push({
      apiVersion: 'backstage.io/v1',
      kind: 'Group',
      metadata: { name: `team-${i}`, namespace: 'default' },
      spec: { type: 'team', children: [] },
    });
  }
  entities.push({
    apiVersion: 'customer-impact/v1alpha1',
    kind: 'Journey',
    metadata: { name: 'first-deploy', namespace: 'default' },
    spec: {
      owner: 'group:default/team-0',
      stages: [{ name: 'All', steps: [{ id: 'create', title: 'Create' }] }],
    },
  });
  return entities;
}

function supportBatch(batch: number) {
  const rnd = random(1000 + batch);
  return {
    events: Array.from({ length: SUPPORT_BATCH }, (_, i) => {
      const opened = NOW - Math.floor(rnd() * 84 * DAY) - DAY;
      const event: Record<string, unknown> = {
        source: rnd() < 0.5 ? 'jira' : 'pagerduty',
        externalId: `OPS-${batch}-${i}`,
        entityRef: `component:default/svc-${Math.floor(rnd() * COMPONENTS)}`,
        consumerRef: `group:default/team-${Math.floor(rnd() * TEAMS)}`,
        kind: KINDS[Math.floor(rnd() * KINDS.length)],
        openedAt: new Date(opened).toISOString(),
        category: CATEGORIES[Math.floor(rnd() * CATEGORIES.length)],
        severity: `SEV${1 + Math.floor(rnd() * 4)}`,
        title: `Request ${batch}-${i}: cannot deploy to the staging cluster`,
        url: `https://tickets.example.com/browse/OPS-${batch}-${i}`,
      };
      if (rnd() < 0.8) {
        event.resolvedAt = new Date(
          opened + Math.floor(rnd() * 3 * 3_600_000),
        ).toISOString();
      }
      return event;
    }),
  };
}

function journeyBatch(batch: number) {
  const rnd = random(2000 + batch);
  const types = ['started', 'completed', 'abandoned'];
  return {
    events: Array.from({ length: JOURNEY_BATCH }, (_, i) => ({
      eventId: `je-${batch}-${i}`,
      journeyRef: 'journey:default/first-deploy',
      stepId: 'create',
      subject: `person-${Math.floor(rnd() * 2000)}@example.com`,
      type: types[i % 3],
      at: new Date(NOW - Math.floor(rnd() * 28 * DAY) - DAY).toISOString(),
    })),
  };
}

function sloPush(push: number) {
  const samples: Array<Record<string, unknown>> = [];
  const start = Math.floor((NOW - SLO_DAYS * DAY) / 300_000) * 300_000;
  for (let slo = 0; slo < 2; slo++) {
    for (let b = 0; b < SLO_DAYS * 288; b++) {
      const total = 500 + ((b * 7) % 97);
      samples.push({
        entityRef: `component:default/svc-${push}`,
        slo: `slo-${slo}`,
        start: new Date(start + b * 300_000).toISOString(),
        durationSeconds: 300,
        good: total - (b % 5),
        total,
      });
    }
  }
  return { samples };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, max: sorted[sorted.length - 1] };
}

async function post(
  agent: http.Agent,
  port: number,
  route: string,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: `/api/customer-impact${route}`,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: mockCredentials.service.header(),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function httpPhase(options: {
  name: string;
  agent: http.Agent;
  port: number;
  route: string;
  bodies: string[];
  itemsPerBody: number;
}) {
  const { name, agent, port, route, bodies, itemsPerBody } = options;
  const loop = monitorEventLoopDelay({ resolution: 2 });
  const times: number[] = [];
  const answers: string[] = [];
  loop.enable();
  loop.reset();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const body of bodies) {
    const start = performance.now();
    const res = await post(agent, port, route, body);
    times.push(performance.now() - start);
    if (res.status !== 200) {
      throw new Error(`${route}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
    }
    answers.push(res.text);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  const { mean, max } = stats(times);
  const items = bodies.length * itemsPerBody;
  const last = JSON.parse(answers[answers.length - 1]);
  console.log(
    `${name.padEnd(34)} ${fmt(items / seconds).padStart(7)} items/s  ` +
      `(${fmt(items)} in ${bodies.length} pushes of ${fmt(itemsPerBody)}, ` +
      `${fmt(Buffer.byteLength(bodies[0]) / 1024)} KiB each); ` +
      `push mean ${fmt(mean, 1)} ms, max ${fmt(max, 1)} ms, CPU ${fmt(
        (cpu.user + cpu.system) / 1000 / bodies.length,
        1,
      )} ms a push; ` +
      `event loop max ${fmt(loop.max / 1e6, 1)} ms, p99 ${fmt(
        loop.percentile(99) / 1e6,
        1,
      )} ms; last answer ${JSON.stringify({
        inserted: last.inserted,
        updated: last.updated,
        unchanged: last.unchanged,
      })}`,
  );
}

type Breakdown = { parse: number[]; validate: number[]; store: number[] };

function printBreakdown(name: string, b: Breakdown) {
  const parts = (['parse', 'validate', 'store'] as const).map(k => {
    const { mean, max } = stats(b[k]);
    return `${k === 'parse' ? 'JSON.parse' : k} ${fmt(mean, 1)} / ${fmt(
      max,
      1,
    )}`;
  });
  console.log(
    `${name.padEnd(34)} ms per batch, mean / max: ${parts.join(', ')}`,
  );
}

async function time<T>(out: number[], fn: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await fn();
  out.push(performance.now() - start);
  return value;
}

const ON_POSTGRES = process.env.BENCH_DB === 'pg';
const PG_CONNECTION =
  process.env.BENCH_POSTGRES_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

/** A scratch database: an SQLite file in `dir`, or a PostgreSQL database. */
async function scratchDatabase(
  dir: string,
  name: string,
): Promise<{ knex: Knex; where: string; drop(): Promise<void> }> {
  if (!ON_POSTGRES) {
    const file = path.join(dir, `${name}.sqlite`);
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
    });
    return {
      knex,
      where: `SQLite on disk (${file})`,
      drop: () => knex.destroy(),
    };
  }
  const database = `ingest_bench_${name.replace(/\W/g, '_')}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: PG_CONNECTION });
  await admin.raw(`create database ${database}`);
  const url = new URL(PG_CONNECTION);
  url.pathname = `/${database}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString() });
  return {
    knex,
    where: `PostgreSQL (database ${database})`,
    async drop() {
      await knex.destroy();
      await admin.raw(`drop database if exists ${database}`);
      await admin.destroy();
    },
  };
}

async function breakdowns(
  dir: string,
  support: string[],
  journeys: string[],
  slos: string[],
) {
  const scratch = await scratchDatabase(dir, 'breakdown');
  const knex = scratch.knex;
  const database = mockServices.database({ knex, migrations: { skip: false } });
  try {
    const now = new Date();
    const supportStore = await DatabaseSupportStore.create({ database });
    const b: Breakdown = { parse: [], validate: [], store: [] };
    for (const text of support) {
      const body = await time(b.parse, () => JSON.parse(text));
      const events = await time(b.validate, async () => {
        const parsed = await parseSupportEventBatchInSlices(body, pause);
        assertNoFutureTimestamps(parsed, {
          listName: 'events',
          fields: ['openedAt', 'resolvedAt'],
          now,
        });
        return parsed;
      });
      await time(b.store, () => supportStore.upsertEvents(events, now));
    }
    printBreakdown('support events, batches of 1,000', b);

    const journeyStore = await DatabaseJourneyStore.create({ database });
    const j: Breakdown = { parse: [], validate: [], store: [] };
    for (const text of journeys) {
      const body = await time(j.parse, () => JSON.parse(text));
      const events = await time(j.validate, async () => {
        const parsed = (await parseJourneyEventsInSlices(body, pause)).events;
        assertNoFutureTimestamps(parsed, {
          listName: 'events',
          fields: ['at'],
          now,
        });
        return parsed;
      });
      await time(j.store, () =>
        journeyStore.writeEvents(
          events.map(e => ({
            eventId: e.eventId,
            journeyRef: e.journeyRef,
            stepId: e.stepId,
            subjectHash: e.subject, // the hash itself is not timed here
            type: e.type,
            at: e.at,
          })),
          now,
        ),
      );
    }
    printBreakdown('journey events, batches of 5,000', j);

    const { sampleStore } = await createSloStores({ database });
    const s: Breakdown = { parse: [], validate: [], store: [] };
    for (const text of slos) {
      const body = await time(s.parse, () => JSON.parse(text));
      const rows = await time(s.validate, () =>
        validateSamples(
          body,
          { fineHorizonMs: NOW - 35 * DAY, fineRetentionDays: 35 },
          NOW,
          pause,
        ),
      );
      await time(s.store, () => sampleStore.upsertSamples(rows));
    }
    printBreakdown(
      `SLO samples, pushes of ${(2 * SLO_DAYS * 288).toLocaleString('en-US')}`,
      s,
    );
  } finally {
    await scratch.drop();
  }
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ingest-bench-'));
  const scratch = await scratchDatabase(dir, 'customer-impact');
  const knex = scratch.knex;
  const backend = await startTestBackend({
    features: [
      customerImpactPlugin,
      catalogServiceMock.factory({ entities: catalog() }),
      mockServices.database.factory({ knex }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          customerImpact: {
            journeys: {
              subjectHashSecret: 'a-bench-secret-of-enough-length',
              minPeople: 5,
            },
          },
        },
      }),
    ],
  });
  const port = backend.server.port();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  const support = Array.from({ length: SUPPORT_BATCHES }, (_, i) =>
    JSON.stringify(supportBatch(i)),
  );
  const journeys = Array.from({ length: JOURNEY_BATCHES }, (_, i) =>
    JSON.stringify(journeyBatch(i)),
  );
  const slos = Array.from({ length: SLO_PUSHES }, (_, i) =>
    JSON.stringify(sloPush(i)),
  );

  console.log(
    `Ingest through the HTTP API, ${scratch.where}, Node ${process.version}, ${
      os.cpus().length
    } cores, load average ${os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}`,
  );
  try {
    // One warm-up push of each (JIT, prepared statements), not counted.
    await post(
      agent,
      port,
      '/v1/support-events',
      JSON.stringify(supportBatch(9999)),
    );
    await post(
      agent,
      port,
      '/v1/journey-events',
      JSON.stringify(journeyBatch(9999)),
    );
    await post(
      agent,
      port,
      '/v1/slo-samples',
      JSON.stringify(sloPush(COMPONENTS - 1)),
    );

    await httpPhase({
      name: 'support events, new',
      agent,
      port,
      route: '/v1/support-events',
      bodies: support,
      itemsPerBody: SUPPORT_BATCH,
    });
    await httpPhase({
      name: 'support events, replayed',
      agent,
      port,
      route: '/v1/support-events',
      bodies: support.slice(0, Math.min(10, support.length)),
      itemsPerBody: SUPPORT_BATCH,
    });
    await httpPhase({
      name: 'journey events, new',
      agent,
      port,
      route: '/v1/journey-events',
      bodies: journeys,
      itemsPerBody: JOURNEY_BATCH,
    });
    await httpPhase({
      name: 'SLO samples, new',
      agent,
      port,
      route: '/v1/slo-samples',
      bodies: slos,
      itemsPerBody: 2 * SLO_DAYS * 288,
    });
  } finally {
    agent.destroy();
    await backend.stop();
    await scratch.drop();
  }

  console.log(
    `Where a push goes, in process (another ${
      ON_POSTGRES ? 'PostgreSQL database' : 'SQLite file on disk'
    }):`,
  );
  await breakdowns(dir, support, journeys, slos);
  await fs.rm(dir, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
