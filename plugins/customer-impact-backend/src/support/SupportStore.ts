import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  JourneySupportEvent,
  StoredSupportEvent,
  SupportEvent,
  SupportEventKind,
  PushCounts,
  compareCodeUnits,
  topEntitiesPerConsumer,
} from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { serializeWrites } from '../database/serializeWrites';
import { isPostgres } from '../database/isPostgres';
import {
  WriteVersions,
  bumpWriteParts,
  bumpWriteVersion,
  readWriteVersion,
  readWriteVersions,
} from '../database/writeVersion';

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
 * Events a statement on PostgreSQL (inserted or updated, as one JSON
 * parameter): a push of 1,000 in one statement.
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
/**
 * The latest events of the group ranking's teams read in one page a
 * statement: this many per event shown (teams × recent), at least
 * {@link LATEST_PAGE_MIN}.
 */
const LATEST_PAGE_PER_EVENT = 5;
const LATEST_PAGE_MIN = 500;
/** Events read by id in one statement. */
const IDS_PER_STATEMENT = 500;

/** How many events of one kind one consuming team raised. */
export interface ConsumerKindCountOf<Team> {
  consumerRef: Team;
  kind: SupportEventKind;
  count: number;
}

/** How many events of one kind one consuming team raised (null: none named). */
export type ConsumerKindCount = ConsumerKindCountOf<string | null>;

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
   * {@link writeVersion} and the counter of each part of the entities, in
   * one read: a write that only inserted events bumps the parts of their
   * entities; any other write, every part.
   */
  writeVersions(): Promise<WriteVersions>;
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
   * Events opened at or after `from` on these entities, per consuming team
   * (null: the events that name none): counted per kind, and the team's `top`
   * entities by events (the larger count first, then `entity_ref` in
   * code-unit order) with their counts. A few hundred entities a statement
   * on SQLite (the event loop let run between statements), as many as a
   * statement takes on PostgreSQL; `visit` gets each statement's answer. A
   * team and kind may come in several; each statement's `top` are of its
   * own entities, so the `top` of all statements together hold every
   * team's overall `top`.
   */
  consumerCounts(
    entityRefs: readonly string[],
    from: Date,
    options: { top: number },
    visit: (counts: {
      kinds: ConsumerKindCount[];
      entities: ConsumerEntityCount[];
    }) => void,
  ): Promise<void>;
  /**
   * For the teams on a page of the group ranking (null: the events that name
   * none), over the events opened at or after `from` on these entities: each
   * team's events opened at or after its `recent`-th latest instant (ties
   * included; a rank, not a row number), no text, visited as
   * {@link consumerCounts} does.
   */
  consumerLatest(
    entityRefs: readonly string[],
    from: Date,
    consumers: ReadonlyArray<string | null>,
    options: { recent: number },
    visit: (latest: ConsumerEvent[]) => void,
  ): Promise<void>;
  /** The events with these ids (in no particular order). */
  eventsByIds(ids: readonly number[]): Promise<StoredSupportEvent[]>;
  /**
   * Retention: deletes at most `limit` of the events opened before
   * `before`, earliest first, in one transaction that bumps the write
   * counter when it deleted any; returns how many it deleted.
   */
  deleteOpenedBefore(before: Date, limit: number): Promise<number>;
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

