import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  JourneySupportEvent,
  StoredSupportEvent,
  SupportEvent,
  SupportEventKind,
  PushCounts,
  topEntitiesPerConsumer,
} from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { serializeWrites } from '../database/serializeWrites';
import { isPostgres } from '../database/isPostgres';
import { bumpWriteVersion, readWriteVersion } from '../database/writeVersion';

const EVENTS = 'support_events';
const WRITE_VERSION = 'support_write_version';

const STATE = 'support_source_state';
/**
 * New events a statement on SQLite (16 columns each): the driver is
 * synchronous, and at 500 a statement the event loop was held about 50 ms
 * (`yarn bench:ingest`); at 250 about 35 ms, for the same rate.
 */
const SQLITE_INSERT_CHUNK = 250;
/**
 * Events a statement on PostgreSQL (looked up, or inserted as one array a
 * column): a push of 1,000 in one statement.
 */
const PG_WRITE_CHUNK = 1000;
/** Updates (one statement each) run between two turns of the event loop. */
const UPDATES_PER_TURN = 100;
/**
 * Entity refs bound in one statement of the group views: under SQLite's
 * (32,766) and PostgreSQL's (65,535) bound-parameter limits.
 */
const REFS_PER_STATEMENT = 10_000;
/** From this many entities on, their last change is looked for from the end of the updated_at index… */
const LAST_UPDATE_WALK_FROM = 100;
/** …among this many of the latest changes, before asking per entity. */
const LAST_UPDATE_WALK_ROWS = 1000;

/**
 * Entity refs bound in one statement of the group ranking's reads: on
 * SQLite a few hundred, so that no statement holds the event loop long (the
 * driver is synchronous; the loop runs between statements); on PostgreSQL,
 * whose statements do not hold it, as many as a statement takes, so that a
 * tree of 10,000 entities is one statement, not twenty.
 */
const RANKING_REFS_PER_STATEMENT = { sqlite: 500, pg: 10_000 };
/** Events read by id in one statement. */
const IDS_PER_STATEMENT = 500;

/** How many events of one kind one consuming team raised (null: none named). */
export interface ConsumerKindCount {
  consumerRef: string | null;
  kind: SupportEventKind;
  count: number;
}

/** How many events one consuming team raised about one entity. */
export interface ConsumerEntityCount {
  /** Null: the events name no consuming team. */
  consumerRef: string | null;
  entityRef: string;
  count: number;
}

/** What the group ranking needs of one event of a team it shows: no text. */
export interface ConsumerEvent {
  id: number;
  /** Null: the event names no consuming team. */
  consumerRef: string | null;
  entityRef: string;
  /** Epoch ms. */
  openedAtMs: number;
}

/**
 * A support event as stored: the person who raised it only as the keyed hash
 * of the journeys (`requesterHash`), never in clear.
 */
export type SupportEventRecord = Omit<SupportEvent, 'requester'> & {
  requesterHash?: string;
};

/** Which events to read. */
export interface SupportEventQuery {
  /** Only events of these entities (lower case refs). */
  entityRefs: string[];
  /** Only events opened at or after this moment. */
  openedFrom?: Date;
}

/** Where a pull source stands. */
export interface SupportSourceState {
  sourceId: string;
  cursor: string | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
}

