/*
 * The entry of a real backend process for the crash tests (not a test file):
 * Backstage's `createBackend` from @backstage/backend-defaults with the
 * customer-impact plugin, any modules named in the options, an in-memory
 * catalog and the config given by the parent. Its database is the one of the
 * config (SQLite on disk or PostgreSQL), so it survives a SIGKILL.
 *
 * Started by `startKillableBackend` (./parent.ts) as
 *   node --require @backstage/cli/config/nodeTransform.cjs child.ts
 * with the options as JSON in CI_KILLABLE_BACKEND.
 *
 * The parent is told, on stdout, lines starting with `@@killable `:
 * - `@@killable write <n> <table>` after each write statement into a watched
 *   table has completed (inside its transaction, before the commit);
 * - `@@killable frozen <n> <table>` when the process stops at the freeze
 *   point: the n-th write into the watched table has completed and the
 *   process blocks its only thread there, its transaction left open, until
 *   the parent kills it.
 */
import fs from 'node:fs';
import { createBackend } from '@backstage/backend-defaults';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { customerImpactPlugin } from '../../plugin';
import type { KillableBackendOptions } from './parent';

const options: KillableBackendOptions = JSON.parse(
  process.env.CI_KILLABLE_BACKEND ?? '{}',
);

/** Written at once (not buffered): the parent reacts to it. */
function tell(line: string) {
  fs.writeSync(1, `@@killable ${line}\n`);
}

/** Blocks the process's only thread (timers, sockets, everything). */
function freeze(): never {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  // Two minutes at most: a parent that never kills must not leave us behind.
  Atomics.wait(cell, 0, 0, 120_000);
  tell('freeze timed out');
  process.exit(98);
}

const watched = new WeakSet<Knex>();
function watch(knex: Knex) {
  const { watch: tables = [], freezeAt } = options;
  if (watched.has(knex) || tables.length === 0) {
    return;
  }
  watched.add(knex);
  const counts = new Map<string, number>();
  knex.on('query-response', (_response: unknown, query: { sql?: string }) => {
    const sql = String(query.sql ?? '');
    // A write, also as the first statement of a `with` (the support
    // events' upsert on PostgreSQL counts what it wrote).
    const m =
      /^\s*(?:with\s+\w+\s+as\s+\(\s*)?(?:insert\s+into|update|delete\s+from)\s+[`"]?([a-z_]+)[`"]?/i.exec(
        sql,
      );
    if (!m || !tables.includes(m[1])) {
      return;
    }
    const table = m[1];
    const n = (counts.get(table) ?? 0) + 1;
    counts.set(table, n);
    if (freezeAt && freezeAt.table === table && freezeAt.write === n) {
      tell(`frozen ${n} ${table}`);
      freeze();
    }
    tell(`write ${n} ${table}`);
  });
}

/** Backstage's database service, with the plugin's knex watched. */
const database = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    return DatabaseManager.fromConfig(config, { rootLifecycle, rootLogger });
  },
  async factory({ pluginMetadata, lifecycle, logger }, manager) {
    const db = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    return {
      ...db,
      async getClient() {
        const knex = await db.getClient();
        watch(knex);
        return knex;
      },
    };
  },
});

/**
 * Backstage's logger without the redaction of config secrets, whose schema
 * discovery (compiling every package's config.d.ts) takes most of a start.
 */
const rootLogger = createServiceFactory({
  service: coreServices.rootLogger,
  deps: {},
  factory: () =>
    WinstonLogger.create({
      meta: { service: 'backstage' },
      level: process.env.LOG_LEVEL ?? 'warn',
    }),
});

// The parent going away (a test that crashed) takes us with it.
process.on('disconnect', () => process.exit(97));

const backend = createBackend();
backend.add(mockServices.rootConfig.factory({ data: options.config }));
backend.add(rootLogger);
backend.add(database);
backend.add(catalogServiceMock.factory({ entities: options.entities }));
backend.add(customerImpactPlugin);
for (const module of options.modules ?? []) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(module);
  backend.add(loaded.default ?? loaded);
}
backend.start().then(
  () => tell('started'),
  error => {
    tell(`failed ${String(error?.stack ?? error).replace(/\n/g, ' | ')}`);
    process.exit(96);
  },
);
