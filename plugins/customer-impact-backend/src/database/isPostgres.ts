import { Knex } from 'knex';

/**
 * Whether the plugin's database is PostgreSQL (the other one it runs on is
 * SQLite): where the two need different statements or statement sizes.
 */
export function isPostgres(db: Knex): boolean {
  return String(db.client.config.client).startsWith('pg');
}
