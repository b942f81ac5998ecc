import { Knex } from 'knex';

/**
 * The write counters (`support_write_version`, `journey_write_version`):
 * bumped in the transaction of every write that changes what answers kept
 * in memory were computed from, and read before computing one, so that a
 * write through any replica retires them on every replica.
 *
 * Row 1 counts every write. `support_write_version` also has a row per
 * part of the entities ({@link WRITE_PARTS}, by {@link writePartOf} of their
 * ref; ids from {@link WRITE_PART_ID_BASE}): a write that only inserts
 * bumps the parts of its entities, so that answers about the other parts'
 * entities are kept; every other write bumps every row.
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

/** Parts of the entities with a write counter of their own. */
export const WRITE_PARTS = 16;
/** The id of part 0's row; part p is row `WRITE_PART_ID_BASE + p`. */
export const WRITE_PART_ID_BASE = 100;

/** The part of an entity (its ref compared in lower case): FNV-1a, mod {@link WRITE_PARTS}. */
export function writePartOf(entityRef: string): number {
  const ref = entityRef.toLocaleLowerCase('en-US');
  let hash = 0x811c9dc5;
  for (let i = 0; i < ref.length; i++) {
    hash = Math.imul(hash ^ ref.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0) % WRITE_PARTS;
}

/** The counters of a table: every write (row 1), and per part where it has them. */
export interface WriteVersions {
  all: string;
  /**
   * A part's counter, or (for a table without part rows) every write's:
   * an answer about some entities is kept while the parts of all of them
   * are unchanged.
   */
  part(part: number): string;
}

/** Reads every counter of a table in one statement. */
export async function readWriteVersions(
  db: Knex,
  table: string,
): Promise<WriteVersions> {
  const rows: Array<{ id: number | string; version: number | string }> =
    await db(table).select('id', 'version');
  let all = '0';
  const parts = new Map<number, string>();
  for (const r of rows) {
    const id = Number(r.id);
    if (id === 1) {
      all = String(r.version);
    } else if (id >= WRITE_PART_ID_BASE) {
      parts.set(id - WRITE_PART_ID_BASE, String(r.version));
    }
  }
  return {
    all,
    part: p => {
      const version = parts.get(p);
      return version === undefined ? `all ${all}` : `part ${version}`;
    },
  };
}

/** Bumps every counter of a table in the writing transaction. */
export async function bumpWriteVersion(
  tx: Knex.Transaction,
  table: string,
): Promise<void> {
  await tx(table).increment('version', 1);
}

/**
 * Bumps the counter of every write and those of the parts of `entityRefs`
 * only, in the writing transaction: for a write that inserted and changed
 * nothing stored (what was counted of other entities stands).
 */
export async function bumpWriteParts(
  tx: Knex.Transaction,
  table: string,
  entityRefs: Iterable<string>,
): Promise<void> {
  const ids = new Set([1]);
  for (const ref of entityRefs) {
    ids.add(WRITE_PART_ID_BASE + writePartOf(ref));
  }
  await tx(table)
    .whereIn('id', [...ids])
    .increment('version', 1);
}