/** Storage of the support-load facet. */
export interface SupportStore {
  /**
   * Writes validated events in one transaction, keyed on (source, externalId):
   * a new key is inserted, a known key whose fields differ is updated, a known
   * key sent again unchanged is left alone.
   */
  upsertEvents(events: SupportEventRecord[], now: Date): Promise<PushCounts>;
  /** Events of the given entities, oldest first. */
  listEvents(query: SupportEventQuery): Promise<StoredSupportEvent[]>;
  /** The entity's most recent events, newest first, and how many it has in all. */
  recentEvents(
    entityRef: string,
    limit: number,
  ): Promise<{ events: StoredSupportEvent[]; total: number }>;
  /** When an event of these entities last changed; null when they have none. */
  lastUpdatedAt(entityRefs: string[]): Promise<string | null>;
  /**
   * A counter bumped by every write that inserted or changed events (in its
   * transaction; a replay leaves it): equal values, the same events.
   */
  writeVersion(): Promise<string>;
  /**
   * When the earliest stored event (of these entities, when given) was
   * opened; null when there is none.
   */
  earliestOpenedAt(entityRefs?: string[]): Promise<string | null>;
  /**
   * When each entity's earliest event was opened, earliest first; only
   * entities whose earliest event was opened before `before`, when given.
   */
  earliestOpenedAtByEntity(
    before?: Date,
  ): Promise<Array<{ entityRef: string; earliest: string }>>;
  /**
   * The earliest events (entity and when opened) opened before `before`
   * (when given) of entities not in `excluding`, earliest first, at most
   * `limit`: read from the start of the `opened_at` index.
   */
  earliestEvents(options: {
    before?: Date;
    excluding: readonly string[];
    limit: number;
  }): Promise<Array<{ entityRef: string; openedAt: string }>>;
  /**
   * Events opened at or after `from` on these entities, counted per
   * consuming team and kind, a few hundred entities a statement (the event
   * loop let run between statements); `visit` gets each statement's counts
   * (a team and kind may come in several).
   */
  consumerKindCounts(
    entityRefs: readonly string[],
    from: Date,
    visit: (counts: ConsumerKindCount[]) => void,
  ): Promise<void>;
  /**
   * For the teams on a page of the group ranking (null: the events that name
   * none), over the events opened at or after `from` on these entities: each
   * team's `top` entities by events, and its events opened at or after its
   * `recent`-th latest instant (ties included, no text), visited as
   * {@link consumerKindCounts} does.
   */
  consumerHighlights(
    entityRefs: readonly string[],
    from: Date,
    consumers: ReadonlyArray<string | null>,
    options: { top: number; recent: number },
    visit: (highlights: {
      entities: ConsumerEntityCount[];
      latest: ConsumerEvent[];
    }) => void,
  ): Promise<void>;
  /** The events with these ids (in no particular order). */
  eventsByIds(ids: readonly number[]): Promise<StoredSupportEvent[]>;
  /**
   * The entities with events written (inserted or updated) after `since`,
   * each with the earliest `openedAt` among those events.
   */
  changedSince(
    since: Date,
  ): Promise<Array<{ entityRef: string; from: string }>>;
  /**
   * The events that a known person raised naming a step of the journey
   * (for its self-service rate), oldest first.
   */
  journeySupportEvents(journeyRef: string): Promise<JourneySupportEvent[]>;
  getSourceState(sourceId: string): Promise<SupportSourceState | null>;
  /** Records a successful pull and the cursor to continue from. */
  recordSourceSuccess(
    sourceId: string,
    cursor: string | null,
    at: Date,
  ): Promise<void>;
  /** Records a failed pull; the cursor and the last success are kept. */
  recordSourceError(sourceId: string, error: string, at: Date): Promise<void>;
}

type Row = {
  source: string;
  external_id: string;
  entity_ref: string;
  consumer_ref: string | null;
  kind: string;
  opened_at: Date | string | number;
  resolved_at: Date | string | number | null;
  category: string | null;
  severity: string | null;
  title: string | null;
  url: string | null;
  requester_hash?: string | null;
  journey_ref?: string | null;
  journey_step_id?: string | null;
  received_at: Date | string | number;
  updated_at: Date | string | number;
};

/** Epoch ms of a stored instant (see {@link iso}). */
function epochMs(value: Date | string | number): number {
  return typeof value === 'number' ? value : new Date(value).getTime();
}

/** SQLite hands back numbers (ms) or text, PostgreSQL Date objects. */
function iso(value: Date | string | number): string {
  return new Date(value).toISOString();
}

function isoOrNull(value: Date | string | number | null): string | null {
  return value === null || value === undefined ? null : iso(value);
}