/** A row of the group ranking's latest events: bigint ids come back as text on PostgreSQL, times as Dates. */
function consumerEventOf(
  row: Record<keyof ConsumerEvent, unknown>,
): ConsumerEvent {
  return {
    id: Number(row.id),
    consumerRef: row.consumerRef as string | null,
    entityRef: row.entityRef as string,
    openedAtMs: epochMs(row.openedAtMs as Date | string | number),
  };
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

/**
 * An instant (ISO 8601) as PostgreSQL's `timestamptz` reads it: as given
 * for the years 1000 to 9999; otherwise with the year written out and its
 * era, since PostgreSQL has no year 0 (JavaScript's year 0 is 1 BC) and
 * does not read JavaScript's six-digit years (`+010000-…`).
 */
export function pgTimestamp(instant: string): string {
  if (/^[1-9]\d{3}-/.test(instant)) {
    return instant;
  }
  const at = new Date(instant);
  const year = at.getUTCFullYear();
  const text = at.toISOString();
  // From the month on, "-MM-DDTHH:MM:SS.sssZ", in UTC.
  const rest = `${text.slice(text.length - 20, text.length - 1)}+00`;
  return year >= 1
    ? `${String(year).padStart(4, '0')}${rest}`
    : `${String(1 - year).padStart(4, '0')}${rest} BC`;
}

/** The event's fields as columns, instants as given (ISO 8601 text). */
function fieldColumnsOf(event: SupportEventRecord) {
  return {
    entity_ref: event.entityRef,
    consumer_ref: event.consumerRef ?? null,
    kind: event.kind,
    opened_at: event.openedAt,
    resolved_at: event.resolvedAt ?? null,
    category: event.category ?? null,
    severity: event.severity ?? null,
    title: event.title ?? null,
    url: event.url ?? null,
    requester_hash: event.requesterHash ?? null,
    journey_ref: event.journeyRef ?? null,
    journey_step_id: event.journeyStepId ?? null,
  };
}

/** The event's fields as columns, instants as Dates. */
function columnsOf(event: SupportEventRecord) {
  return {
    ...fieldColumnsOf(event),
    opened_at: new Date(event.openedAt),
    resolved_at: event.resolvedAt ? new Date(event.resolvedAt) : null,
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
/** The columns of the event's fields ({@link FIELDS}): what an update compares. */
const FIELD_COLUMNS = Object.keys(
  fieldColumnsOf({
    source: '',
    externalId: '',
    entityRef: '',
    kind: 'ticket',
    openedAt: '1970-01-01T00:00:00.000Z',
  }),
);
/**
 * What a push sends PostgreSQL of each event: every column but the write's
 * instants (`received_at`, `updated_at`: one parameter for the statement),
 * read by `json_to_recordset` as {@link PG_RECORD}: text, which the insert
 * checks against the columns' lengths, and the instants as instants.
 */
const PG_WRITE_INSTANTS: ReadonlySet<string> = new Set([
  'received_at',
  'updated_at',
]);
const PG_RECORD_COLUMNS = INSERT_COLUMNS.filter(c => !PG_WRITE_INSTANTS.has(c));
const PG_RECORD = `x(${PG_RECORD_COLUMNS.map(
  c =>
    `${c} ${c === 'opened_at' || c === 'resolved_at' ? 'timestamptz' : 'text'}`,
).join(', ')})`;
/** The insert's values, in {@link INSERT_COLUMNS}' order. */
const PG_INSERT_VALUES = INSERT_COLUMNS.map(c =>
  PG_WRITE_INSTANTS.has(c) ? 'w.at' : `x.${c}`,
).join(', ');

/** What an update writes: the fields and the time of the change. */
const UPDATE_COLUMNS = [...FIELD_COLUMNS, 'updated_at'];

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
   * `entity_ref` among one statement's refs: on PostgreSQL one array
   * parameter (`= any(?)`), which plans in a moment where 10,000 separate
   * parameters take longer than the statement; on SQLite a plain `in (...)`.
   */
  private entityRefIn(refs: readonly string[]) {
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
      if (this.isPostgres) {
        await this.upsertPg(tx, events, now, result);
      } else {
        await this.upsertSqlite(tx, events, now, result);
      }
      // Inserted only: what was counted of other entities stands. A changed
      // event may have left another entity (its stored ref is not read
      // back): every part.
      if (result.updated > 0) {
        await bumpWriteVersion(tx, WRITE_VERSION);
      } else if (result.inserted > 0) {
        await bumpWriteParts(
          tx,
          WRITE_VERSION,
          new Set(events.map(e => e.entityRef)),
        );
      }
    });
    return result;
  }

  /**
   * {@link upsertEvents} on PostgreSQL: PG_WRITE_CHUNK events a statement,
   * as one JSON parameter read by `json_to_recordset` with the pushed
   * columns only ({@link PG_RECORD}; the write's instant is one parameter,
   * not two fields of every row), inserted, or updated where any field
   * differs (`is distinct from`, instants compared as instants), counted by
   * the database: nothing is read back but two counts. A lookup of the
   * stored rows, then an insert of 16 arrays, took about twice as long on
   * the client side. Against the table's own row type
   * (`json_populate_recordset`, every column of every row) the statement
   * for 1,000 new events took 38.0 ms instead of 39.7 (PostgreSQL 15, mean
   * of 15 alternating runs), and the parameter is a sixth smaller.
   */
  private async upsertPg(
    tx: Knex.Transaction,
    events: SupportEventRecord[],
    now: Date,
    result: PushCounts,
  ) {
    const set = UPDATE_COLUMNS.map(c => `${c} = excluded.${c}`).join(', ');
    const stored = FIELD_COLUMNS.map(c => `${EVENTS}.${c}`).join(', ');
    const given = FIELD_COLUMNS.map(c => `excluded.${c}`).join(', ');
    const stamp = now.toISOString();
    for (let i = 0; i < events.length; i += PG_WRITE_CHUNK) {
      if (i > 0) {
        await yieldToEventLoop();
      }
      const chunk = events.slice(i, i + PG_WRITE_CHUNK);
      // Instants as text: JSON.stringify of 1,000 rows' Dates was most of
      // this function's time.
      const rows = chunk.map(event => {
        const row = {
          source: event.source,
          external_id: event.externalId,
          ...fieldColumnsOf(event),
        };
        row.opened_at = pgTimestamp(row.opened_at);
        if (row.resolved_at !== null) {
          row.resolved_at = pgTimestamp(row.resolved_at);
        }
        return row;
      });
      const { rows: counted } = await tx.raw(
        `with written as (
           insert into ${EVENTS} (${INSERT_COLUMNS.join(', ')})
           select ${PG_INSERT_VALUES}
             from json_to_recordset(?) as ${PG_RECORD}
            cross join (select ?::timestamptz as at) w
           on conflict (source, external_id) do update set ${set}
           where (${stored}) is distinct from (${given})
           returning (xmax = 0) as inserted)
         select count(*) filter (where inserted) as inserted,
                count(*) filter (where not inserted) as updated
           from written`,
        [JSON.stringify(rows), stamp],
      );
      const inserted = Number(counted[0].inserted);
      const updated = Number(counted[0].updated);
      result.inserted += inserted;
      result.updated += updated;
      result.unchanged += chunk.length - inserted - updated;
    }
  }

  /**
   * {@link upsertEvents} on SQLite: the stored events read, compared here;
   * the new ones inserted, the changed ones updated one by one.
   */
  private async upsertSqlite(
    tx: Knex.Transaction,
    events: SupportEventRecord[],
    now: Date,
    result: PushCounts,
  ) {
    // What is already stored, in chunks.
    const existing = new Map<string, SupportEventRecord>();
    await this.readStoredSqlite(tx, events, rows => {
      for (const row of rows) {
        existing.set(keyOf(row.source, row.external_id), eventOf(row));
      }
    });
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
    await this.insertSqlite(tx, inserts);
  }

  async writeVersion(): Promise<string> {
    return readWriteVersion(this.db, WRITE_VERSION);
  }

  async writeVersions(): Promise<WriteVersions> {
    return readWriteVersions(this.db, WRITE_VERSION);
  }

  async deleteOpenedBefore(before: Date, limit: number): Promise<number> {
    return this.db.transaction(async tx => {
      await serializeWrites(tx, EVENTS);
      // From the start of the opened_at index: a bounded transaction.
      const deleted = await tx(EVENTS)
        .whereIn(
          'id',
          tx(EVENTS)
            .select('id')
            .where('opened_at', '<', before)
            .orderBy('opened_at')
            .limit(limit),
        )
        .delete();
      if (deleted > 0) {
        await bumpWriteVersion(tx, WRITE_VERSION);
      }
      return deleted;
    });
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
          compareCodeUnits(a.openedAt, b.openedAt) ||
          compareCodeUnits(a.externalId, b.externalId),
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

  async consumerCounts(
    entityRefs: readonly string[],
    from: Date,
    options: { top: number },
    visit: (counts: {
      kinds: ConsumerKindCount[];
      entities: ConsumerEntityCount[];
    }) => void,
  ): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += this.rankingRefsPerStatement) {
      if (i > 0) {
        await yieldToEventLoop();
      }
      const refs = entityRefs.slice(i, i + this.rankingRefsPerStatement);
      visit(
        this.isPostgres
          ? await this.countsPg(refs, from, options.top)
          : await this.countsSqlite(refs, from, options.top),
      );
    }
  }

  /**
   * {@link consumerCounts} of one statement's entities on PostgreSQL, in one
   * scan of their events (kept as team, entity and kind only: a third
   * faster than counting per team, entity and kind first): counted per team
   * and kind, and per team and entity; per team, its entities with a count at or above
   * the least count that fewer than `top` of its entities exceed (a hash
   * count of counts, no sort of the tree's 40,000 team-and-entity pairs),
   * of which the database keeps the `top` in order. Only the answer crosses
   * the wire.
   */
  private async countsPg(
    refs: readonly string[],
    from: Date,
    top: number,
  ): Promise<{ kinds: ConsumerKindCount[]; entities: ConsumerEntityCount[] }> {
    // Teams keyed by '' for the events that name none (no ref is empty);
    // entity refs in code-unit order (they are ASCII).
    const { rows } = (await this.db.raw(
      `with e as materialized (
         select coalesce(consumer_ref, '') as team, entity_ref, kind
           from ?? where entity_ref = any(?::text[]) and opened_at >= ?),
       pairs as materialized (
         select team, entity_ref, count(*) as n from e group by team, entity_ref),
       spread as (
         select team, n, count(*) as entities from pairs group by team, n),
       cut as (
         select team, min(n) as n from (
           select team, n,
                  sum(entities) over (partition by team order by n desc) - entities as above
             from spread) s
          where above < ? group by team)
       select team, kind, null as entity_ref, count(*) as n
         from e group by team, kind
       union all
       select team, null, entity_ref, n from (
         select p.team, p.entity_ref, p.n,
                row_number() over (partition by p.team collate "C"
                                   order by p.n desc, p.entity_ref collate "C") as place
           from pairs p join cut on cut.team = p.team
          where p.n >= cut.n) t
        where place <= ?`,
      [EVENTS, refs as string[], from, top, top],
    )) as {
      rows: Array<{
        team: string;
        kind: SupportEventKind | null;
        entity_ref: string | null;
        n: number | string;
      }>;
    };
    const kinds: ConsumerKindCount[] = [];
    const entities: ConsumerEntityCount[] = [];
    for (const r of rows) {
      // Counts come back as text.
      const count = Number(r.n);
      const consumerRef = r.team || null;
      if (r.kind !== null) {
        kinds.push({ consumerRef, kind: r.kind, count });
      } else {
        entities.push({ consumerRef, entityRef: r.entity_ref!, count });
      }
    }
    return { kinds, entities };
  }

  /**
   * {@link consumerCounts} of one statement's entities on SQLite: counted
   * per team, entity and kind from the index on (entity_ref, opened_at,
   * consumer_ref, kind) alone, summed and cut here.
   */
  private async countsSqlite(
    refs: readonly string[],
    from: Date,
    top: number,
  ): Promise<{ kinds: ConsumerKindCount[]; entities: ConsumerEntityCount[] }> {
    const rows: Array<{
      consumerRef: string | null;
      entityRef: string;
      kind: SupportEventKind;
      count: number;
    }> = await this.db(EVENTS)
      .select({
        consumerRef: 'consumer_ref',
        entityRef: 'entity_ref',
        kind: 'kind',
      })
      .count({ count: '*' })
      .whereIn('entity_ref', refs)
      .andWhere('opened_at', '>=', from)
      .groupBy('consumer_ref', 'entity_ref', 'kind');
    // Keyed by the team, '' for the events that name none.
    const kinds = new Map<string, ConsumerKindCount>();
    const perEntity = new Map<string, Map<string, number>>();
    for (const r of rows) {
      addKindCount(kinds, r);
      addEntityCount(perEntity, r.consumerRef ?? '', r.entityRef, r.count);
    }
    const entities: ConsumerEntityCount[] = [];
    for (const [team, best] of topEntitiesPerConsumer(perEntity, top)) {
      for (const { entityRef, count } of best) {
        entities.push({ consumerRef: team || null, entityRef, count });
      }
    }
    return { kinds: [...kinds.values()], entities };
  }

  async consumerLatest(
    entityRefs: readonly string[],
    from: Date,
    consumers: ReadonlyArray<string | null>,
    options: { recent: number },
    visit: (latest: ConsumerEvent[]) => void,
  ): Promise<void> {
    if (consumers.length === 0) {
      return;
    }
    for (let i = 0; i < entityRefs.length; i += this.rankingRefsPerStatement) {
      if (i > 0) {
        await yieldToEventLoop();
      }
      const refs = entityRefs.slice(i, i + this.rankingRefsPerStatement);
      const theirs = (teams: ReadonlyArray<string | null>) => {
        const named = teams.filter((c): c is string => c !== null);
        const unnamed = named.length < teams.length;
        return (q: Knex.QueryBuilder) =>
          q
            .where(this.entityRefIn(refs))
            .andWhere('opened_at', '>=', from)
            .andWhere(w => {
              if (named.length > 0) {
                w.whereIn('consumer_ref', named);
              }
              if (unnamed) {
                w.orWhereNull('consumer_ref');
              }
            });
      };
      visit(await this.latestOf(theirs, consumers, options.recent));
    }
  }

  /**
   * {@link consumerLatest} of one statement's entities: their latest events,
   * a page of them (on PostgreSQL from the end of the `opened_at` index; on
   * SQLite from the index on (entity_ref, opened_at, consumer_ref, kind)
   * alone, sorted and cut there); a team whose `recent`-th latest instant is
   * after the page's last (so that none of its ties can lie beyond the page)
   * is answered from the page. Only the teams that are not (few events
   * lately) are looked for among all their events.
   */
  private async latestOf(
    theirs: (
      teams: ReadonlyArray<string | null>,
    ) => (q: Knex.QueryBuilder) => Knex.QueryBuilder,
    consumers: ReadonlyArray<string | null>,
    recent: number,
  ): Promise<ConsumerEvent[]> {
    const columns = {
      id: 'id',
      consumerRef: 'consumer_ref',
      entityRef: 'entity_ref',
      openedAtMs: 'opened_at',
    };
    const page = Math.max(
      LATEST_PAGE_MIN,
      consumers.length * recent * LATEST_PAGE_PER_EVENT,
    );
    const rows: Array<Record<keyof typeof columns, unknown>> = await this.db(
      EVENTS,
    )
      .select(columns)
      .modify(theirs(consumers))
      .orderBy('opened_at', 'desc')
      .limit(page);
    const latest = new Map<string, ConsumerEvent[]>();
    for (const row of rows) {
      const e = consumerEventOf(row);
      const team = e.consumerRef ?? '';
      const list = latest.get(team) ?? [];
      keepLatest(list, e, recent);
      latest.set(team, list);
    }
    if (rows.length < page) {
      // The page held all their events.
      return [...latest.values()].flat();
    }
    const edge = consumerEventOf(rows[rows.length - 1]).openedAtMs;
    const answered: ConsumerEvent[] = [];
    const rest: Array<string | null> = [];
    for (const team of consumers) {
      const list = latest.get(team ?? '');
      if (list && list.length >= recent && list[recent - 1].openedAtMs > edge) {
        answered.push(...list);
      } else {
        rest.push(team);
      }
    }
    if (rest.length === 0) {
      return answered;
    }
    if (!this.isPostgres) {
      return [...answered, ...(await this.latestSqlite(theirs(rest), recent))];
    }
    const ranked = this.db
      .from(EVENTS)
      .select(columns)
      .select(
        this.db.raw(
          'rank() over (partition by consumer_ref collate "C" order by opened_at desc) as place',
        ),
      )
      .modify(theirs(rest));
    const more: Array<Record<keyof typeof columns, unknown>> = await this.db
      .from(ranked.as('r'))
      .select(Object.keys(columns))
      .where('place', '<=', recent);
    return [...answered, ...more.map(consumerEventOf)];
  }

  /**
   * The latest events of some teams on SQLite, from all their events of one
   * statement's entities (a few hundred entities' worth; the driver is
   * synchronous, and its window functions took longer than this over a
   * tree), kept here with the same ties as on PostgreSQL.
   */
  private async latestSqlite(
    theirs: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
    recent: number,
  ): Promise<ConsumerEvent[]> {
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
    const latest = new Map<string, ConsumerEvent[]>();
    for (const row of rows) {
      const r: ConsumerEvent =
        typeof row.openedAtMs === 'number'
          ? (row as ConsumerEvent)
          : { ...row, openedAtMs: epochMs(row.openedAtMs) };
      const team = r.consumerRef ?? '';
      const list = latest.get(team) ?? [];
      keepLatest(list, r, recent);
      latest.set(team, list);
    }
    return [...latest.values()].flat();
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

/** Adds a count of one team and kind to the sums per team and kind. */
export function addKindCount<C extends ConsumerKindCountOf<string | null>>(
  sums: Map<string, C>,
  c: C,
): void {
  const key = `${c.kind} ${c.consumerRef ?? ''}`;
  const sum = sums.get(key);
  if (sum) {
    sum.count += c.count;
  } else {
    sums.set(key, { ...c });
  }
}

/** Adds `count` events of `team` about `entityRef` to the counts per team and entity. */
export function addEntityCount(
  perEntity: Map<string, Map<string, number>>,
  team: string,
  entityRef: string,
  count: number,
): void {
  let theirs = perEntity.get(team);
  if (!theirs) {
    theirs = new Map();
    perEntity.set(team, theirs);
  }
  theirs.set(entityRef, (theirs.get(entityRef) ?? 0) + count);
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
