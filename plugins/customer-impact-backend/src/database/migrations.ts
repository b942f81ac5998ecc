import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@customer-impact/plugin-customer-impact-backend',
  'migrations',
);

/**
 * Runs the plugin's knex migrations, unless the installation manages schema
 * changes itself (`backend.database.plugin.customer-impact.skipMigrations`).
 */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}

/** For tests: the folder holding the migrations. */
export const MIGRATIONS_DIRECTORY = migrationsDir;
