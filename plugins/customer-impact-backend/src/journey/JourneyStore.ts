import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  JourneyEvent,
  JourneyFeedback,
  PushCounts,
} from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { serializeWrites } from '../database/serializeWrites';
import { isPostgres } from '../database/isPostgres';
import { bumpWriteVersion, readWriteVersion } from '../database/writeVersion';

const EVENTS = 'journey_events';
const FEEDBACK = 'journey_feedback';
/**
 * Rows a statement (looked up by key, then inserted): on SQLite 100, under
 * its bound-parameter limit and short enough not to hold the event loop
 * long (the driver is synchronous); on PostgreSQL 1,000, since every
 * statement is a round trip (a push of 5,000 events was 100 of them).
 */
const CHUNK = { sqlite: 100, pg: 1000 };

/** A journey event as stored: the person only as a hash, `at` in UTC. */
export interface StoredJourneyEvent {
  eventId: string;
  /** `journey:namespace/name`, lower case. */
  journeyRef: string;
  stepId: string;
  subjectHash: string;
  type: 'started' | 'completed' | 'abandoned';
  /** ISO 8601 in UTC with milliseconds (`2026-11-01T09:00:00.000Z`). */
  at: string;
}

/** A step feedback answer as stored. */
export interface StoredJourneyFeedback {
  feedbackId: string;
  journeyRef: string;
  stepId: string;
  subjectHash: string;
  kind: 'done' | 'stuck';
  comment: string | null;
  effort: number | null;
  at: string;
}

/** Everything recorded for one journey, for the figures. */
export interface JourneyRecords {
  events: JourneyEvent[];
  feedback: JourneyFeedback[];
  /** When an event or answer of the journey was last written (ISO 8601, UTC). */
  lastReceivedAt: string | null;
}

/** Storage of the journeys facet. */
export interface JourneyStore {
  /**
   * Writes events in one transaction, keyed by `eventId`: a new id is
   * inserted, a known id with other values is updated, a known id with the same
   * values is left alone (a replay changes nothing).
   */
  writeEvents(
    events: StoredJourneyEvent[],
    receivedAt: Date,
  ): Promise<PushCounts>;
  /** Writes feedback answers in one transaction, keyed by `feedbackId`, as {@link JourneyStore.writeEvents}. */
  writeFeedback(
    feedback: StoredJourneyFeedback[],
    receivedAt: Date,
  ): Promise<PushCounts>;
  /** Every event and answer of one journey. */
  readJourney(journeyRef: string): Promise<JourneyRecords>;
  /**
   * The journeys with events or answers written after `since`, each with
   * the earliest `at` among those records (epoch ms).
   */
  changedSince(
    since: Date,
  ): Promise<Array<{ journeyRef: string; from: number }>>;
  /**
   * A counter bumped by every write that inserted or changed events or
   * answers, and by every clean-up that removed some (in its transaction; a
   * replay leaves it): equal values, the same records.
   */
  writeVersion(): Promise<string>;
}

/** The journeys' write counter (migration 20261212000000). */
export const JOURNEY_WRITE_VERSION = 'journey_write_version';

type Row = Record<string, string | number | null>;

