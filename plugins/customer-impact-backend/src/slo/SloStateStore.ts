import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  SloAlertState,
  SloDefinitionsResult,
  SloFacetConfigured,
} from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { num, numOrNull } from './rows';

const DEFINITIONS = 'slo_definitions';
const COLLECTION = 'slo_collection';
const ALERTS = 'slo_alert_states';
const FACETS = 'slo_facets';

/** An entity's definitions file as last read. */
export interface StoredSloDefinitions {
  entityRef: string;
  annotation: string;
  location: string | null;
  result: SloDefinitionsResult | null;
  fetchedAt: number | null;
  attemptedAt: number;
  fetchError: string | null;
}

/** Pull state of one SLO. */
export interface SloCollectionRow {
  entityRef: string;
  slo: string;
  lastDataAt: number | null;
  /** End of the range fetched so far (with or without data). */
  fetchedUntil: number | null;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
}

/**
 * The SLO facet of an entity computed ahead for an evaluation instant, with
 * the stamp of what it was computed from (see `sloFacetStamp`).
 */
export interface PrecomputedSloFacet {
  entityRef: string;
  /** The evaluation instant (epoch ms, on the 5-minute grid). */
  at: number;
  stamp: string;
  facet: SloFacetConfigured;
  computedAt: number;
}

/** Alert state of one SLO and the state its owner was last notified of. */
export interface SloAlertStateRow {
  entityRef: string;
  slo: string;
  state: SloAlertState;
  notifiedState: SloAlertState | null;
  changedAt: number;
  notifiedAt: number | null;
}

/**
 * The state the SLO facet keeps besides the counts: each entity's
 * definitions file as last read, the pull state of each SLO, and the alert
 * state of each SLO with the state its owner was last notified of.
 */
export interface SloStateStore {
  getDefinitions(entityRef: string): Promise<StoredSloDefinitions | undefined>;
  /** Every entity's stored definitions, by entity ref. */
  listDefinitions(): Promise<StoredSloDefinitions[]>;
  /**
   * At most `limit` entities' stored definitions, by entity ref, those after
   * `afterRef` (see {@link storedDefinitionPages}).
   */
  listDefinitionsPage(options: {
    afterRef?: string;
    limit: number;
  }): Promise<StoredSloDefinitions[]>;
  /** The refs of the entities with stored definitions (nothing parsed). */
  listDefinitionRefs(): Promise<string[]>;
  /** Inserts or replaces the entity's definitions. */
  saveDefinitions(definitions: StoredSloDefinitions): Promise<void>;
  /**
   * Forgets the definitions of every entity not in `entityRefs` (those that
   * no longer carry the annotation); returns how many were forgotten.
   */
  deleteDefinitionsExcept(entityRefs: readonly string[]): Promise<number>;
  /** The pull state of the entity's SLOs, by SLO key. */
  getCollection(entityRef: string): Promise<Map<string, SloCollectionRow>>;
  listCollection(): Promise<SloCollectionRow[]>;
  saveCollection(row: SloCollectionRow): Promise<void>;
  /** The alert states of the entity's SLOs, by SLO key. */
  getAlertStates(entityRef: string): Promise<Map<string, SloAlertStateRow>>;
  saveAlertState(row: SloAlertStateRow): Promise<void>;
  /** The entity's facet precomputed for the instant `at`, if any. */
  getPrecomputedFacet(
    entityRef: string,
    at: number,
  ): Promise<PrecomputedSloFacet | undefined>;
  /** The stamps of the facets precomputed for `at`, by entity ref. */
  listPrecomputedStamps(at: number): Promise<Map<string, string>>;
  /** Inserts or replaces the entity's facet for its instant. */
  savePrecomputedFacet(row: PrecomputedSloFacet): Promise<void>;
  /** Deletes the facets precomputed for instants before `at`. */
  deletePrecomputedBefore(at: number): Promise<number>;
}

