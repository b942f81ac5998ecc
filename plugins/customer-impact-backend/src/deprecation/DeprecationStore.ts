import { DatabaseService } from '@backstage/backend-plugin-api';
import { BurndownPoint } from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';

const TABLE = 'deprecation_snapshots';

/** One deprecated entity's dependent count for a day. */
export interface DependentCount {
  entityRef: string;
  dependents: number;
}

/** Storage of the deprecation facet: daily dependent counts. */
export interface DeprecationStore {
  /**
   * Records the counts of one UTC day in one transaction. Recording the same
   * day again replaces that day's counts; it never adds a second row.
   */
  recordSnapshots(
    day: string,
    counts: DependentCount[],
    recordedAt: Date,
  ): Promise<void>;
  /**
   * Imports counts of past days (any entities) in one transaction: a day that
   * has the same count already is unchanged, another count replaces it.
   */
  importPoints(
    points: ReadonlyArray<DependentCount & { day: string }>,
    recordedAt: Date,
  ): Promise<{ inserted: number; updated: number; unchanged: number }>;
  /** The entity's daily counts from `sinceDay` on, oldest first. */
  getBurndown(entityRef: string, sinceDay: string): Promise<BurndownPoint[]>;
}

/** {@link DeprecationStore} on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseDeprecationStore implements DeprecationStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDeprecationStore> {
    const client = await applyDatabaseMigrations(options.database);
    return new DatabaseDeprecationStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async recordSnapshots(
    day: string,
    counts: DependentCount[],
    recordedAt: Date,
  ): Promise<void> {
    if (counts.length === 0) {
      return;
    }
    const rows = counts.map(c => ({
      entity_ref: c.entityRef.toLocaleLowerCase('en-US'),
      day,
      dependents: c.dependents,
      recorded_at: recordedAt,
    }));
    await this.db.transaction(async tx => {
      // Chunked to stay under SQLite's bound-parameter limit on big catalogs.
      for (let i = 0; i < rows.length; i += 200) {
        await tx(TABLE)
          .insert(rows.slice(i, i + 200))
          .onConflict(['entity_ref', 'day'])
          .merge(['dependents', 'recorded_at']);
      }
    });
  }

  async importPoints(
    points: ReadonlyArray<DependentCount & { day: string }>,
    recordedAt: Date,
  ): Promise<{ inserted: number; updated: number; unchanged: number }> {
    const result = { inserted: 0, updated: 0, unchanged: 0 };
    await this.db.transaction(async tx => {
      for (let i = 0; i < points.length; i += 200) {
        const chunk = points.slice(i, i + 200).map(p => ({
          entity_ref: p.entityRef.toLocaleLowerCase('en-US'),
          day: p.day,
          dependents: p.dependents,
          recorded_at: recordedAt,
        }));
        const existing = await tx(TABLE)
          .whereIn(
            ['entity_ref', 'day'],
            chunk.map(r => [r.entity_ref, r.day]),
          )
          .select('entity_ref', 'day', 'dependents');
        const before = new Map(
          existing.map(r => [`${r.entity_ref} ${r.day}`, Number(r.dependents)]),
        );
        const changed = chunk.filter(r => {
          const old = before.get(`${r.entity_ref} ${r.day}`);
          if (old === undefined) {
            result.inserted += 1;
            return true;
          }
          if (old === r.dependents) {
            result.unchanged += 1;
            return false;
          }
          result.updated += 1;
          return true;
        });
        if (changed.length > 0) {
          await tx(TABLE)
            .insert(changed)
            .onConflict(['entity_ref', 'day'])
            .merge(['dependents', 'recorded_at']);
        }
      }
    });
    return result;
  }

  async getBurndown(
    entityRef: string,
    sinceDay: string,
  ): Promise<BurndownPoint[]> {
    const rows = await this.db(TABLE)
      .where('entity_ref', entityRef.toLocaleLowerCase('en-US'))
      .andWhere('day', '>=', sinceDay)
      .orderBy('day', 'asc')
      .select('day', 'dependents');
    return rows.map(r => ({ date: r.day, dependents: Number(r.dependents) }));
  }
}
