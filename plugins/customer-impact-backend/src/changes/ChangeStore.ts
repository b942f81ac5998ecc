import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  Change,
  ChangePushResult,
  RecordedChange,
} from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { serializeWrites } from '../database/serializeWrites';

const CHANGES = 'recorded_changes';
const ENTITIES = 'recorded_change_entities';
/** Ids or refs per `where in`: well under SQLite's bound-parameter limit. */
const CHUNK = 500;

/** Where a page of changes starts: after this change in the order (at desc, id desc). */
export interface ChangePosition {
  at: string;
  id: string;
}

/** Which changes to read. */
export interface ChangeListQuery {
  /** Only changes that concern at least one of these entities (lower-case refs). */
  entityRefs?: string[];
  /** At most this many. */
  limit: number;
  /** Only changes after this one in the order. */
  after?: ChangePosition;
}

/** Storage of recorded changes. */
export interface ChangeStore {
  /**
   * Writes validated changes in one transaction, keyed on `id`: a new id is
   * inserted; a known id whose title, time, entities or URL differ is
   * replaced (and recorded again, by `recordedBy` at `now`); a known id sent
   * again as stored is left alone, whoever sends it.
   */
  upsertChanges(
    changes: readonly Change[],
    recordedBy: string | undefined,
    now: Date,
  ): Promise<ChangePushResult>;
  /** Changes, newest `at` first (then id, descending), at most `limit`. */
  listChanges(query: ChangeListQuery): Promise<RecordedChange[]>;
  getChange(id: string): Promise<RecordedChange | undefined>;
  /** Deletes a change and its entities; false when there was none. */
  deleteChange(id: string): Promise<boolean>;
}

type ChangeRow = {
  id: string;
  title: string;
  at: Date | string | number;
  url: string | null;
  recorded_by: string | null;
  recorded_at: Date | string | number;
};

/** SQLite hands back numbers (ms) or text, PostgreSQL Date objects. */
function iso(value: Date | string | number): string {
  return new Date(value).toISOString();
}

function sameChange(stored: RecordedChange, change: Change): boolean {
  return (
    stored.title === change.title &&
    stored.at === change.at &&
    (stored.url ?? null) === (change.url ?? null) &&
    stored.entityRefs.length === change.entityRefs.length &&
    stored.entityRefs.every((ref, i) => ref === change.entityRefs[i])
  );
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    out.push(items.slice(i, i + CHUNK));
  }
  return out;
}

/** {@link ChangeStore} on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseChangeStore implements ChangeStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseChangeStore> {
    const client = await applyDatabaseMigrations(options.database);
    return new DatabaseChangeStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async upsertChanges(
    changes: readonly Change[],
    recordedBy: string | undefined,
    now: Date,
  ): Promise<ChangePushResult> {
    const result: ChangePushResult = { inserted: 0, updated: 0, unchanged: 0 };
    if (changes.length === 0) {
      return result;
    }
    await this.db.transaction(async tx => {
      await serializeWrites(tx, CHANGES);
      const existing = new Map<string, RecordedChange>();
      for (const ids of chunks(changes.map(c => c.id))) {
        for (const stored of await this.read(tx, ids)) {
          existing.set(stored.id, stored);
        }
      }
      for (const change of changes) {
        const stored = existing.get(change.id);
        if (stored && sameChange(stored, change)) {
          result.unchanged += 1;
          continue;
        }
        const row = {
          title: change.title,
          at: new Date(change.at),
          url: change.url ?? null,
          recorded_by: recordedBy ?? null,
          recorded_at: now,
        };
        if (stored) {
          await tx(CHANGES).where('id', change.id).update(row);
          await tx(ENTITIES).where('change_id', change.id).delete();
          result.updated += 1;
        } else {
          await tx(CHANGES).insert({ id: change.id, ...row });
          result.inserted += 1;
        }
        await tx(ENTITIES).insert(
          change.entityRefs.map((entityRef, position) => ({
            change_id: change.id,
            entity_ref: entityRef,
            position,
          })),
        );
      }
    });
    return result;
  }

  async listChanges(query: ChangeListQuery): Promise<RecordedChange[]> {
    if (query.entityRefs && query.entityRefs.length === 0) {
      return [];
    }
    const q = this.db<ChangeRow>(CHANGES);
    if (query.entityRefs) {
      const refs = query.entityRefs;
      q.whereIn('id', sub => {
        sub.select('change_id').from(ENTITIES);
        // refs are few (a filter), but keep each `in` list bounded
        sub.where(inner => {
          for (const part of chunks(refs)) {
            inner.orWhereIn('entity_ref', part);
          }
        });
      });
    }
    if (query.after) {
      const { at, id } = query.after;
      const atDate = new Date(at);
      q.andWhere(w =>
        w
          .where('at', '<', atDate)
          .orWhere(same =>
            same.where('at', '=', atDate).andWhere('id', '<', id),
          ),
      );
    }
    const rows = await q
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit)
      .select();
    return this.withEntities(this.db, rows);
  }

  async getChange(id: string): Promise<RecordedChange | undefined> {
    const [change] = await this.read(this.db, [id]);
    return change;
  }

  async deleteChange(id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      await tx(ENTITIES).where('change_id', id).delete();
      const deleted = await tx(CHANGES).where('id', id).delete();
      return deleted > 0;
    });
  }

  private async read(
    db: Knex | Knex.Transaction,
    ids: readonly string[],
  ): Promise<RecordedChange[]> {
    const rows: ChangeRow[] = await db<ChangeRow>(CHANGES)
      .whereIn('id', ids)
      .select();
    return this.withEntities(db, rows);
  }

  private async withEntities(
    db: Knex | Knex.Transaction,
    rows: ChangeRow[],
  ): Promise<RecordedChange[]> {
    const refs = new Map<string, string[]>(rows.map(r => [r.id, []]));
    for (const ids of chunks(rows.map(r => r.id))) {
      const entityRows: Array<{ change_id: string; entity_ref: string }> =
        await db(ENTITIES)
          .whereIn('change_id', ids)
          .orderBy([
            { column: 'change_id', order: 'asc' },
            { column: 'position', order: 'asc' },
          ])
          .select('change_id', 'entity_ref');
      for (const r of entityRows) {
        refs.get(r.change_id)?.push(r.entity_ref);
      }
    }
    return rows.map(row => {
      const change: RecordedChange = {
        id: row.id,
        title: row.title,
        at: iso(row.at),
        entityRefs: refs.get(row.id) ?? [],
        recordedAt: iso(row.recorded_at),
      };
      if (row.url !== null) change.url = row.url;
      if (row.recorded_by !== null) change.recordedBy = row.recorded_by;
      return change;
    });
  }
}