function eventOf(row: Row): SupportEventRecord {
  const event: SupportEventRecord = {
    source: row.source,
    externalId: row.external_id,
    entityRef: row.entity_ref,
    kind: row.kind as SupportEventKind,
    openedAt: iso(row.opened_at),
  };
  if (row.consumer_ref !== null) event.consumerRef = row.consumer_ref;
  if (row.resolved_at !== null) event.resolvedAt = iso(row.resolved_at);
  if (row.category !== null) event.category = row.category;
  if (row.severity !== null) event.severity = row.severity;
  if (row.title !== null) event.title = row.title;
  if (row.url !== null) event.url = row.url;
  if (row.journey_ref) event.journeyRef = row.journey_ref;
  if (row.journey_step_id) event.journeyStepId = row.journey_step_id;
  if (row.requester_hash) event.requesterHash = row.requester_hash;
  return event;
}

function storedOf(row: Row): StoredSupportEvent {
  // The requester's hash never leaves the store through the API.
  const { requesterHash: _hash, ...event } = eventOf(row);
  return {
    ...event,
    receivedAt: iso(row.received_at),
    updatedAt: iso(row.updated_at),
  };
}

const FIELDS = [
  'entityRef',
  'consumerRef',
  'kind',
  'openedAt',
  'resolvedAt',
  'category',
  'severity',
  'title',
  'url',
  'requesterHash',
  'journeyRef',
  'journeyStepId',
] as const;

function sameEvent(a: SupportEventRecord, b: SupportEventRecord): boolean {
  return FIELDS.every(f => (a[f] ?? null) === (b[f] ?? null));
}

function columnsOf(event: SupportEventRecord) {
  return {
    entity_ref: event.entityRef,
    consumer_ref: event.consumerRef ?? null,
    kind: event.kind,
    opened_at: new Date(event.openedAt),
    resolved_at: event.resolvedAt ? new Date(event.resolvedAt) : null,
    category: event.category ?? null,
    severity: event.severity ?? null,
    title: event.title ?? null,
    url: event.url ?? null,
    requester_hash: event.requesterHash ?? null,
    journey_ref: event.journeyRef ?? null,
    journey_step_id: event.journeyStepId ?? null,
  };
}

/** A new event's row, as written. */
type InsertRow = { source: string; external_id: string } & ReturnType<
  typeof columnsOf
> & { received_at: Date; updated_at: Date };

const INSERT_COLUMNS: ReadonlyArray<keyof InsertRow> = [
  'source',
  'external_id',
  'entity_ref',
  'consumer_ref',
  'kind',
  'opened_at',
  'resolved_at',
  'category',
  'severity',
  'title',
  'url',
  'requester_hash',
  'journey_ref',
  'journey_step_id',
  'received_at',
  'updated_at',
];
const TIME_COLUMNS: ReadonlySet<keyof InsertRow> = new Set([
  'opened_at',
  'resolved_at',
  'received_at',
  'updated_at',
]);

const keyOf = (source: string, externalId: string) =>
  JSON.stringify([source, externalId]);

