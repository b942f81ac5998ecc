/*
 * Storage benchmark: prints (does not assert) the size of the plugin's
 * database after a simulated year, against the target of issue 10 (≤ 2 GB
 * at 2,000 SLOs with 5-minute buckets pushed continuously, 100,000 support
 * events per 12 weeks, journeys of 2,000 people).
 *
 * A fake clock walks through BENCH_STORAGE_DAYS days (default 365). Every
 * BENCH_STORAGE_PUSH_MINUTES (default 60) of simulated time the buckets of
 * that span of every SLO are pushed through `SloService.pushSamples` (the
 * validation and store code of POST /v1/slo-samples); once per simulated day
 * the SLO retention job runs (`SloService.applyRetention`, as the scheduled
 * task calls it) and the day's support events and journey events are pushed
 * through `SupportService.push` and `JourneyService.pushEvents`. Support and
 * journey events have no retention: they accumulate for the whole year.
 *
 * The database is an SQLite file on disk with the real migrations
 * (BENCH_DB=sqlite,pg adds a scratch PostgreSQL database). Printed: the file
 * size, the size of every table and index (SQLite's dbstat), rows and bytes
 * per row, and the projection to 2,000 SLOs: the SLO sample tables (and the
 * free pages their deletes leave) scale linearly with the number of SLOs,
 * the support and journey tables are simulated at the issue's full rates
 * already and are taken as measured.
 *
 * Run from plugins/customer-impact-backend:
 *   yarn bench:storage
 * BENCH_STORAGE_SLOS (default 100; 2 per component), BENCH_STORAGE_DAYS,
 * BENCH_STORAGE_PUSH_MINUTES, BENCH_STORAGE_SUPPORT_EVENTS (per 12 weeks,
 * default 100000), BENCH_STORAGE_PEOPLE (people starting the journey per 12
 * weeks, default 2000), BENCH_STORAGE_FILE (where the SQLite file is written;
 * default a scratch directory, deleted afterwards unless this is set),
 * BENCH_STORAGE_REUSE=1 (measure the existing BENCH_STORAGE_FILE, no
 * simulation), BENCH_DB (`sqlite`, `pg` or `sqlite,pg`; default `sqlite`),
 * BENCH_POSTGRES_CONNECTION_STRING (default postgresql://postgres@127.0.0.1:5432),
 * BENCH_STORAGE_VACUUM=0 (on PostgreSQL, do not vacuum as autovacuum would
 * have in the simulated time; see AutovacuumInSimulatedTime).
 *
 * After the SQLite measurement the SLO samples of the year are copied, in
 * the order pushes write them (time, then series), into two compact layouts
 * that are not the plugin's schema, to measure what each would take: a
 * `slo_series` table (integer id per entity and SLO) with sample tables keyed
 * by (series_id, start) as WITHOUT ROWID tables, and the current columns as
 * WITHOUT ROWID tables keyed by (entity_ref, slo, start), both without the
 * `start` index. BENCH_STORAGE_PREVIEW=0 skips it; skipped too when the
 * plugin's schema has the series layout already (migration
 * 20261208000000_slo_series).
 */
import { promises as fs } from 'fs';
import knexFactory, { Knex } from 'knex';
import os from 'os';
import path from 'path';
import { JourneyService } from '../src/journey/JourneyService';
import { DatabaseJourneyStore } from '../src/journey/JourneyStore';
import { SupportService } from '../src/support/SupportService';
import { DatabaseSupportStore } from '../src/support/SupportStore';
import {
  benchDatabase,
  benchSloService,
  random,
  silentLogger,
} from './fixtures';

const env = process.env;
const SLOS = Number(env.BENCH_STORAGE_SLOS ?? 100);
const DAYS = Number(env.BENCH_STORAGE_DAYS ?? 365);
const PUSH_MINUTES = Number(env.BENCH_STORAGE_PUSH_MINUTES ?? 60);
const SUPPORT_PER_12_WEEKS = Number(
  env.BENCH_STORAGE_SUPPORT_EVENTS ?? 100_000,
);
const PEOPLE_PER_12_WEEKS = Number(env.BENCH_STORAGE_PEOPLE ?? 2_000);
const DATABASES = (env.BENCH_DB ?? 'sqlite').split(',').map(s => s.trim());
/** customerImpact.slo.fineRetentionDays: its default, 35, unless given. */
const FINE_RETENTION_DAYS = Number(env.BENCH_STORAGE_FINE_RETENTION_DAYS ?? 35);

