/*
 * SLO benchmark: prints (does not assert)
 *  - p50/p95 latency of the SLO part of the summary for an entity with 5 SLOs
 *    over 30 days of 5-minute buckets (43,200 buckets);
 *  - push ingest rate (samples/s) through the same validation and store code
 *    as POST /v1/slo-samples;
 * on SQLite (better-sqlite3, in memory) and PostgreSQL.
 *
 * Run from plugins/customer-impact-backend:
 *   yarn bench:slo
 * PostgreSQL: BENCH_POSTGRES_CONNECTION_STRING (default
 * postgresql://postgres@127.0.0.1:5432); a scratch database is created and
 * dropped. Set BENCH_SKIP_POSTGRES=1 to run SQLite only.
 */
import { Entity } from '@backstage/catalog-model';
import { promises as fs } from 'fs';
import knexFactory, { Knex } from 'knex';
import os from 'os';
import path from 'path';
import { benchDatabase, benchSloService, pushedSlosYaml } from './fixtures';

const SLOS = 5;
const DAYS = 30;
const BUCKET_MS = 300_000;
const BATCH = 5000;
const ITERATIONS = 300;
const NOW = Date.parse('2026-11-21T12:00:00Z');
const ENTITY_REF = 'component:default/bench';

function samplesFor(entityRef: string, slo: number) {
  const out: Array<Record<string, unknown>> = [];
  const start = NOW - DAYS * 86_400_000;
  let i = 0;
  for (let t = start; t < NOW; t += BUCKET_MS, i++) {
    const total = 500 + (i % 97);
    out.push({
      entityRef,
      slo: `slo-${slo}`,
      start: new Date(t).toISOString(),
      durationSeconds: 300,
      good: total - (i % 5),
      total,
    });
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[index];
}

async function benchOne(name: string, knex: Knex, dir: string) {
  const service = await benchSloService({
    database: benchDatabase(knex),
    fineRetentionDays: 35,
    now: () => new Date(NOW),
  });
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'bench',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${dir}/catalog-info.yaml`,
        'customer-impact/openslo': './slos.yaml',
      },
    },
    spec: {},
  };

  // ---- ingest: 5 SLOs × 30 days of 5-minute buckets, batches of 5,000.
  const all: Array<Record<string, unknown>> = [];
  for (let s = 0; s < SLOS; s++) {
    all.push(...samplesFor(ENTITY_REF, s));
  }
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < all.length; i += BATCH) {
    await service.pushSamples({ samples: all.slice(i, i + BATCH) });
  }
  const insertSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  // The same batches again (all unchanged): the idempotent replay path.
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < all.length; i += BATCH) {
    await service.pushSamples({ samples: all.slice(i, i + BATCH) });
  }
  const replaySeconds = Number(process.hrtime.bigint() - t1) / 1e9;

  // ---- summary latency (the SLO facet: definitions, buckets, 5 × computeSloStatus).
  await service.getFacet(entity); // reads and stores the definitions
  for (let i = 0; i < 20; i++) {
    await service.getFacet(entity); // warm-up
  }
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = process.hrtime.bigint();
    const facet: any = await service.getFacet(entity);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (i === 0 && facet.slos.length !== SLOS) {
      throw new Error(`expected ${SLOS} SLOs, got ${facet.slos.length}`);
    }
  }
  times.sort((a, b) => a - b);

  console.log(
    `${name.padEnd(
      10,
    )} summary (5 SLOs, 30 d of 5-min buckets): p50 ${percentile(
      times,
      50,
    ).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(
      1,
    )} ms (target ≤ 25 ms)`,
  );
  console.log(
    `${name.padEnd(10)} push ingest: ${Math.round(
      all.length / insertSeconds,
    ).toLocaleString('en-US')} samples/s new, ${Math.round(
      all.length / replaySeconds,
    ).toLocaleString('en-US')} samples/s replayed (${all.length.toLocaleString(
      'en-US',
    )} samples in batches of ${BATCH.toLocaleString('en-US')})`,
  );
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slo-bench-'));
  await fs.writeFile(path.join(dir, 'slos.yaml'), pushedSlosYaml(SLOS));

  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    await benchOne('SQLite', sqlite, dir);
  } finally {
    await sqlite.destroy();
  }

  if (process.env.BENCH_SKIP_POSTGRES) {
    return;
  }
  const connection =
    process.env.BENCH_POSTGRES_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432';
  const database = `slo_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  try {
    await admin.raw(`create database ${database}`);
    const url = new URL(connection);
    url.pathname = `/${database}`;
    const pg = knexFactory({ client: 'pg', connection: url.toString() });
    try {
      await benchOne('PostgreSQL', pg, dir);
    } finally {
      await pg.destroy();
    }
  } finally {
    await admin.raw(`drop database if exists ${database}`).catch(() => {});
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
