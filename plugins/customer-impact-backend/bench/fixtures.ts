/*
 * What the in-process benchmarks (slo.ts, scale.ts, storage.ts, ingest.ts)
 * share.
 */

import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { SloService } from '../src/slo/SloService';
import { createSloStores } from '../src/slo/stores';

/** A logger that says nothing (the benchmarks print their own figures). */
export const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** A deterministic PRNG (mulberry32): the same data on every run. */
export function random(initial: number) {
  let a = initial;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An OpenSLO file of `count` SLOs (`slo-0` …), each a ratio of pushed counts
 * at 99.9 % over a rolling 30 days (no DataSource: the data is pushed).
 */
export function pushedSlosYaml(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: slo-${i}
spec:
  service: bench
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.999
  indicator:
    metadata:
      name: sli-${i}
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

/**
 * The plugin's database service over `knex`, its migrations applied on first
 * use (what the backend's `DatabaseService` gives the plugin).
 */
export function benchDatabase(knex: Knex): DatabaseService {
  return {
    getClient: async () => knex,
    migrations: { skip: false },
  } as unknown as DatabaseService;
}

/**
 * An SLO service on `database` with no catalog, URL reader, auth or SLI
 * source (the benchmarks push their data and store their definitions), the
 * clock at `now` when given.
 */
export async function benchSloService(options: {
  database: DatabaseService;
  fineRetentionDays: number;
  now?: () => Date;
}): Promise<SloService> {
  return new SloService({
    ...(await createSloStores({ database: options.database })),
    urlReader: {} as any,
    catalog: {} as any,
    auth: {} as any,
    logger: silentLogger,
    sliSources: new Map(),
    fineRetentionDays: options.fineRetentionDays,
    ...(options.now ? { now: options.now } : {}),
  });
}