const TARGET_SLOS = 2_000;
const TARGET_BYTES = 2e9; // 2 GB
const SLOS_PER_ENTITY = 2;
const SLO_NAMES = ['availability', 'latency'];
const ENTITIES_WITH_SUPPORT = 1_000;
const CONSUMER_TEAMS = 100;
const JOURNEY_STEPS = [
  'request-access',
  'create-repo',
  'first-build',
  'first-deploy',
  'go-live',
];
const BUCKET_MS = 300_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');

/** The SLO sample tables (their rows are the samples). */
const SLO_SAMPLE_TABLES = new Set(['slo_samples_fine', 'slo_samples_hourly']);
/** The tables that grow with the SLOs: the samples and their series. */
const SLO_TABLES = new Set([...SLO_SAMPLE_TABLES, 'slo_series']);

const pad = (i: number) => String(i).padStart(4, '0');
const componentRef = (i: number) =>
  `component:default/storage-bench-service-${pad(i)}`;

const MiB = 1024 * 1024;
const fmtBytes = (b: number) =>
  b >= 1024 * MiB
    ? `${(b / (1024 * MiB)).toFixed(2)} GiB`
    : `${(b / MiB).toFixed(1)} MiB`;
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

/** What a simulated year leaves, per table (indexes counted with their table). */
interface TableSize {
  table: string;
  rows: number;
  /** The table itself (its b-tree or heap). */
  tableBytes: number;
  /** Each index by name. */
  indexes: Array<{ name: string; bytes: number }>;
}

interface Measured {
  /** The file (SQLite) or database (PostgreSQL) size. */
  totalBytes: number;
  /** Bytes in no table: SQLite's free pages, PostgreSQL's catalog and others. */
  otherBytes: number;
  tables: TableSize[];
  notes: string[];
}

/**
 * On PostgreSQL, what autovacuum would have done in the simulated time: a
 * simulated year passes in minutes, in which autovacuum's daemon (one look
 * a minute) sees a few days at most. After each simulated day, a table
 * whose deleted rows since its last vacuum exceed autovacuum's default
 * threshold (50 + 20 % of its live rows) is vacuumed (plain VACUUM: the
 * space is made reusable, not given back). BENCH_STORAGE_VACUUM=0 turns
 * it off (then nothing vacuums on a server with autovacuum off).
 */
class AutovacuumInSimulatedTime {
  private readonly deletedSince = new Map<string, number>();
  runs = 0;

  constructor(private readonly knex: Knex) {}

  async afterDay(deleted: Record<string, number>) {
    for (const [table, n] of Object.entries(deleted)) {
      const total = (this.deletedSince.get(table) ?? 0) + n;
      this.deletedSince.set(table, total);
      const [{ live }] = await this.knex(table).count({ live: '*' });
      if (total > 50 + 0.2 * Number(live)) {
        await this.knex.raw(`vacuum ${table}`);
        this.deletedSince.set(table, 0);
        this.runs += 1;
      }
    }
  }
}

