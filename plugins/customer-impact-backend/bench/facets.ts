/*
 * What computing the SLO facets ahead costs (`SloService.precomputeFacets`,
 * the task `customer-impact-slo-facets`), on a database that holds the
 * plugin's SLO data, e.g. the one `yarn bench` leaves behind:
 *
 *   BENCH_FACETS_DB=postgresql://postgres@127.0.0.1:5432/cibench_customer-impact yarn bench:facets
 *
 * It deletes the facets stored there (so every one is computed), runs the
 * task's work once (every entity computed), then again (every stamp the
 * same), and prints each pass's time, the time per entity and the longest
 * hold of the event loop meanwhile. It writes to that database's
 * `slo_facets` only. A SQLite file works too (`BENCH_FACETS_DB=/path/to/file`).
 */
import knexFactory, { Knex } from 'knex';
import { monitorEventLoopDelay } from 'perf_hooks';
import { SloService } from '../src/slo/SloService';
import { benchDatabase, benchSloService } from './fixtures';

const DB = process.env.BENCH_FACETS_DB;
const FINE_RETENTION_DAYS = Number(
  process.env.BENCH_FACETS_FINE_RETENTION_DAYS ?? 35,
);

function connect(target: string): Knex {
  return target.startsWith('postgres')
    ? knexFactory({ client: 'pg', connection: target, pool: { max: 10 } })
    : knexFactory({
        client: 'better-sqlite3',
        connection: { filename: target },
        useNullAsDefault: true,
      });
}

async function pass(service: SloService, label: string) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = process.hrtime.bigint();
  const result = await service.precomputeFacets({ aheadMs: 0 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  delay.disable();
  const entities = result.computed + result.unchanged;
  console.log(
    `${label}: ${ms.toFixed(0)} ms for ${entities} entities (${
      result.computed
    } computed, ${result.unchanged} unchanged): ${(ms / entities).toFixed(
      2,
    )} ms per entity; event loop max ${(delay.max / 1e6).toFixed(1)} ms`,
  );
}

async function main() {
  if (!DB) {
    throw new Error(
      'BENCH_FACETS_DB: a database holding the plugin SLO data (a PostgreSQL URL or a SQLite file)',
    );
  }
  const knex = connect(DB);
  try {
    const service = await benchSloService({
      database: benchDatabase(knex),
      fineRetentionDays: FINE_RETENTION_DAYS,
    });
    const deleted = await knex('slo_facets').delete();
    console.log(
      `${DB.replace(
        /\/\/[^@/]*@/,
        '//',
      )}: ${deleted} stored facets deleted first`,
    );
    await pass(service, 'every facet computed');
    await pass(service, 'every stamp the same');
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