/** {@link SupportStore} on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseSupportStore implements SupportStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSupportStore> {
    const client = await applyDatabaseMigrations(options.database);
    return new DatabaseSupportStore(client);
  }

  private readonly rankingRefsPerStatement: number;
  private readonly isPostgres: boolean;

  /**
   * `entity_ref` among one statement's share of `entityRefs`, from `start`:
   * on PostgreSQL one array parameter (`= any(?)`), which plans in a moment
   * where 10,000 separate parameters take longer than the statement; on
   * SQLite a plain `in (...)`.
   */
  private entityRefIn(entityRefs: readonly string[], start: number) {
    const refs = entityRefs.slice(start, start + this.rankingRefsPerStatement);
    return (q: Knex.QueryBuilder) =>
      this.isPostgres
        ? q.whereRaw('entity_ref = any(?::text[])', [refs as string[]])
        : q.whereIn('entity_ref', refs);
  }

  private constructor(private readonly db: Knex) {
    this.isPostgres = isPostgres(db);
    this.rankingRefsPerStatement = this.isPostgres
      ? RANKING_REFS_PER_STATEMENT.pg
      : RANKING_REFS_PER_STATEMENT.sqlite;
  }

  async upsertEvents(
    events: SupportEventRecord[],
    now: Date,
  ): Promise<PushCounts> {
    const result: PushCounts = { inserted: 0, updated: 0, unchanged: 0 };
    if (events.length === 0) {
      return result;
    }
    await this.db.transaction(async tx => {
      await serializeWrites(tx, EVENTS);
      // What is already stored, in chunks.
      const existing = new Map<string, SupportEventRecord>();
      const remember = (rows: Row[]) => {
        for (const row of rows) {
          existing.set(keyOf(row.source, row.external_id), eventOf(row));
        }
      };
      if (this.isPostgres) {
        await this.readStoredPg(tx, events, remember);
      } else {
        await this.readStoredSqlite(tx, events, remember);
      }

      const inserts: InsertRow[] = [];
      for (const event of events) {
        const before = existing.get(keyOf(event.source, event.externalId));
        if (!before) {
          inserts.push({
            source: event.source,
            external_id: event.externalId,
            ...columnsOf(event),
            received_at: now,
            updated_at: now,
          });
          result.inserted += 1;
        } else if (sameEvent(before, event)) {
          result.unchanged += 1;
        } else {
          if (result.updated > 0 && result.updated % UPDATES_PER_TURN === 0) {
            await yieldToEventLoop();
          }
          await tx(EVENTS)
            .where({ source: event.source, external_id: event.externalId })
            .update({ ...columnsOf(event), updated_at: now });
          result.updated += 1;
        }
      }
      if (this.isPostgres) {
        await this.insertPg(tx, inserts);
      } else {
        await this.insertSqlite(tx, inserts);
      }
      if (result.inserted + result.updated > 0) {
        await bumpWriteVersion(tx, WRITE_VERSION);
      }
    });
    return result;
  }

  async writeVersion(): Promise<string> {
    return readWriteVersion(this.db, WRITE_VERSION);
  }

  /**
   * The stored events with the keys of `events`, on SQLite: per source, 500
   * external ids a statement (under its bound-parameter limit), the event
   * loop let run after each.
   */
  private async readStoredSqlite(
    tx: Knex.Transaction,
    events: SupportEventRecord[],
    visit: (rows: Row[]) => void,
  ) {
    const bySource = new Map<string, string[]>();
    for (const e of events) {
      const ids = bySource.get(e.source);
      if (ids) {
        ids.push(e.externalId);
      } else {
        bySource.set(e.source, [e.externalId]);
      }
    }
    for (const [source, ids] of bySource) {
      for (let i = 0; i < ids.length; i += 500) {
        visit(
          await tx(EVENTS)
            .where('source', source)
            .whereIn('external_id', ids.slice(i, i + 500))
            .select(),
        );
        await yieldToEventLoop();
      }
    }
  }

  /**
   * The stored events with the keys of `events`, on PostgreSQL: one probe of
   * the unique key per event (a lateral lookup that the planner cannot turn
   * into a scan of a source's events, even before the table's statistics
   * catch up with a bulk load), PG_WRITE_CHUNK events a statement.
   */
  private async readStoredPg(
    tx: Knex.Transaction,
    events: SupportEventRecord[],
    visit: (rows: Row[]) => void,
  ) {
    for (let i = 0; i < events.length; i += PG_WRITE_CHUNK) {
      if (i > 0) {
        await yieldToEventLoop();
      }
      const chunk = events.slice(i, i + PG_WRITE_CHUNK);
      const { rows } = await tx.raw(
        `select e.* from unnest(?::text[], ?::text[]) as k(source, external_id)
         cross join lateral (
           select * from ${EVENTS} s
           where s.source = k.source and s.external_id = k.external_id
           limit 1
         ) e`,
        [chunk.map(e => e.source), chunk.map(e => e.externalId)] as any,
      );
      visit(rows);
    }
  }

  /** New events on PostgreSQL: one array a column, PG_WRITE_CHUNK rows a statement. */
  private async insertPg(tx: Knex.Transaction, rows: InsertRow[]) {
    for (let i = 0; i < rows.length; i += PG_WRITE_CHUNK) {
      await yieldToEventLoop();
      const chunk = rows.slice(i, i + PG_WRITE_CHUNK);
      await tx.raw(
        `insert into ${EVENTS} (${INSERT_COLUMNS.join(', ')})
         select * from unnest(${INSERT_COLUMNS.map(c =>
           TIME_COLUMNS.has(c) ? '?::timestamptz[]' : '?::text[]',
         ).join(', ')})`,
        INSERT_COLUMNS.map(c =>
          chunk.map(r => {
            const value = r[c];
            return value instanceof Date ? value.toISOString() : value;
          }),
        ) as any,
      );
    }
  }

  /**
   * New events on SQLite: plain multi-row VALUES, SQLITE_INSERT_CHUNK rows a
   * statement (knex writes SQLite's multi-row inserts as a UNION ALL of
   * selects, slower). Instants as epoch ms, as knex binds a Date there.
   */
  private async insertSqlite(tx: Knex.Transaction, rows: InsertRow[]) {
    const tuple = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;
    for (let i = 0; i < rows.length; i += SQLITE_INSERT_CHUNK) {
      await yieldToEventLoop();
      const chunk = rows.slice(i, i + SQLITE_INSERT_CHUNK);
      const values: Array<string | number | null> = [];
      for (const r of chunk) {
        for (const c of INSERT_COLUMNS) {
          const value = r[c];
          values.push(value instanceof Date ? value.getTime() : value);
        }
      }
      await tx.raw(
        `insert into ${EVENTS} (${INSERT_COLUMNS.join(', ')}) values ${chunk
          .map(() => tuple)
          .join(', ')}`,
        values,
      );
    }
  }

  async journeySupportEvents(
    journeyRef: string,
  ): Promise<JourneySupportEvent[]> {
    const rows: Row[] = await this.db(EVENTS)
      .where('journey_ref', journeyRef.toLocaleLowerCase('en-US'))
      .whereNotNull('requester_hash')
      .whereNotNull('journey_step_id')
      .orderBy([
        { column: 'opened_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select();
    return rows.map(row => ({
      subjectHash: row.requester_hash!,
      journeyRef: row.journey_ref!,
      stepId: row.journey_step_id!,
      entityRef: row.entity_ref,
      at: iso(row.opened_at),
    }));
  }

  async listEvents(query: SupportEventQuery): Promise<StoredSupportEvent[]> {
    if (query.entityRefs.length === 0) {
      return [];
    }
    const rows: Row[] = [];
    for (let i = 0; i < query.entityRefs.length; i += 500) {
      const q = this.db(EVENTS).whereIn(
        'entity_ref',
        query.entityRefs.slice(i, i + 500),
      );
      if (query.openedFrom) {
        q.andWhere('opened_at', '>=', query.openedFrom);
      }
      rows.push(...(await q.select()));
    }
    return rows
      .map(storedOf)
      .sort(
        (a, b) =>
          a.openedAt.localeCompare(b.openedAt) ||
          a.externalId.localeCompare(b.externalId),
      );
  }

  async recentEvents(
    entityRef: string,
    limit: number,
  ): Promise<{ events: StoredSupportEvent[]; total: number }> {
    const rows: Row[] = await this.db(EVENTS)
      .where('entity_ref', entityRef)
      .orderBy([
        { column: 'opened_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)
      .select();
    const [{ count }] = await this.db(EVENTS)
      .where('entity_ref', entityRef)
      .count({ count: '*' });
    return { events: rows.map(storedOf), total: Number(count) };
  }

  async lastUpdatedAt(entityRefs: string[]): Promise<string | null> {
    if (entityRefs.length >= LAST_UPDATE_WALK_FROM) {
      // Many entities (a group's tree): the latest events of all, read from
      // the end of the updated_at index; the first of these entities' is
      // the answer.
      const wanted = new Set(entityRefs);
      const rows: Array<{
        entity_ref: string;
        updated_at: Date | string | number;
      }> = await this.db(EVENTS)
        .select('entity_ref', 'updated_at')
        .orderBy('updated_at', 'desc')
        .limit(LAST_UPDATE_WALK_ROWS);
      const hit = rows.find(r => wanted.has(r.entity_ref));
      if (hit) {
        return iso(hit.updated_at);
      }
      if (rows.length < LAST_UPDATE_WALK_ROWS) {
        return null;
      }
    }
    let latest: string | null = null;
    for (let i = 0; i < entityRefs.length; i += REFS_PER_STATEMENT) {
      const [row] = await this.db(EVENTS)
        .whereIn('entity_ref', entityRefs.slice(i, i + REFS_PER_STATEMENT))
        .max({ latest: 'updated_at' });
      const value = isoOrNull(row?.latest ?? null);
      if (value !== null && (latest === null || value > latest)) {
        latest = value;
      }
    }
    return latest;
  }

  async changedSince(
    since: Date,
  ): Promise<Array<{ entityRef: string; from: string }>> {
    const rows: Array<{ entity_ref: string; from: Date | string | number }> =
      await this.db(EVENTS)
        .select('entity_ref')
        .min({ from: 'opened_at' })
        .where('updated_at', '>', since)
        .groupBy('entity_ref');
    return rows.map(r => ({ entityRef: r.entity_ref, from: iso(r.from) }));
  }

  async earliestOpenedAt(entityRefs?: string[]): Promise<string | null> {
    const q = this.db(EVENTS).min({ earliest: 'opened_at' });
    if (entityRefs) {
      q.whereIn('entity_ref', entityRefs);
    }
    const [row] = await q;
    return isoOrNull(row?.earliest ?? null);
  }

  async earliestOpenedAtByEntity(
    before?: Date,
  ): Promise<Array<{ entityRef: string; earliest: string }>> {
    const q = this.db(EVENTS)
      .select('entity_ref')
      .min({ earliest: 'opened_at' })
      .groupBy('entity_ref');
    if (before) {
      q.havingRaw('min(opened_at) < ?', [before]);
    }
    const rows = (await q) as Array<{
      entity_ref: string;
      earliest: Date | string | number;
    }>;
    return rows
      .map(r => ({ entityRef: r.entity_ref, earliest: iso(r.earliest) }))
      .sort(
        (a, b) =>
          a.earliest.localeCompare(b.earliest) ||
          a.entityRef.localeCompare(b.entityRef),
      );
  }

  async consumerKindCounts(
    entityRefs: readonly string[],
    from: Date,
    visit: (counts: ConsumerKindCount[]) => void,
  ): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += this.rankingRefsPerStatement) {
      if (i > 0) {
        await yieldToEventLoop();
      }
      // From the index on (entity_ref, opened_at, consumer_ref, kind) alone.
      const rows: Array<{
        consumerRef: string | null;
        kind: SupportEventKind;
        count: number | string;
      }> = await this.db(EVENTS)
        .select({ consumerRef: 'consumer_ref', kind: 'kind' })
        .count({ count: '*' })
        .where(this.entityRefIn(entityRefs, i))
        .andWhere('opened_at', '>=', from)
        .groupBy('consumer_ref', 'kind');
      for (const r of rows) {
        if (typeof r.count !== 'number') {
          r.count = Number(r.count);
        }
      }
      visit(rows as ConsumerKindCount[]);
    }
  }

  /**
   * What the group ranking shows of the teams on its page, over the events
   * of `entityRefs` opened from `from` (a few hundred entities a statement
   * on SQLite, all of them on PostgreSQL), each statement's answer handed to
   * `visit` (worked out by PostgreSQL itself; on SQLite from the events):
   * - `entities`: per team, the `top` entities it raised most events about
   *   (the larger count first, then `entity_ref` in code-unit order), with
   *   their counts. Each statement counts entities of its own, so the `top`
   *   of all statements together hold every team's overall `top`.
   * - `latest`: per team, its events opened at or after its `recent`-th
   *   latest instant, ties included (a rank, not a row number), no text.
   * A team of `null` is the events that name none.
   */
  async consumerHighlights(
    entityRefs: readonly string[],
    from: Date,
    consumers: ReadonlyArray<string | null>,
    options: { top: number; recent: number },
    visit: (highlights: {
      entities: ConsumerEntityCount[];
      latest: ConsumerEvent[];
    }) => void,
  ): Promise<void> {
    const named = consumers.filter((c): c is string => c !== null);
    const unnamed = named.length < consumers.length;
    if (consumers.length === 0) {
      return;
    }
    for (let i = 0; i < entityRefs.length; i += this.rankingRefsPerStatement) {
      if (i > 0) {
        await yieldToEventLoop();
      }
      const theirs = (q: Knex.QueryBuilder) =>
        q
          .where(this.entityRefIn(entityRefs, i))
          .andWhere('opened_at', '>=', from)
          .andWhere(w => {
            if (named.length > 0) {
              w.whereIn('consumer_ref', named);
            }
            if (unnamed) {
              w.orWhereNull('consumer_ref');
            }
          });
      visit(
        this.isPostgres
          ? await this.highlightsPg(theirs, options)
          : await this.highlightsSqlite(theirs, options),
      );
    }
  }

  /**
   * {@link consumerHighlights} of one statement's entities on PostgreSQL:
   * counted, ranked and cut by the database (two statements at once), so
   * that only the highlights cross the wire, not a tree's 50,000 events.
   */
  private async highlightsPg(
    theirs: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
    options: { top: number; recent: number },
  ): Promise<{ entities: ConsumerEntityCount[]; latest: ConsumerEvent[] }> {
    // Code-unit order of the (ASCII) entity refs.
    const byRef = 'entity_ref collate "C"';
    const counted = this.db
      .from(EVENTS)
      .select({
        consumerRef: 'consumer_ref',
        entityRef: 'entity_ref',
      })
      .count({ count: '*' })
      .select(
        this.db.raw(
          `row_number() over (partition by consumer_ref order by count(*) desc, ${byRef}) as place`,
        ),
      )
      .modify(theirs)
      .groupBy('consumer_ref', 'entity_ref');
    const ranked = this.db
      .from(EVENTS)
      .select({
        id: 'id',
        consumerRef: 'consumer_ref',
        entityRef: 'entity_ref',
        openedAtMs: 'opened_at',
      })
      .select(
        this.db.raw(
          'rank() over (partition by consumer_ref order by opened_at desc) as place',
        ),
      )
      .modify(theirs);
    const [entities, latest]: [
      Array<ConsumerEntityCount & { count: number | string }>,
      Array<{
        id: number | string;
        consumerRef: string | null;
        entityRef: string;
        openedAtMs: Date | string | number;
      }>,
    ] = await Promise.all([
      this.db
        .from(counted.as('c'))
        .select('consumerRef', 'entityRef', 'count')
        .where('place', '<=', options.top),
      this.db
        .from(ranked.as('r'))
        .select('id', 'consumerRef', 'entityRef', 'openedAtMs')
        .where('place', '<=', options.recent),
    ]);
    // Counts and bigint ids come back as text, times as Dates.
    for (const r of entities) {
      if (typeof r.count !== 'number') {
        r.count = Number(r.count);
      }
    }
    for (const r of latest) {
      if (typeof r.id !== 'number') {
        r.id = Number(r.id);
      }
      if (typeof r.openedAtMs !== 'number') {
        r.openedAtMs = epochMs(r.openedAtMs);
      }
    }
    return {
      entities: entities as ConsumerEntityCount[],
      latest: latest as ConsumerEvent[],
    };
  }

  /**
   * {@link consumerHighlights} of one statement's entities on SQLite: the
   * events read (a few hundred entities' worth; the driver is synchronous,
   * and its window functions took longer than this over a tree) and worked
   * out here, with the same order and ties as on PostgreSQL.
   */
  private async highlightsSqlite(
    theirs: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
    options: { top: number; recent: number },
  ): Promise<{ entities: ConsumerEntityCount[]; latest: ConsumerEvent[] }> {
    const rows: Array<{
      id: number;
      consumerRef: string | null;
      entityRef: string;
      openedAtMs: Date | string | number;
    }> = await this.db(EVENTS)
      .select({
        id: 'id',
        consumerRef: 'consumer_ref',
        entityRef: 'entity_ref',
        openedAtMs: 'opened_at',
      })
      .modify(theirs);
    // Keyed by the team, '' for the events that name none (no ref is empty).
    const counts = new Map<string, Map<string, number>>();
    const latest = new Map<string, ConsumerEvent[]>();
    for (const row of rows) {
      const r: ConsumerEvent =
        typeof row.openedAtMs === 'number'
          ? (row as ConsumerEvent)
          : { ...row, openedAtMs: epochMs(row.openedAtMs) };
      const team = r.consumerRef ?? '';
      let perEntity = counts.get(team);
      let theirLatest = latest.get(team);
      if (!perEntity || !theirLatest) {
        perEntity = new Map();
        theirLatest = [];
        counts.set(team, perEntity);
        latest.set(team, theirLatest);
      }
      perEntity.set(r.entityRef, (perEntity.get(r.entityRef) ?? 0) + 1);
      keepLatest(theirLatest, r, options.recent);
    }
    const entities: ConsumerEntityCount[] = [];
    for (const [team, top] of topEntitiesPerConsumer(counts, options.top)) {
      for (const { entityRef, count } of top) {
        entities.push({ consumerRef: team || null, entityRef, count });
      }
    }
    return { entities, latest: [...latest.values()].flat() };
  }

  async eventsByIds(ids: readonly number[]): Promise<StoredSupportEvent[]> {
    const out: StoredSupportEvent[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      const rows: Row[] = await this.db(EVENTS).whereIn(
        'id',
        ids.slice(i, i + IDS_PER_STATEMENT),
      );
      out.push(...rows.map(storedOf));
    }
    return out;
  }

  async earliestEvents(options: {
    before?: Date;
    excluding: readonly string[];
    limit: number;
  }): Promise<Array<{ entityRef: string; openedAt: string }>> {
    const q = this.db(EVENTS).select('entity_ref', 'opened_at');
    if (options.before) {
      q.where('opened_at', '<', options.before);
    }
    for (let i = 0; i < options.excluding.length; i += 500) {
      q.whereNotIn('entity_ref', options.excluding.slice(i, i + 500));
    }
    const rows: Array<{
      entity_ref: string;
      opened_at: Date | string | number;
    }> = await q.orderBy('opened_at', 'asc').limit(options.limit);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      openedAt: iso(r.opened_at),
    }));
  }

  async getSourceState(sourceId: string): Promise<SupportSourceState | null> {
    const row = await this.db(STATE).where('source_id', sourceId).first();
    if (!row) {
      return null;
    }
    return {
      sourceId: row.source_id,
      cursor: row.cursor ?? null,
      lastRunAt: isoOrNull(row.last_run_at),
      lastSuccessAt: isoOrNull(row.last_success_at),
      lastErrorAt: isoOrNull(row.last_error_at),
      lastError: row.last_error ?? null,
    };
  }

  async recordSourceSuccess(
    sourceId: string,
    cursor: string | null,
    at: Date,
  ): Promise<void> {
    await this.db(STATE)
      .insert({
        source_id: sourceId,
        cursor,
        last_run_at: at,
        last_success_at: at,
      })
      .onConflict('source_id')
      .merge(['cursor', 'last_run_at', 'last_success_at']);
  }

  async recordSourceError(
    sourceId: string,
    error: string,
    at: Date,
  ): Promise<void> {
    await this.db(STATE)
      .insert({
        source_id: sourceId,
        last_run_at: at,
        last_error_at: at,
        last_error: error.slice(0, 2000),
      })
      .onConflict('source_id')
      .merge(['last_run_at', 'last_error_at', 'last_error']);
  }
}

/**
 * Keeps in `list` the events opened at or after the `n`-th latest instant
 * seen so far (so at least the `n` latest, more on a tie), latest first.
 */
export function keepLatest(list: ConsumerEvent[], e: ConsumerEvent, n: number) {
  if (list.length >= n && e.openedAtMs < list[n - 1].openedAtMs) {
    return;
  }
  let i = list.length;
  list.push(e);
  while (i > 0 && list[i - 1].openedAtMs < e.openedAtMs) {
    list[i] = list[i - 1];
    i -= 1;
  }
  list[i] = e;
  // Drop those now before the n-th latest instant.
  while (
    list.length > n &&
    list[list.length - 1].openedAtMs < list[n - 1].openedAtMs
  ) {
    list.pop();
  }
}