async function simulate(name: string, knex: Knex): Promise<void> {
  const vacuum =
    knex.client.config.client === 'pg' && env.BENCH_STORAGE_VACUUM !== '0'
      ? new AutovacuumInSimulatedTime(knex)
      : undefined;
  const database = benchDatabase(knex);
  let nowMs = START;
  const now = () => new Date(nowMs);
  const slo = await benchSloService({
    database,
    fineRetentionDays: FINE_RETENTION_DAYS,
    now,
  });
  const journeys = new JourneyService({
    store: await DatabaseJourneyStore.create({ database }),
    catalog: {} as any,
    permissions: {} as any,
    logger: silentLogger,
    subjectHashSecret: 'a-storage-bench-secret-of-enough-length',
    now,
  });
  const support = new SupportService({
    store: await DatabaseSupportStore.create({ database }),
    now,
    hashRequester: s => journeys.hashSubject(s),
  });

  const series: Array<{ entityRef: string; slo: string }> = [];
  for (let i = 0; series.length < SLOS; i++) {
    for (let j = 0; j < SLOS_PER_ENTITY && series.length < SLOS; j++) {
      series.push({ entityRef: componentRef(i), slo: SLO_NAMES[j] });
    }
  }

  const rand = random(17);
  const supportPerDay = SUPPORT_PER_12_WEEKS / 84;
  const peoplePerDay = PEOPLE_PER_12_WEEKS / 84;
  let supportEvents = 0;
  let journeyEvents = 0;
  let samples = 0;
  let person = 0;
  let rolledUp = 0;
  let expired = 0;
  const pushMs = PUSH_MINUTES * 60_000;
  const t0 = Date.now();

  for (let day = 0; day < DAYS; day++) {
    const dayStart = START + day * DAY_MS;
    // ---- SLO buckets: every PUSH_MINUTES, the buckets of that span.
    for (let from = dayStart; from < dayStart + DAY_MS; from += pushMs) {
      const to = Math.min(from + pushMs, dayStart + DAY_MS);
      nowMs = to + 30_000; // the last bucket closed half a minute ago
      const batch: Array<Record<string, unknown>> = [];
      for (let t = from; t < to; t += BUCKET_MS) {
        const iso = new Date(t).toISOString();
        const k = t / BUCKET_MS;
        for (let s = 0; s < series.length; s++) {
          const total = 200 + ((k * 7 + s * 13) % 997);
          batch.push({
            entityRef: series[s].entityRef,
            slo: series[s].slo,
            start: iso,
            durationSeconds: 300,
            good: total - ((k + s) % 3),
            total,
          });
        }
      }
      for (let i = 0; i < batch.length; i += 10_000) {
        await slo.pushSamples({ samples: batch.slice(i, i + 10_000) });
      }
      samples += batch.length;
    }
    const dayEnd = dayStart + DAY_MS;
    nowMs = dayEnd + 30_000;

    // ---- Support events opened this day (the issue's rate).
    const supportToday =
      Math.floor((day + 1) * supportPerDay) - Math.floor(day * supportPerDay);
    const events: Array<Record<string, unknown>> = [];
    for (let e = 0; e < supportToday; e++, supportEvents++) {
      const opened = dayStart + Math.floor(rand() * DAY_MS);
      const resolved =
        rand() < 0.9
          ? Math.min(dayEnd, opened + Math.floor(rand() * 8 * HOUR_MS))
          : undefined;
      events.push({
        source: 'storage-bench',
        externalId: `SB-${supportEvents}`,
        entityRef: componentRef(Math.floor(rand() * ENTITIES_WITH_SUPPORT)),
        consumerRef: `group:default/storage-bench-team-${pad(
          Math.floor(rand() * CONSUMER_TEAMS),
        )}`,
        kind: rand() < 0.8 ? 'ticket' : 'page',
        openedAt: new Date(opened).toISOString(),
        ...(resolved !== undefined
          ? { resolvedAt: new Date(resolved).toISOString() }
          : {}),
        category: ['access', 'quota', 'build', 'deploy', 'docs'][
          supportEvents % 5
        ],
        title: `Synthetic ticket ${supportEvents}`,
        url: `https://tickets.example.com/SB-${supportEvents}`,
      });
    }
    for (let i = 0; i < events.length; i += 1000) {
      await support.push({ events: events.slice(i, i + 1000) });
    }

    // ---- People starting the journey this day, each walking its steps.
    const peopleToday =
      Math.floor((day + 1) * peoplePerDay) - Math.floor(day * peoplePerDay);
    const steps: Array<Record<string, unknown>> = [];
    for (let p = 0; p < peopleToday; p++, person++) {
      let t = dayStart + Math.floor(rand() * 10 * HOUR_MS);
      const subject = `person-${person}@storage-bench.example.com`;
      for (const step of JOURNEY_STEPS) {
        const id = `sb:${person}:${step}`;
        const base = {
          journeyRef: 'journey:default/storage-bench-onboarding',
          stepId: step,
          subject,
        };
        steps.push({
          ...base,
          eventId: `${id}:started`,
          type: 'started',
          at: new Date(t).toISOString(),
        });
        t += Math.floor((0.2 + rand()) * HOUR_MS);
        const abandoned = rand() < 0.05;
        steps.push({
          ...base,
          eventId: `${id}:${abandoned ? 'abandoned' : 'completed'}`,
          type: abandoned ? 'abandoned' : 'completed',
          at: new Date(t).toISOString(),
        });
        if (abandoned) {
          break;
        }
        t += Math.floor(rand() * HOUR_MS);
      }
    }
    journeyEvents += steps.length;
    for (let i = 0; i < steps.length; i += 5000) {
      await journeys.pushEvents({ events: steps.slice(i, i + 5000) });
    }

    // ---- The SLO retention job, once per simulated day.
    const r = await slo.applyRetention();
    rolledUp += r.rolledUp;
    expired += r.expired;
    if (vacuum) {
      await vacuum.afterDay({
        slo_samples_fine: r.rolledUp,
        slo_samples_hourly: r.expired,
      });
    }

    if ((day + 1) % 30 === 0 || day + 1 === DAYS) {
      console.log(
        `${name.padEnd(10)} day ${day + 1}/${DAYS}: ${fmtInt(
          samples,
        )} buckets pushed, ${fmtInt(supportEvents)} support events, ${fmtInt(
          journeyEvents,
        )} journey events (${Math.round((Date.now() - t0) / 1000)} s)`,
      );
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `${name.padEnd(10)} simulated ${DAYS} days in ${Math.round(
      seconds,
    )} s: ${fmtInt(samples)} SLO buckets pushed (${fmtInt(
      samples / seconds,
    )}/s, every ${PUSH_MINUTES} simulated minutes), retention: ${fmtInt(
      rolledUp,
    )} fine buckets rolled up, ${fmtInt(expired)} hourly buckets expired${
      vacuum
        ? `; ${vacuum.runs} vacuums of the sample tables where autovacuum's default threshold was crossed in simulated time`
        : ''
    }`,
  );
}

async function rowCounts(knex: Knex, tables: string[]) {
  const out = new Map<string, number>();
  for (const table of tables) {
    const [{ n }] = await knex(table).count({ n: '*' });
    out.set(table, Number(n));
  }
  return out;
}

async function measureSqlite(knex: Knex, file: string): Promise<Measured> {
  const master: Array<{ type: string; name: string; tbl_name: string }> =
    await knex.raw(
      `select type, name, tbl_name from sqlite_master where type in ('table', 'index')`,
    );
  const stat: Array<{ name: string; bytes: number }> = await knex.raw(
    `select name, sum(pgsize) as bytes from dbstat group by name`,
  );
  const bytesOf = new Map(stat.map(s => [s.name, Number(s.bytes)]));
  const tableNames = master
    .filter(m => m.type === 'table' && !m.name.startsWith('sqlite_'))
    .map(m => m.name);
  const rows = await rowCounts(knex, tableNames);
  const tables: TableSize[] = tableNames.map(table => ({
    table,
    rows: rows.get(table) ?? 0,
    tableBytes: bytesOf.get(table) ?? 0,
    indexes: master
      .filter(m => m.type === 'index' && m.tbl_name === table)
      .map(m => ({ name: m.name, bytes: bytesOf.get(m.name) ?? 0 })),
  }));
  const [{ page_size: pageSize }] = await knex.raw('pragma page_size');
  const [{ freelist_count: free }] = await knex.raw('pragma freelist_count');
  const totalBytes = (await fs.stat(file)).size;
  const counted = tables.reduce(
    (sum, t) => sum + t.tableBytes + t.indexes.reduce((s, i) => s + i.bytes, 0),
    0,
  );
  return {
    totalBytes,
    otherBytes: totalBytes - counted,
    tables,
    notes: [
      `free pages ${fmtInt(free)} × ${pageSize} B = ${fmtBytes(
        free * pageSize,
      )} (left by deletes, reused by later inserts; the file does not shrink without VACUUM)`,
    ],
  };
}

/** What vacuumed the space of deleted rows, after "autovacuum is … on this server". */
function vacuumNote(autovacuum: string): string {
  if (env.BENCH_STORAGE_VACUUM !== '0') {
    return '; the bench vacuumed the sample tables as autovacuum would have in the simulated time (BENCH_STORAGE_VACUUM=0: it does not)';
  }
  if (autovacuum === 'off') {
    return ': nothing made the space of deleted rows reusable, the figures are what a year without vacuum leaves';
  }
  return '';
}

async function measurePostgres(knex: Knex): Promise<Measured> {
  const { rows: list } = await knex.raw(
    `select c.relname as table,
            pg_relation_size(c.oid) + coalesce(pg_total_relation_size(c.reltoastrelid), 0) as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = current_schema()`,
  );
  const { rows: indexes } = await knex.raw(
    `select t.relname as table, i.relname as name, pg_relation_size(i.oid) as bytes
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema()`,
  );
  const rows = await rowCounts(
    knex,
    list.map((l: any) => l.table),
  );
  const tables: TableSize[] = list.map((l: any) => ({
    table: l.table,
    rows: rows.get(l.table) ?? 0,
    tableBytes: Number(l.bytes),
    indexes: indexes
      .filter((i: any) => i.table === l.table)
      .map((i: any) => ({ name: i.name, bytes: Number(i.bytes) })),
  }));
  const {
    rows: [{ size }],
  } = await knex.raw('select pg_database_size(current_database()) as size');
  const { rows: dead } = await knex.raw(
    `select relname, n_dead_tup from pg_stat_user_tables where relname like 'slo_samples_%'`,
  );
  const {
    rows: [{ autovacuum }],
  } = await knex.raw('show autovacuum');
  const counted = tables.reduce(
    (sum, t) => sum + t.tableBytes + t.indexes.reduce((s, i) => s + i.bytes, 0),
    0,
  );
  return {
    totalBytes: Number(size),
    otherBytes: Number(size) - counted,
    tables,
    notes: [
      `dead tuples (deleted rows autovacuum has not yet marked reusable): ${dead
        .map((d: any) => `${d.relname} ${fmtInt(Number(d.n_dead_tup))}`)
        .join(', ')}`,
      'database size includes the system catalogs of an empty database (about 7–8 MiB)',
      `autovacuum is ${autovacuum} on this server${vacuumNote(autovacuum)}`,
    ],
  };
}

function report(name: string, m: Measured) {
  const tableTotal = (t: TableSize) =>
    t.tableBytes + t.indexes.reduce((s, i) => s + i.bytes, 0);
  console.log(`\n${name}: ${fmtBytes(m.totalBytes)} in all`);
  const lines: string[][] = [['table / index', 'bytes', 'rows', 'bytes/row']];
  for (const t of [...m.tables].sort((a, b) => tableTotal(b) - tableTotal(a))) {
    if (tableTotal(t) < 64 * 1024 && t.rows === 0) {
      continue;
    }
    lines.push([
      t.table,
      fmtBytes(tableTotal(t)),
      fmtInt(t.rows),
      t.rows > 0 ? fmtInt(tableTotal(t) / t.rows) : '',
    ]);
    lines.push([
      '  (table)',
      fmtBytes(t.tableBytes),
      '',
      t.rows > 0 ? fmtInt(t.tableBytes / t.rows) : '',
    ]);
    for (const i of t.indexes) {
      lines.push([
        `  ${i.name}`,
        fmtBytes(i.bytes),
        '',
        t.rows > 0 ? fmtInt(i.bytes / t.rows) : '',
      ]);
    }
  }
  lines.push(['(not in a table or index)', fmtBytes(m.otherBytes), '', '']);
  const widths = lines[0].map((_, c) =>
    Math.max(...lines.map(l => l[c].length)),
  );
  for (const l of lines) {
    console.log(
      `  ${l[0].padEnd(widths[0])}  ${l
        .slice(1)
        .map((v, c) => v.padStart(widths[c + 1]))
        .join('  ')}`,
    );
  }
  for (const note of m.notes) {
    console.log(`  ${note}`);
  }

  // Projection: linear in the number of SLOs for the SLO sample tables and
  // the space their deletes free; everything else as measured (support and
  // journey events are simulated at the issue's full rates already).
  const factor = TARGET_SLOS / SLOS;
  const slo = m.tables
    .filter(t => SLO_TABLES.has(t.table))
    .reduce((s, t) => s + tableTotal(t), 0);
  const sloRows = m.tables
    .filter(t => SLO_SAMPLE_TABLES.has(t.table))
    .reduce((s, t) => s + t.rows, 0);
  // SQLite: the free pages are left by the SLO deletes and scale with them;
  // PostgreSQL: the bytes in no table are the system catalogs, which do not.
  const scaled = name === 'SQLite' ? slo + m.otherBytes : slo;
  const projected = m.totalBytes + scaled * (factor - 1);
  console.log(
    `  SLO sample tables: ${fmtBytes(slo)} for ${fmtInt(
      sloRows,
    )} rows (${fmtInt(
      slo / Math.max(1, sloRows),
    )} bytes per row, indexes included) at ${fmtInt(
      SLOS,
    )} SLOs; support and journey events (no retention: a whole year kept): ${fmtBytes(
      m.tables
        .filter(
          t => t.table === 'support_events' || t.table === 'journey_events',
        )
        .reduce((s, t) => s + tableTotal(t), 0),
    )}`,
  );
  console.log(
    `  Projection to ${fmtInt(TARGET_SLOS)} SLOs (SLO sample tables${
      name === 'SQLite' ? ' and free pages' : ''
    } × ${factor.toFixed(1)}, linear in SLOs; the rest as measured): ${fmtBytes(
      projected,
    )} = ${(projected / 1e9).toFixed(2)} GB (target ≤ 2 GB): ${
      projected <= TARGET_BYTES ? 'met' : 'missed'
    }`,
  );
}

/** A layout of the SLO sample tables measured by {@link previewLayouts}. */
interface Layout {
  name: string;
  /** Statements creating the tables (in the attached database `p`). */
  create: string[];
  /** Statements copying the samples, in push order. */
  copy: string[];
  /** The tables holding samples (and series). */
  tables: string[];
}

const SAMPLE_COLUMNS =
  'start integer not null, duration_seconds integer not null, good real not null, total real not null, value_min real, value_max real';
const VALUE_COLUMNS =
  'start, duration_seconds, good, total, value_min, value_max';

const LAYOUTS: Layout[] = [
  {
    name: 'series id, WITHOUT ROWID, no start index',
    create: [
      `create table p.slo_series (id integer primary key, entity_ref varchar(255) not null, slo varchar(255) not null, unique (entity_ref, slo))`,
      ...['fine', 'hourly'].map(
        t =>
          `create table p.slo_${t} (series_id integer not null, ${SAMPLE_COLUMNS}, primary key (series_id, start)) without rowid`,
      ),
    ],
    copy: [
      `insert into p.slo_series (entity_ref, slo) select entity_ref, slo from (select distinct entity_ref, slo from slo_samples_hourly union select distinct entity_ref, slo from slo_samples_fine) order by entity_ref, slo`,
      ...['fine', 'hourly'].map(
        t =>
          `insert into p.slo_${t} select s.id, ${VALUE_COLUMNS.split(', ')
            .map(c => `x.${c}`)
            .join(
              ', ',
            )} from slo_samples_${t} x join p.slo_series s on s.entity_ref = x.entity_ref and s.slo = x.slo order by x.start, s.id`,
      ),
    ],
    tables: ['slo_series', 'slo_fine', 'slo_hourly'],
  },
  {
    name: 'entity_ref and slo columns, WITHOUT ROWID, no start index',
    create: ['fine', 'hourly'].map(
      t =>
        `create table p.slo_${t} (entity_ref varchar(255) not null, slo varchar(255) not null, ${SAMPLE_COLUMNS}, primary key (entity_ref, slo, start)) without rowid`,
    ),
    copy: ['fine', 'hourly'].map(
      t =>
        `insert into p.slo_${t} select entity_ref, slo, ${VALUE_COLUMNS} from slo_samples_${t} order by start, entity_ref, slo`,
    ),
    tables: ['slo_fine', 'slo_hourly'],
  },
];

/**
 * Copies the SLO samples of `file` into each layout of {@link LAYOUTS} (a
 * scratch file each, in push order: by time, then series) and prints the
 * size each takes and its projection, beside the current tables.
 */
async function previewLayouts(file: string, measured: Measured) {
  const factor = TARGET_SLOS / SLOS;
  const current = measured.tables.filter(t => SLO_TABLES.has(t.table));
  const currentBytes = current.reduce(
    (s, t) => s + t.tableBytes + t.indexes.reduce((a, i) => a + i.bytes, 0),
    0,
  );
  const rows = current.reduce((s, t) => s + t.rows, 0);
  const rest = measured.tables
    .filter(t => !SLO_TABLES.has(t.table))
    .reduce(
      (s, t) => s + t.tableBytes + t.indexes.reduce((a, i) => a + i.bytes, 0),
      0,
    );
  console.log(
    `\nSQLite, the same samples in other layouts (copied in push order; not the plugin's schema):`,
  );
  for (const layout of LAYOUTS) {
    const target = `${file}.preview.sqlite`;
    await fs.rm(target, { force: true });
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
      pool: { min: 1, max: 1 },
    });
    try {
      await knex.raw(`attach database ? as p`, [target]);
      for (const sql of [...layout.create, ...layout.copy]) {
        await knex.raw(sql);
      }
      const stat: Array<{ name: string; bytes: number }> = await knex.raw(
        `select name, sum(pgsize) as bytes from dbstat('p') group by name`,
      );
      const bytes = stat
        .filter(
          s =>
            layout.tables.includes(s.name) ||
            layout.tables.some(t => s.name.includes(t)),
        )
        .reduce((s, x) => s + Number(x.bytes), 0);
      // The free pages the deletes of retention leave scale with the table.
      const free = measured.otherBytes * (bytes / currentBytes);
      const projected = (bytes + free) * factor + rest;
      console.log(
        `  ${layout.name}: ${fmtBytes(bytes)} for ${fmtInt(
          rows,
        )} samples (${fmtInt(bytes / rows)} bytes per sample, ${stat
          .map(s => `${s.name} ${fmtBytes(Number(s.bytes))}`)
          .join(', ')}); the current tables ${fmtBytes(currentBytes)} (${fmtInt(
          currentBytes / rows,
        )} bytes per sample). Projection to ${fmtInt(
          TARGET_SLOS,
        )} SLOs (the free pages scaled by the same ratio): ${fmtBytes(
          projected,
        )} = ${(projected / 1e9).toFixed(2)} GB (target ≤ 2 GB): ${
          projected <= TARGET_BYTES ? 'met' : 'missed'
        }`,
      );
    } finally {
      await knex.destroy();
      await fs.rm(target, { force: true });
    }
  }
}

