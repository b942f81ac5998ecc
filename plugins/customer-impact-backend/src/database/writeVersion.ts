import { Knex } from 'knex';

/**
 * The one-row write counters (`support_write_version`,
 * `journey_write_version`): bumped in the transaction of every write that
 * changes what answers kept in memory were computed from, and read before
 * computing one, so that a write through any replica retires them on every
 * replica.
 */
export async function readWriteVersion(
  db: Knex,
  table: string,
): Promise<string> {
  const row: { version: number | string } | undefined = await db(table)
    .where({ id: 1 })
    .first('version');
  return String(row?.version ?? 0);
}

/** Bumps a write counter in the writing transaction. */
export async function bumpWriteVersion(
  tx: Knex.Transaction,
  table: string,
): Promise<void> {
  await tx(table).where({ id: 1 }).increment('version', 1);
}
