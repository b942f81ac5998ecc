import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';

/** A database that outlives the backend process that writes to it. */
export interface DurableDatabase {
  /** `SQLite on disk` or `PostgreSQL`. */
  name: string;
  /** The `backend.database` config of a backend writing to it. */
  backendConfig: object;
  /** A connection of the test's own, to the plugin's database. */
  open(): Knex;
  /**
   * Whether a write transaction is open on it, seen from outside the
   * process that writes: an SQLite rollback journal or write-ahead log
   * beside the file; a PostgreSQL session of the database inside a transaction.
   */
  writeInProgress(): Promise<boolean>;
  /** Drops it (PostgreSQL) or removes its directory (SQLite). */
  remove(): Promise<void>;
}

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The kinds of durable database the crash tests run on: SQLite in a file
 * (an in-memory database does not survive a kill) and PostgreSQL, as the
 * other database tests choose them (`TestDatabases`: PostgreSQL through
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, which the test
 * command sets).
 */
export function durableDatabaseKinds(): Array<'SQLITE_FILE' | 'POSTGRES_15'> {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const kinds: Array<'SQLITE_FILE' | 'POSTGRES_15'> = ['SQLITE_FILE'];
  if (databases.supports('POSTGRES_15')) {
    kinds.push('POSTGRES_15');
  }
  return kinds;
}

/** A new, empty durable database of the given kind for the plugin `pluginId`. */
export function createDurableDatabase(
  kind: 'SQLITE_FILE' | 'POSTGRES_15',
  pluginId = 'customer-impact',
): DurableDatabase {
  if (kind === 'SQLITE_FILE') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-durable-sqlite-'));
    const opened: Knex[] = [];
    const file = path.join(dir, `${pluginId}.sqlite`);
    return {
      name: 'SQLite on disk',
      backendConfig: {
        client: 'better-sqlite3',
        connection: { directory: dir },
      },
      open() {
        const knex = knexFactory({
          client: 'better-sqlite3',
          connection: { filename: file },
          useNullAsDefault: true,
        });
        opened.push(knex);
        return knex;
      },
      async writeInProgress() {
        return ['-journal', '-wal'].some(
          suffix =>
            fs.existsSync(`${file}${suffix}`) &&
            fs.statSync(`${file}${suffix}`).size > 0,
        );
      },
      async remove() {
        for (const knex of opened) await knex.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env[PG_ENV];
  if (!base) {
    throw new Error(
      `${PG_ENV} is not set: point it at a PostgreSQL server (the test command sets it to postgresql://postgres@127.0.0.1:5432)`,
    );
  }
  const prefix = `ci_durable_${Date.now().toString(36)}_${Math.random()
    .toString(36)
    .slice(2, 8)}_`;
  const database = `${prefix}${pluginId}`;
  const urlOf = (db: string) => {
    const url = new URL(base);
    url.pathname = `/${encodeURIComponent(db)}`;
    return url.toString();
  };
  const opened: Knex[] = [];
  return {
    name: 'PostgreSQL',
    backendConfig: { client: 'pg', connection: base, prefix },
    open() {
      const knex = knexFactory({ client: 'pg', connection: urlOf(database) });
      opened.push(knex);
      return knex;
    },
    async writeInProgress() {
      const admin = knexFactory({
        client: 'pg',
        connection: urlOf('postgres'),
      });
      try {
        const rows = await admin('pg_stat_activity')
          .where({ datname: database })
          .whereNotNull('xact_start')
          .count({ n: '*' });
        return Number(rows[0].n) > 0;
      } finally {
        await admin.destroy();
      }
    },
    async remove() {
      for (const knex of opened) await knex.destroy();
      const admin = knexFactory({
        client: 'pg',
        connection: urlOf('postgres'),
      });
      try {
        await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
      } finally {
        await admin.destroy();
      }
    },
  };
}