async function main() {
  console.log(
    `Storage after ${DAYS} simulated days: ${fmtInt(
      SLOS,
    )} SLOs (${SLOS_PER_ENTITY} per component) with 5-minute buckets pushed every ${PUSH_MINUTES} simulated minutes, retention once a day (fine buckets ${FINE_RETENTION_DAYS} days), ${fmtInt(
      SUPPORT_PER_12_WEEKS,
    )} support events per 12 weeks, ${fmtInt(
      PEOPLE_PER_12_WEEKS,
    )} people starting a ${
      JOURNEY_STEPS.length
    }-step journey per 12 weeks. Support and journey events have no retention.`,
  );
  if (DATABASES.includes('sqlite')) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'storage-bench-'));
    const file =
      env.BENCH_STORAGE_FILE ?? path.join(dir, 'customer-impact.sqlite');
    if (!env.BENCH_STORAGE_REUSE) {
      await fs.rm(file, { force: true });
    }
    const sqlite = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
    });
    let measured: Measured | undefined;
    try {
      if (!(env.BENCH_STORAGE_REUSE && env.BENCH_STORAGE_FILE)) {
        await simulate('SQLite', sqlite);
      }
      measured = await measureSqlite(sqlite, file);
      report('SQLite', measured);
    } finally {
      await sqlite.destroy();
    }
    try {
      if (
        measured &&
        env.BENCH_STORAGE_PREVIEW !== '0' &&
        !measured.tables.some(t => t.table === 'slo_series')
      ) {
        await previewLayouts(file, measured);
      }
    } finally {
      if (!env.BENCH_STORAGE_FILE) {
        await fs.rm(dir, { recursive: true, force: true });
      }
    }
  }

  if (DATABASES.includes('pg')) {
    const connection =
      env.BENCH_POSTGRES_CONNECTION_STRING ??
      'postgresql://postgres@127.0.0.1:5432';
    const database = `storage_bench_${Date.now()}`;
    const admin = knexFactory({ client: 'pg', connection });
    try {
      await admin.raw(`create database ${database}`);
      const url = new URL(connection);
      url.pathname = `/${database}`;
      const pg = knexFactory({ client: 'pg', connection: url.toString() });
      try {
        await simulate('PostgreSQL', pg);
        report('PostgreSQL', await measurePostgres(pg));
      } finally {
        await pg.destroy();
      }
    } finally {
      await admin.raw(`drop database if exists ${database}`).catch(() => {});
      await admin.destroy();
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