function toIso(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  const date =
    value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * New rows on PostgreSQL as one JSON parameter, typed by the table's own row
 * type: a multi-row `values` of 1,000 rows is 7,000 parameters, which
 * PostgreSQL took about 26 ms to bind and plan, five times its insert.
 */
async function insertAsJson(tx: Knex.Transaction, table: string, rows: Row[]) {
  const columns = Object.keys(rows[0]);
  await tx.raw(
    'insert into ?? (??) select ?? from json_populate_recordset(null::??, ?)',
    [table, columns, columns, table, JSON.stringify(rows)],
  );
}

/** {@link JourneyStore} on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseJourneyStore implements JourneyStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseJourneyStore> {
    const client = await applyDatabaseMigrations(options.database);
    return new DatabaseJourneyStore(client);
  }

  private readonly chunk: number;
  private readonly isPostgres: boolean;

  private constructor(private readonly db: Knex) {
    this.isPostgres = isPostgres(db);
    this.chunk = this.isPostgres ? CHUNK.pg : CHUNK.sqlite;
  }

  async writeEvents(
    events: StoredJourneyEvent[],
    receivedAt: Date,
  ): Promise<PushCounts> {
    return this.upsert(
      EVENTS,
      'event_id',
      events.map(e => ({
        event_id: e.eventId,
        journey_ref: e.journeyRef.toLocaleLowerCase('en-US'),
        step_id: e.stepId,
        subject_hash: e.subjectHash,
        type: e.type,
        at: e.at,
      })),
      receivedAt,
    );
  }

  async writeFeedback(
    feedback: StoredJourneyFeedback[],
    receivedAt: Date,
  ): Promise<PushCounts> {
    return this.upsert(
      FEEDBACK,
      'feedback_id',
      feedback.map(f => ({
        feedback_id: f.feedbackId,
        journey_ref: f.journeyRef.toLocaleLowerCase('en-US'),
        step_id: f.stepId,
        subject_hash: f.subjectHash,
        kind: f.kind,
        comment: f.comment,
        effort: f.effort,
        at: f.at,
      })),
      receivedAt,
    );
  }

  async changedSince(
    since: Date,
  ): Promise<Array<{ journeyRef: string; from: number }>> {
    const rows: Array<{ journey_ref: string; at: string }> = [
      ...(await this.db(EVENTS)
        .where('received_at', '>', since)
        .select('journey_ref', 'at')),
      ...(await this.db(FEEDBACK)
        .where('received_at', '>', since)
        .select('journey_ref', 'at')),
    ];
    const earliest = new Map<string, number>();
    for (const row of rows) {
      const at = Date.parse(row.at);
      earliest.set(
        row.journey_ref,
        Math.min(earliest.get(row.journey_ref) ?? Infinity, at),
      );
    }
    return [...earliest.entries()].map(([journeyRef, from]) => ({
      journeyRef,
      from,
    }));
  }

  async writeVersion(): Promise<string> {
    return readWriteVersion(this.db, JOURNEY_WRITE_VERSION);
  }

  async readJourney(journeyRef: string): Promise<JourneyRecords> {
    const ref = journeyRef.toLocaleLowerCase('en-US');
    // When a record was last written, counted by the database: read row by
    // row, a journey's 18,000 timestamps took the driver and toIso about
    // 40 ms of the event loop on every read.
    const latest = (table: string) =>
      this.db(table)
        .where('journey_ref', ref)
        .max({ last: 'received_at' })
        .first() as Promise<{ last: unknown } | undefined>;
    const [eventRows, feedbackRows, eventsLast, feedbackLast] =
      await Promise.all([
        this.db(EVENTS)
          .where('journey_ref', ref)
          .orderBy('at', 'asc')
          .select(
            'event_id',
            'journey_ref',
            'step_id',
            'subject_hash',
            'type',
            'at',
          ),
        this.db(FEEDBACK)
          .where('journey_ref', ref)
          .orderBy('at', 'asc')
          .select('step_id', 'subject_hash', 'kind', 'effort', 'at'),
        latest(EVENTS),
        latest(FEEDBACK),
      ]);
    let last: string | null = null;
    for (const row of [eventsLast, feedbackLast]) {
      const at = toIso(row?.last);
      if (at !== null && (last === null || at > last)) {
        last = at;
      }
    }
    return {
      events: eventRows.map(r => ({
        eventId: r.event_id,
        journeyRef: r.journey_ref,
        stepId: r.step_id,
        subjectHash: r.subject_hash,
        type: r.type,
        at: r.at,
      })),
      // Comments are not read: no figure uses them and no endpoint returns them.
      feedback: feedbackRows.map(r => ({
        stepId: r.step_id,
        subjectHash: r.subject_hash,
        kind: r.kind,
        ...(r.effort === null || r.effort === undefined
          ? {}
          : { effort: Number(r.effort) }),
        at: r.at,
      })),
      lastReceivedAt: last,
    };
  }

  /** Insert new keys, update changed rows, leave identical rows alone; one transaction. */
  private async upsert(
    table: string,
    key: string,
    rows: Row[],
    receivedAt: Date,
  ): Promise<PushCounts> {
    const result = { inserted: 0, updated: 0, unchanged: 0 };
    if (rows.length === 0) {
      return result;
    }
    const columns = Object.keys(rows[0]);
    await this.db.transaction(async tx => {
      await serializeWrites(tx, table);
      for (let i = 0; i < rows.length; i += this.chunk) {
        await yieldToEventLoop();
        const chunk = rows.slice(i, i + this.chunk);
        const existing = new Map<string, Row>();
        const found: Row[] = await tx(table)
          .whereIn(
            key,
            chunk.map(r => r[key] as string),
          )
          .select(columns);
        for (const row of found) {
          existing.set(String(row[key]), row);
        }
        const fresh: Row[] = [];
        for (const row of chunk) {
          const stored = existing.get(String(row[key]));
          if (!stored) {
            fresh.push({ ...row, received_at: receivedAt as never });
            continue;
          }
          const same = columns.every(
            c =>
              (stored[c] ?? null) === (row[c] ?? null) ||
              // integers come back as numbers on both databases; compare as text
              String(stored[c] ?? null) === String(row[c] ?? null),
          );
          if (same) {
            result.unchanged += 1;
          } else {
            await tx(table)
              .where(key, row[key] as string)
              .update({ ...row, received_at: receivedAt as never });
            result.updated += 1;
          }
        }
        if (fresh.length > 0) {
          await (this.isPostgres
            ? insertAsJson(tx, table, fresh)
            : tx(table).insert(fresh));
          result.inserted += fresh.length;
        }
      }
      if (result.inserted + result.updated > 0) {
        await bumpWriteVersion(tx, JOURNEY_WRITE_VERSION);
      }
    });
    return result;
  }
}
