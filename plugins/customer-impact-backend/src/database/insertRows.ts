import { Knex } from 'knex';
import { yieldToEventLoop } from './yieldToEventLoop';

/** Rows inserted on SQLite between two turns of the event loop. */
const SQLITE_ROWS_PER_TURN = 250;

/** What better-sqlite3 binds: dates as milliseconds and booleans as 0/1, as knex binds them. */
function sqliteValue(value: unknown): unknown {
  if (value === undefined) {
    return null;
  }
  if (value instanceof Date) {
    return value.valueOf();
  }
  if (typeof value === 'boolean') {
    return Number(value);
  }
  return value;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The better-sqlite3 `Statement` as used here. */
interface SqliteStatement {
  run(params: unknown[]): unknown;
}

/**
 * Inserts `rows` (all with the same columns) into `table` within the
 * transaction `tx`, letting the event loop run between statements.
 *
 * On SQLite (better-sqlite3, synchronous) the rows go through one prepared
 * statement of one row, run once per row on the transaction's own connection:
 * knex would prepare a new multi-row statement of thousands of parameters
 * for every `chunk`, which costs as much as writing the rows. The
 * transaction stays the same, so the write stays all-or-nothing. Elsewhere,
 * statements of `chunk` rows through knex.
 */
export async function insertRows(
  tx: Knex.Transaction,
  table: string,
  rows: ReadonlyArray<Record<string, unknown>>,
  chunk: number,
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  if (String(tx.client.config.client) === 'better-sqlite3') {
    const connection = await tx.client.acquireConnection();
    const columns = Object.keys(rows[0]);
    const insert: SqliteStatement = connection.prepare(
      `insert into ${quoted(table)} (${columns
        .map(quoted)
        .join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    );
    for (let i = 0; i < rows.length; i++) {
      if (i % SQLITE_ROWS_PER_TURN === 0) {
        await yieldToEventLoop();
      }
      const row = rows[i];
      insert.run(columns.map(column => sqliteValue(row[column])));
    }
    return;
  }
  for (let i = 0; i < rows.length; i += chunk) {
    await yieldToEventLoop();
    await tx(table).insert(rows.slice(i, i + chunk));
  }
}
