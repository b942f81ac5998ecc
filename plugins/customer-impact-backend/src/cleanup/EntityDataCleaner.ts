import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { bumpWriteVersion } from '../database/writeVersion';
import { ENTITY_DATA_TABLES, EntityDataTable } from './entityTables';

const ORPHANS = 'entity_orphans';
/** Refs per catalog request and per statement. */
const CHUNK = 500;

/** What one run did. */
export interface CleanupResult {
  /** Distinct entities with data here. */
  entities: number;
  /** Of them, not in the catalog now. */
  missing: number;
  /** Missing longer than the grace period: their data removed now. */
  forgotten: string[];
  /** Missing before, back in the catalog now (their data kept). */
  back: number;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    out.push(items.slice(i, i + CHUNK));
  }
  return out;
}

/**
 * Keeps the plugin's data following the catalog: an entity the catalog no
 * longer has is noted as missing; once it has been missing for the grace
 * period, its rows are removed from every table of `ENTITY_DATA_TABLES` (and
 * the rows that belong to them, e.g. the samples of its SLO series) in
 * one transaction (and recorded changes left without an entity with them).
 * An entity that comes back in time keeps its data.
 */
export class EntityDataCleaner {
  constructor(
    private readonly options: {
      knex: Knex;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      graceMs: number;
      now?: () => Date;
      tables?: ReadonlyArray<EntityDataTable>;
    },
  ) {}

  private get tables() {
    return this.options.tables ?? ENTITY_DATA_TABLES;
  }

  async run(): Promise<CleanupResult> {
    const { knex, catalog, auth, graceMs } = this.options;
    const now = (this.options.now ?? (() => new Date()))().getTime();

    const refs = new Set<string>();
    for (const { table, column } of this.tables) {
      const rows: Array<Record<string, string>> = await knex(table).distinct(
        column,
      );
      rows.forEach(r => refs.add(r[column]));
    }
    const all = [...refs].sort();
    const credentials = await auth.getOwnServiceCredentials();
    const missing = new Set<string>();
    for (const chunk of chunks(all)) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: chunk,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      chunk.forEach((ref, i) => {
        if (!items[i]) missing.add(ref);
      });
    }

    const known: Array<{ entity_ref: string; missing_since: number | string }> =
      await knex(ORPHANS).select('entity_ref', 'missing_since');
    const back = known.filter(k => !missing.has(k.entity_ref));
    const forgotten = known
      .filter(
        k =>
          missing.has(k.entity_ref) && Number(k.missing_since) + graceMs <= now,
      )
      .map(k => k.entity_ref)
      .sort();
    const fresh = [...missing].filter(
      ref => !known.some(k => k.entity_ref === ref),
    );

    await knex.transaction(async tx => {
      for (const chunk of chunks(back.map(k => k.entity_ref))) {
        await tx(ORPHANS).whereIn('entity_ref', chunk).delete();
      }
      for (const chunk of chunks(fresh)) {
        await tx(ORPHANS).insert(
          chunk.map(entity_ref => ({ entity_ref, missing_since: now })),
        );
      }
      for (const chunk of chunks(forgotten)) {
        for (const { table, column, dependents, writeVersion } of this.tables) {
          for (const dependent of dependents ?? []) {
            await tx(dependent.table)
              .whereIn(
                dependent.column,
                tx(table).select('id').whereIn(column, chunk),
              )
              .delete();
          }
          const removed = await tx(table).whereIn(column, chunk).delete();
          if (removed > 0 && writeVersion) {
            await bumpWriteVersion(tx, writeVersion);
          }
        }
        await tx(ORPHANS).whereIn('entity_ref', chunk).delete();
      }
      if (forgotten.length > 0) {
        // A recorded change concerns entities; with none left, it is gone too.
        await tx('recorded_changes')
          .whereNotExists(
            tx('recorded_change_entities')
              .select(tx.raw('1'))
              .whereRaw(
                'recorded_change_entities.change_id = recorded_changes.id',
              ),
          )
          .delete();
      }
    });
    return {
      entities: all.length,
      missing: missing.size,
      forgotten,
      back: back.length,
    };
  }
}
