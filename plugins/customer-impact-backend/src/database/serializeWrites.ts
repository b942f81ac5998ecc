import { Knex } from 'knex';
import { isPostgres } from './isPostgres';

/**
 * Makes the writes of one kind (`name`, e.g. the table written) run one
 * after the other on PostgreSQL: takes a lock held until the transaction
 * ends. For a push that reads what is stored, then inserts what is new and
 * updates what changed: two such pushes of the same items at once (a client
 * that retries while its first request is still being written, on another
 * replica) would both insert the new items, and the second would fail on
 * the unique key (a 500) instead of finding them unchanged. SQLite runs one
 * write transaction at a time already.
 */
export async function serializeWrites(
  tx: Knex.Transaction,
  name: string,
): Promise<void> {
  if (isPostgres(tx)) {
    await tx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
      `customer-impact/writes/${name}`,
    ]);
  }
}