/**
 * Every entity's stored definitions, a page at a time (`pageSize` entities,
 * by entity ref), the event loop let run between two pages: what the
 * scheduled tasks go through, rather than every file parsed in one turn
 * (a thousand entities' definitions held the loop for 64 ms).
 */
export async function* storedDefinitionPages(
  state: Pick<SloStateStore, 'listDefinitionsPage'>,
  pageSize: number = 100,
): AsyncGenerator<StoredSloDefinitions[]> {
  let afterRef: string | undefined;
  for (;;) {
    const page = await state.listDefinitionsPage({ afterRef, limit: pageSize });
    if (page.length > 0) {
      yield page;
    }
    if (page.length < pageSize) {
      return;
    }
    afterRef = page[page.length - 1].entityRef;
    await yieldToEventLoop();
  }
}

/** Every entity's stored definitions, one by one, read a page at a time. */
export async function* eachStoredDefinitions(
  state: Pick<SloStateStore, 'listDefinitionsPage'>,
): AsyncGenerator<StoredSloDefinitions> {
  for await (const page of storedDefinitionPages(state)) {
    yield* page;
  }
}

/** The state store on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseSloStateStore implements SloStateStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSloStateStore> {
    const client = await applyDatabaseMigrations(options.database);
    return new DatabaseSloStateStore(client);
  }

  private constructor(private readonly db: Knex) {}

  // ------------------------------------------------------------ definitions

  async getDefinitions(
    entityRef: string,
  ): Promise<StoredSloDefinitions | undefined> {
    const row = await this.db(DEFINITIONS)
      .where('entity_ref', entityRef)
      .first();
    return row ? this.definitionsFromRow(row) : undefined;
  }

  async listDefinitions(): Promise<StoredSloDefinitions[]> {
    const rows = await this.db(DEFINITIONS).orderBy('entity_ref');
    return rows.map(r => this.definitionsFromRow(r));
  }

  async listDefinitionsPage(options: {
    afterRef?: string;
    limit: number;
  }): Promise<StoredSloDefinitions[]> {
    const query = this.db(DEFINITIONS)
      .orderBy('entity_ref')
      .limit(options.limit);
    if (options.afterRef !== undefined) {
      query.where('entity_ref', '>', options.afterRef);
    }
    const rows = await query;
    return rows.map(r => this.definitionsFromRow(r));
  }

  async listDefinitionRefs(): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.db(
      DEFINITIONS,
    ).select('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  async saveDefinitions(definitions: StoredSloDefinitions): Promise<void> {
    await this.db(DEFINITIONS)
      .insert({
        entity_ref: definitions.entityRef,
        annotation: definitions.annotation,
        location: definitions.location,
        result: definitions.result ? JSON.stringify(definitions.result) : null,
        fetched_at: definitions.fetchedAt,
        attempted_at: definitions.attemptedAt,
        fetch_error: definitions.fetchError,
      })
      .onConflict('entity_ref')
      .merge();
  }

  /** Forgets the definitions of entities that no longer carry the annotation. */
  async deleteDefinitionsExcept(
    entityRefs: readonly string[],
  ): Promise<number> {
    const keep = new Set(entityRefs);
    const stored: Array<{ entity_ref: string }> = await this.db(
      DEFINITIONS,
    ).select('entity_ref');
    const gone = stored.map(r => r.entity_ref).filter(ref => !keep.has(ref));
    for (let i = 0; i < gone.length; i += 500) {
      await this.db(DEFINITIONS)
        .whereIn('entity_ref', gone.slice(i, i + 500))
        .delete();
    }
    return gone.length;
  }

  private definitionsFromRow(row: any): StoredSloDefinitions {
    return {
      entityRef: row.entity_ref,
      annotation: row.annotation,
      location: row.location ?? null,
      result: row.result
        ? (JSON.parse(row.result) as SloDefinitionsResult)
        : null,
      fetchedAt: numOrNull(row.fetched_at),
      attemptedAt: num(row.attempted_at),
      fetchError: row.fetch_error ?? null,
    };
  }

  // ------------------------------------------------------------- collection

  async getCollection(
    entityRef: string,
  ): Promise<Map<string, SloCollectionRow>> {
    const rows = await this.db(COLLECTION).where('entity_ref', entityRef);
    return new Map(rows.map(r => [r.slo, this.collectionFromRow(r)]));
  }

  async listCollection(): Promise<SloCollectionRow[]> {
    const rows = await this.db(COLLECTION);
    return rows.map(r => this.collectionFromRow(r));
  }

  async saveCollection(row: SloCollectionRow): Promise<void> {
    await this.db(COLLECTION)
      .insert({
        entity_ref: row.entityRef,
        slo: row.slo,
        last_data_at: row.lastDataAt,
        fetched_until: row.fetchedUntil,
        last_success_at: row.lastSuccessAt,
        last_attempt_at: row.lastAttemptAt,
        last_error: row.lastError,
      })
      .onConflict(['entity_ref', 'slo'])
      .merge();
  }

  private collectionFromRow(r: any): SloCollectionRow {
    return {
      entityRef: r.entity_ref,
      slo: r.slo,
      lastDataAt: numOrNull(r.last_data_at),
      fetchedUntil: numOrNull(r.fetched_until),
      lastSuccessAt: numOrNull(r.last_success_at),
      lastAttemptAt: numOrNull(r.last_attempt_at),
      lastError: r.last_error ?? null,
    };
  }

  // ----------------------------------------------------------- alert states

  async getAlertStates(
    entityRef: string,
  ): Promise<Map<string, SloAlertStateRow>> {
    const rows = await this.db(ALERTS).where('entity_ref', entityRef);
    return new Map(
      rows.map(r => [
        r.slo,
        {
          entityRef: r.entity_ref,
          slo: r.slo,
          state: r.state,
          notifiedState: r.notified_state ?? null,
          changedAt: num(r.changed_at),
          notifiedAt: numOrNull(r.notified_at),
        },
      ]),
    );
  }

  async saveAlertState(row: SloAlertStateRow): Promise<void> {
    await this.db(ALERTS)
      .insert({
        entity_ref: row.entityRef,
        slo: row.slo,
        state: row.state,
        notified_state: row.notifiedState,
        changed_at: row.changedAt,
        notified_at: row.notifiedAt,
      })
      .onConflict(['entity_ref', 'slo'])
      .merge();
  }

  // ------------------------------------------------------ precomputed facets

  async getPrecomputedFacet(
    entityRef: string,
    at: number,
  ): Promise<PrecomputedSloFacet | undefined> {
    const row = await this.db(FACETS)
      .where({ entity_ref: entityRef, at })
      .first();
    return row
      ? {
          entityRef: row.entity_ref,
          at: num(row.at),
          stamp: row.stamp,
          facet: JSON.parse(row.facet) as SloFacetConfigured,
          computedAt: num(row.computed_at),
        }
      : undefined;
  }

  async listPrecomputedStamps(at: number): Promise<Map<string, string>> {
    const rows: Array<{ entity_ref: string; stamp: string }> = await this.db(
      FACETS,
    )
      .where({ at })
      .select('entity_ref', 'stamp');
    return new Map(rows.map(r => [r.entity_ref, r.stamp]));
  }

  async savePrecomputedFacet(row: PrecomputedSloFacet): Promise<void> {
    await this.db(FACETS)
      .insert({
        entity_ref: row.entityRef,
        at: row.at,
        stamp: row.stamp,
        facet: JSON.stringify(row.facet),
        computed_at: row.computedAt,
      })
      .onConflict(['entity_ref', 'at'])
      .merge();
  }

  async deletePrecomputedBefore(at: number): Promise<number> {
    return num(await this.db(FACETS).where('at', '<', at).delete());
  }
}
