import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  HOUR_MS,
  SloBucket,
  PushCounts,
  compareCodeUnits,
  floorToHour,
} from '@customer-impact/plugin-customer-impact-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { isPostgres } from '../database/isPostgres';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { num } from './rows';

/** 5-minute (or shorter) buckets, kept for the fine retention. */
export const SLO_FINE_TABLE = 'slo_samples_fine';
/** Hourly roll-ups, kept for the longest window. */
export const SLO_HOURLY_TABLE = 'slo_samples_hourly';
/**
 * The series (entity and SLO) of the sample tables: an integer id each; the
 * sample tables are keyed by (series_id, start).
 */
export const SLO_SERIES_TABLE = 'slo_series';

const FINE = SLO_FINE_TABLE;
const HOURLY = SLO_HOURLY_TABLE;
const SERIES = SLO_SERIES_TABLE;

/** One bucket of one SLO of one entity, normalised (lower-case ref, epoch ms). */
export interface SloSampleRow {
  entityRef: string;
  slo: string;
  start: number;
  durationSeconds: number;
  good: number;
  total: number;
  /** Threshold metrics: the lowest and highest value of the bucket; null (or absent) for counts. */
  valueMin?: number | null;
  valueMax?: number | null;
}

/** Options of a write of fine buckets ({@link SloSampleStore.upsertSamples}). */
export interface UpsertSamplesOptions {
  /**
   * Fine buckets that start before it (on the hour: the fine horizon) are
   * refused, with {@link RolledUpHoursError}, where their hour is held as a
   * roll-up alone: its fine buckets are gone (the retention) or never were
   * (history written as hours), so the hour's sum cannot be recomputed.
   */
  checkRolledUpBefore?: number;
}

/**
 * A write refused because some of its fine buckets fall into hours held as
 * roll-ups alone ({@link UpsertSamplesOptions.checkRolledUpBefore}); nothing
 * was written.
 */
export class RolledUpHoursError extends Error {
  readonly name = 'RolledUpHoursError';
  constructor(
    /** The refused buckets, as given to the write. */
    readonly samples: readonly SloSampleRow[],
  ) {
    super(
      `${samples.length} bucket(s) fall into hours already rolled up into hourly buckets`,
    );
  }
}

/**
 * Rows per statement on SQLite: 7 columns × 500 stays under its parameter
 * limit, and one statement holds the event loop for a few milliseconds.
 */
const WRITE_CHUNK_ROWS = 500;

/** Rows per statement of a write on PostgreSQL (seven array parameters). */
const PG_WRITE_CHUNK_ROWS = 4000;

/** Series per statement when series ids are looked up, created or walked. */
const SERIES_CHUNK = 400;

/** Buckets handled between two pauses of a write's own loops. */
const PAUSE_EVERY = 2000;

/** Lets the event loop run once every {@link PAUSE_EVERY} items of a loop. */
const pauseEvery = (i: number): Promise<void> | void =>
  i > 0 && i % PAUSE_EVERY === 0 ? yieldToEventLoop() : undefined;

/** The time span of stored buckets read at a time on SQLite: a day. */
const READ_SLICE_MS = 24 * HOUR_MS;

/** A stored number or null (both databases). */
const numOrNullValue = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

/** The value fields of a bucket read from the database (absent for counts). */
function valueFields(r: { value_min?: unknown; value_max?: unknown }): {
  valueMin?: number;
  valueMax?: number;
} {
  const min = numOrNullValue(r.value_min);
  const max = numOrNullValue(r.value_max);
  return min === null || max === null ? {} : { valueMin: min, valueMax: max };
}

/** What a read of buckets should return. */
export interface ReadBucketsOptions {
  entityRef: string;
  slos: string[];
  /** Buckets that start in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /**
   * On the hour: before it the hourly roll-ups are read, from it on the fine
   * buckets (the fine retention horizon: fine buckets are complete after it).
   */
  splitMs: number;
  /**
   * For the SLOs in `slos`, the database sums the buckets instead of
   * returning them, in one statement: those before `splitMs` (on the hour)
   * into one bucket, those after it into one bucket per segment between
   * consecutive `boundaries`, each bucket ending where its last bucket
   * ended. With the window start and the start of every burn-rate lookback
   * as boundaries (and a split before every lookback), an Occurrences SLO
   * gets exactly the same figures from a handful of rows. The whole hours
   * before the split are read from the roll-ups, and so are, with `series`
   * read with their latest buckets, those after it that end well before
   * the latest data (see {@link lookbackRollUntil}).
   */
  sums?: { slos: ReadonlySet<string>; splitMs: number; boundaries: number[] };
  /**
   * The entity's series by SLO key, read beforehand (`seriesOf`), so that
   * they are not looked up again; SLOs missing from it have no buckets.
   * When every summed series comes with its latest fine bucket before
   * `toMs` (`seriesOf(ref, { latestFineBefore: toMs })`), the whole hours of
   * each segment up to the hour before that bucket's hour are summed from
   * the hourly roll-ups instead of their fine buckets (see
   * {@link lookbackRollUntil}): a tenth of the rows, the same figures.
   */
  series?: ReadonlyMap<string, SloSeriesRead>;
}

/** A series (entity and SLO) of the sample tables, as `seriesOf` reads it. */
export interface SloSeriesRead {
  /** Its id in the sample tables. */
  id: number;
  /**
   * Its write counter: raised by every write that changes its buckets (see
   * `slo_series.version`), so that two reads with the same version read the
   * same buckets.
   */
  version: number;
  /**
   * With `seriesOf(ref, { latestFineBefore })`: that instant, and the start
   * of the series' latest fine bucket that starts before it (null: none).
   */
  latestFine?: { before: number; start: number | null };
}

/**
 * Up to where, in a read of sums up to `toMs`, the hourly roll-ups may stand
 * in for the fine buckets: the hours that end by the hour before the hour of
 * each summed series' latest fine bucket (epoch ms); undefined when a summed
 * series' latest bucket was not read for `toMs`.
 *
 * The sums come out the same from roll-ups, which every write keeps equal
 * to their hour's fine buckets. What differs is where a summed bucket ends,
 * which is where the SLO's last data ends: a roll-up ends with its hour.
 * A fine bucket lasts at most an hour, so none of the hours left to the
 * roll-ups ends after the latest bucket starts, and the last data is read
 * from the fine buckets of the last two hours with data. A series with no
 * fine bucket before `toMs` sets no limit: it has no data there, in either
 * table.
 */
export function lookbackRollUntil(
  series: ReadonlyArray<Omit<SloSeriesRead, 'version'>>,
  toMs: number,
): number | undefined {
  let until = Infinity;
  for (const s of series) {
    if (!s.latestFine || s.latestFine.before !== toMs) {
      return undefined;
    }
    if (s.latestFine.start !== null) {
      until = Math.min(until, floorToHour(s.latestFine.start) - HOUR_MS);
    }
  }
  return until;
}

/** A range of one table summed into one segment of a read of sums. */
interface SumPiece {
  table: string;
  /** The index of the segment's start in the read's boundaries. */
  seg: number;
  from: number;
  to: number;
}

/**
 * The ranges a read of sums reads for its segments [bounds[i],
 * bounds[i+1]): each segment's whole hours that end by `rollUntil` from the
 * hourly roll-ups, the rest of it from the fine buckets.
 */
export function sumPieces(
  bounds: readonly number[],
  rollUntil: number,
): SumPiece[] {
  const pieces: SumPiece[] = [];
  const add = (table: string, seg: number, from: number, to: number) => {
    if (to > from) {
      pieces.push({ table, seg, from, to });
    }
  };
  for (let seg = 0; seg + 1 < bounds.length; seg++) {
    const a = bounds[seg];
    const b = bounds[seg + 1];
    const h0 = floorToHour(a + HOUR_MS - 1);
    const h1 = Math.min(floorToHour(b), rollUntil);
    if (h1 > h0) {
      add(FINE, seg, a, h0);
      add(HOURLY, seg, h0, h1);
      add(FINE, seg, h1, b);
    } else {
      add(FINE, seg, a, b);
    }
  }
  return pieces;
}

/** Outcome of a roll-up and retention run. */
export interface RollUpResult {
  /** Fine buckets deleted because their hours are kept as roll-ups only. */
  rolledUp: number;
  /** Hourly buckets deleted because they are past the longest window. */
  expired: number;
}

/** The key of a series (entity and SLO) in maps keyed by series. */
export const seriesKey = (entityRef: string, slo: string) =>
  `${entityRef}\u0000${slo}`;

/**
 * Adds a bucket of a series to the hourly roll-up of its hour (`hours`, keyed
 * by the hour's start), which starts at 0 of 0: good and total are summed,
 * and a threshold metric's hour keeps its lowest and highest value.
 */
export function addToHourlyRollUp(
  hours: Map<number, SloSampleRow>,
  series: { entityRef: string; slo: string },
  bucket: {
    start: number;
    good: number;
    total: number;
    valueMin?: number | null;
    valueMax?: number | null;
  },
): void {
  const hour = floorToHour(bucket.start);
  let sum = hours.get(hour);
  if (!sum) {
    sum = {
      entityRef: series.entityRef,
      slo: series.slo,
      start: hour,
      durationSeconds: HOUR_MS / 1000,
      good: 0,
      total: 0,
      valueMin: null,
      valueMax: null,
    };
    hours.set(hour, sum);
  }
  sum.good += bucket.good;
  sum.total += bucket.total;
  if (bucket.valueMin !== null && bucket.valueMin !== undefined) {
    sum.valueMin =
      sum.valueMin === null || sum.valueMin === undefined
        ? bucket.valueMin
        : Math.min(sum.valueMin, bucket.valueMin);
  }
  if (bucket.valueMax !== null && bucket.valueMax !== undefined) {
    sum.valueMax =
      sum.valueMax === null || sum.valueMax === undefined
        ? bucket.valueMax
        : Math.max(sum.valueMax, bucket.valueMax);
  }
}

/**
 * Storage of the SLI counts of the SLO facet: fine buckets (as pushed or
 * pulled) and their hourly roll-ups, which every write of fine buckets keeps
 * equal to the sum of their hour.
 */
export interface SloSampleStore {
  /**
   * Writes fine buckets in one transaction. A bucket is identified by
   * (entity, SLO, start): one sent again replaces the stored one, never adds
   * to it. Returns how many were new, changed, or the same as stored.
   */
  upsertSamples(
    samples: readonly SloSampleRow[],
    options?: UpsertSamplesOptions,
  ): Promise<PushCounts>;
  /**
   * Replaces whole hourly buckets (pulled or pushed history older than the
   * fine retention), in one transaction.
   */
  replaceHourly(samples: readonly SloSampleRow[]): Promise<PushCounts>;
  /** Writes fine and hourly buckets together, in one transaction. */
  writeSamples(
    fine: readonly SloSampleRow[],
    hourly: readonly SloSampleRow[],
  ): Promise<PushCounts>;
  /**
   * The buckets of an entity's SLOs that start in [fromMs, toMs), keyed by
   * SLO, oldest first: hourly roll-ups before `splitMs` (an hour), fine
   * buckets from there on. See {@link ReadBucketsOptions} for the
   * database-side sums.
   */
  readBuckets(options: ReadBucketsOptions): Promise<Map<string, SloBucket[]>>;
  /**
   * The entity's series by SLO key (for `ReadBucketsOptions.series`); with
   * `latestFineBefore`, each with its latest fine bucket before then.
   */
  seriesOf(
    entityRef: string,
    options?: { latestFineBefore?: number },
  ): Promise<Map<string, SloSeriesRead>>;
  /** Every entity's series as `seriesOf` reads them, by entity ref. */
  allSeries(options?: {
    latestFineBefore?: number;
  }): Promise<Map<string, Map<string, SloSeriesRead>>>;
  /**
   * End of the latest bucket stored, per SLO of the entity (epoch ms): the
   * latest fine bucket, or the latest roll-up for SLOs without fine ones.
   */
  latestSampleEnds(
    entityRef: string,
    slos: readonly string[],
  ): Promise<Map<string, number>>;
  /**
   * Retention: deletes the fine buckets that start before `rollUpBeforeMs`
   * (floored to the hour; their hours stay as roll-ups), then everything that
   * starts before `expireBeforeMs`. One transaction.
   */
  rollUp(rollUpBeforeMs: number, expireBeforeMs: number): Promise<RollUpResult>;
}

/**
 * PostgreSQL: takes a lock, held until the transaction ends, on each series
 * (entity and SLO) of a write of fine buckets, in one order for every
 * transaction (so two cannot deadlock). The hourly roll-ups are recomputed
 * from the fine buckets the transaction reads; without the lock two
 * concurrent writes into the same hour (two replicas, a push during a pull)
 * each read the hour without the other's bucket, and the roll-up written
 * last misses a bucket. SQLite runs one write transaction at a time.
 */
async function lockSeries(
  tx: Knex.Transaction,
  keys: readonly string[],
): Promise<void> {
  const ordered = [...new Set(keys)].sort();
  await tx.raw(
    // Two series sharing a hash only wait for each other.
    `select pg_advisory_xact_lock(hashtextextended('customer-impact/slo-series ' || k, 0))
       from unnest(?::text[]) as t(k)`,
    // PostgreSQL text cannot hold the NUL of the series key.
    [ordered.map(k => k.split('\u0000').join(' '))] as any,
  );
}

/** The sample store on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseSloSampleStore implements SloSampleStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSloSampleStore> {
    const client = await applyDatabaseMigrations(options.database);
    return new DatabaseSloSampleStore(client);
  }

  private readonly isPostgres: boolean;

  private constructor(private readonly db: Knex) {
    this.isPostgres = isPostgres(db);
  }

  /**
   * Writes fine buckets in one transaction. A bucket is identified by
   * (entity, SLO, start): one sent again replaces the stored one, never adds
   * to it. Returns how many were new, changed, or the same as stored.
   */
  async upsertSamples(
    samples: readonly SloSampleRow[],
    options: UpsertSamplesOptions = {},
  ): Promise<PushCounts> {
    return this.db.transaction(async tx => {
      const ids = await this.prepareWrite(tx, samples, []);
      return this.upsertInto(
        tx,
        FINE,
        samples,
        ids,
        options.checkRolledUpBefore,
      );
    });
  }

  /**
   * Replaces whole hourly buckets (pulled or pushed history older than the
   * fine retention), in one transaction.
   */
  async replaceHourly(samples: readonly SloSampleRow[]): Promise<PushCounts> {
    return this.db.transaction(async tx => {
      const ids = await this.prepareWrite(tx, [], samples);
      return this.upsertInto(tx, HOURLY, samples, ids);
    });
  }

  /** Writes fine and hourly buckets together, in one transaction. */
  async writeSamples(
    fine: readonly SloSampleRow[],
    hourly: readonly SloSampleRow[],
  ): Promise<PushCounts> {
    return this.db.transaction(async tx => {
      const ids = await this.prepareWrite(tx, fine, hourly);
      const a = await this.upsertInto(tx, FINE, fine, ids);
      const b = await this.upsertInto(tx, HOURLY, hourly, ids);
      return {
        inserted: a.inserted + b.inserted,
        updated: a.updated + b.updated,
        unchanged: a.unchanged + b.unchanged,
      };
    });
  }

  /**
   * The start of every write transaction: on PostgreSQL the locks of the
   * series of the fine buckets (see {@link lockSeries}), then the ids of all
   * the series written, created if new (in sorted order, after the
   * locks, so that two transactions cannot wait for each other's series).
   */
  private async prepareWrite(
    tx: Knex.Transaction,
    fine: readonly SloSampleRow[],
    hourly: readonly SloSampleRow[],
  ): Promise<Map<string, number>> {
    if (fine.length > 0 && this.isPostgres) {
      await lockSeries(
        tx,
        fine.map(s => seriesKey(s.entityRef, s.slo)),
      );
    }
    const series = new Map<string, { entityRef: string; slo: string }>();
    for (const s of [...fine, ...hourly]) {
      series.set(seriesKey(s.entityRef, s.slo), {
        entityRef: s.entityRef,
        slo: s.slo,
      });
    }
    return this.seriesIds(tx, [...series.values()], true);
  }

  /**
   * The entity's series by SLO key: what `readBuckets` would look up, read
   * in one statement that needs no definitions (so it can run beside their
   * read); with `latestFineBefore`, each series' latest fine bucket before
   * then, in the same statement (an index seek each).
   */
  async seriesOf(
    entityRef: string,
    options: { latestFineBefore?: number } = {},
  ): Promise<Map<string, SloSeriesRead>> {
    const before = options.latestFineBefore;
    const rows = await this.readSeries(before, q =>
      q.where('s.entity_ref', entityRef),
    );
    return new Map(rows.map(r => [r.slo, r.read]));
  }

  /**
   * Every entity's series as {@link seriesOf} reads them, by entity ref,
   * in one statement.
   */
  async allSeries(
    options: { latestFineBefore?: number } = {},
  ): Promise<Map<string, Map<string, SloSeriesRead>>> {
    const rows = await this.readSeries(options.latestFineBefore, q => q);
    const out = new Map<string, Map<string, SloSeriesRead>>();
    for (const r of rows) {
      const ofEntity = out.get(r.entityRef) ?? new Map();
      ofEntity.set(r.slo, r.read);
      out.set(r.entityRef, ofEntity);
    }
    return out;
  }

  private async readSeries(
    before: number | undefined,
    where: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<Array<{ entityRef: string; slo: string; read: SloSeriesRead }>> {
    const query = where(this.db(`${SERIES} as s`)).select(
      's.id',
      's.entity_ref',
      's.slo',
      's.version',
    );
    if (before !== undefined) {
      query.select(
        this.db.raw(
          `(select f.start from ${FINE} f where f.series_id = s.id and f.start < ? order by f.start desc limit 1) as latest_fine_start`,
          [before],
        ),
      );
    }
    const rows: Array<{
      id: unknown;
      entity_ref: string;
      slo: string;
      version: unknown;
      latest_fine_start?: unknown;
    }> = await query;
    return rows.map(r => {
      const read: SloSeriesRead = { id: num(r.id), version: num(r.version) };
      if (before !== undefined) {
        read.latestFine = {
          before,
          start:
            r.latest_fine_start === null || r.latest_fine_start === undefined
              ? null
              : num(r.latest_fine_start),
        };
      }
      return { entityRef: r.entity_ref, slo: r.slo, read };
    });
  }

  /**
   * The ids of the given series (entity and SLO), keyed by `seriesKey`; with
   * `create`, the series not stored yet are inserted (the caller's
   * transaction), otherwise left out of the result.
   */
  private async seriesIds(
    db: Knex | Knex.Transaction,
    series: ReadonlyArray<{ entityRef: string; slo: string }>,
    create: boolean,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const lookUp = async (
      list: ReadonlyArray<{ entityRef: string; slo: string }>,
    ) => {
      for (let i = 0; i < list.length; i += SERIES_CHUNK) {
        const chunk = list.slice(i, i + SERIES_CHUNK);
        const rows: Array<{ id: unknown; entity_ref: string; slo: string }> =
          await db(SERIES)
            .whereRaw(
              `(entity_ref, slo) in (values ${chunk
                .map(() => '(?, ?)')
                .join(', ')})`,
              chunk.flatMap(s => [s.entityRef, s.slo]),
            )
            .select('id', 'entity_ref', 'slo');
        for (const r of rows) {
          ids.set(seriesKey(r.entity_ref, r.slo), num(r.id));
        }
      }
    };
    await lookUp(series);
    if (!create) {
      return ids;
    }
    const missing = series
      .filter(s => !ids.has(seriesKey(s.entityRef, s.slo)))
      .sort((a, b) =>
        compareCodeUnits(
          seriesKey(a.entityRef, a.slo),
          seriesKey(b.entityRef, b.slo),
        ),
      );
    if (missing.length === 0) {
      return ids;
    }
    for (let i = 0; i < missing.length; i += SERIES_CHUNK) {
      const chunk = missing.slice(i, i + SERIES_CHUNK);
      // A series created meanwhile by another transaction (PostgreSQL) is
      // waited for and then left alone; it is read below.
      await db.raw(
        `insert into ${SERIES} (entity_ref, slo) values ${chunk
          .map(() => '(?, ?)')
          .join(', ')} on conflict (entity_ref, slo) do nothing`,
        chunk.flatMap(s => [s.entityRef, s.slo]),
      );
    }
    await lookUp(missing);
    for (const s of missing) {
      if (!ids.has(seriesKey(s.entityRef, s.slo))) {
        throw new Error(`SLO series ${s.entityRef} ${s.slo} was not stored`);
      }
    }
    return ids;
  }

  private async upsertInto(
    tx: Knex.Transaction,
    table: string,
    samples: readonly SloSampleRow[],
    ids: ReadonlyMap<string, number>,
    checkRolledUpBefore?: number,
  ): Promise<PushCounts> {
    const result = { inserted: 0, updated: 0, unchanged: 0 };
    if (samples.length === 0) {
      return result;
    }
    const fine = table === FINE;
    // The batch by series (entity and SLO), and the time span it covers.
    const batches = new Map<
      string,
      {
        entityRef: string;
        slo: string;
        min: number;
        max: number;
        rows: SloSampleRow[];
      }
    >();
    for (let i = 0; i < samples.length; i++) {
      await pauseEvery(i);
      const s = samples[i];
      const key = seriesKey(s.entityRef, s.slo);
      const batch = batches.get(key);
      if (batch) {
        batch.min = Math.min(batch.min, s.start);
        batch.max = Math.max(batch.max, s.start);
        batch.rows.push(s);
      } else {
        batches.set(key, {
          entityRef: s.entityRef,
          slo: s.slo,
          min: s.start,
          max: s.start,
          rows: [s],
        });
      }
    }
    const toWrite: SloSampleRow[] = [];
    const hours: SloSampleRow[] = [];
    const refused: SloSampleRow[] = [];
    for (const [key, batch] of batches) {
      // The stored buckets of the series over the span the batch covers (for
      // fine buckets: over the whole hours it touches, whose roll-ups are
      // recomputed below), by start.
      const stored = new Map<number, SloSampleRow>();
      const spanFrom = fine ? floorToHour(batch.min) : batch.min;
      const spanTo = fine ? floorToHour(batch.max) + HOUR_MS : batch.max + 1;
      // On SQLite a day of the series at a time (288 fine buckets), the
      // event loop let run between them; on PostgreSQL the span at once.
      const step = this.isPostgres ? spanTo - spanFrom : READ_SLICE_MS;
      for (let from = spanFrom; from < spanTo; from += step) {
        const to = Math.min(spanTo, from + step);
        const rows = await tx(table)
          .where('series_id', ids.get(key)!)
          .andWhere('start', '>=', from)
          .andWhere('start', '<', to)
          .select(
            'start',
            'duration_seconds',
            'good',
            'total',
            'value_min',
            'value_max',
          );
        await yieldToEventLoop();
        for (const r of rows) {
          const start = num(r.start);
          stored.set(start, {
            entityRef: batch.entityRef,
            slo: batch.slo,
            start,
            durationSeconds: num(r.duration_seconds),
            good: num(r.good),
            total: num(r.total),
            valueMin: numOrNullValue(r.value_min),
            valueMax: numOrNullValue(r.value_max),
          });
        }
      }

      if (
        fine &&
        checkRolledUpBefore !== undefined &&
        batch.min < checkRolledUpBefore
      ) {
        refused.push(
          ...(await this.inRolledUpHours(
            tx,
            ids.get(key)!,
            batch.rows.filter(r => r.start < checkRolledUpBefore),
            stored,
          )),
        );
      }
      const touched = new Set<number>();
      for (let i = 0; i < batch.rows.length; i++) {
        await pauseEvery(i);
        const s = batch.rows[i];
        const old = stored.get(s.start);
        if (!old) {
          result.inserted += 1;
        } else if (
          old.durationSeconds === s.durationSeconds &&
          old.good === s.good &&
          old.total === s.total &&
          (old.valueMin ?? null) === (s.valueMin ?? null) &&
          (old.valueMax ?? null) === (s.valueMax ?? null)
        ) {
          result.unchanged += 1;
          continue;
        } else {
          result.updated += 1;
        }
        stored.set(s.start, s);
        toWrite.push(s);
        touched.add(floorToHour(s.start));
      }
      if (fine && touched.size > 0) {
        // Keep the hourly roll-up of every touched hour equal to the sum of
        // its fine buckets (the stored ones, with the batch applied).
        const sums = new Map<number, SloSampleRow>();
        let i = 0;
        for (const row of stored.values()) {
          await pauseEvery(i++);
          const hour = floorToHour(row.start);
          if (!touched.has(hour)) {
            continue;
          }
          addToHourlyRollUp(sums, row, row);
        }
        hours.push(...sums.values());
      }
    }
    if (refused.length > 0) {
      throw new RolledUpHoursError(refused);
    }
    await this.writeRows(tx, table, toWrite, ids);
    if (fine) {
      await this.writeRows(tx, HOURLY, hours, ids);
    }
    await this.raiseVersions(
      tx,
      toWrite.map(r => ids.get(seriesKey(r.entityRef, r.slo))!),
    );
    return result;
  }

  /**
   * Raises the write counter of the series (`slo_series.version`): in the
   * transaction that changed their buckets, so a reader that sees the new
   * buckets sees the new version. A batch that changes nothing raises none.
   * On PostgreSQL the rows are locked in the order of their ids, as every
   * transaction does, so two cannot wait for each other.
   */
  private async raiseVersions(
    db: Knex | Knex.Transaction,
    seriesIds: readonly number[],
  ): Promise<void> {
    const unique = [...new Set(seriesIds)].sort((a, b) => a - b);
    for (let i = 0; i < unique.length; i += SERIES_CHUNK) {
      const chunk = unique.slice(i, i + SERIES_CHUNK);
      if (this.isPostgres) {
        await db.raw(
          `update ${SERIES} set version = version + 1
            where id in (select id from ${SERIES} where id = any(?::integer[]) order by id for update)`,
          [chunk] as any,
        );
      } else {
        await db(SERIES)
          .whereIn('id', chunk)
          .update({ version: db.raw('version + 1') });
      }
    }
  }

  /**
   * Of `rows` (fine buckets of one series), those whose hour is held as a
   * roll-up alone: it has an hourly bucket and none of its fine buckets is
   * `stored` (read by this transaction before). Read after the fine buckets:
   * a retention that deletes them meanwhile leaves them in `stored`, and the
   * hour's roll-up is then recomputed with them, still whole.
   */
  private async inRolledUpHours(
    tx: Knex.Transaction,
    seriesId: number,
    rows: readonly SloSampleRow[],
    stored: ReadonlyMap<number, SloSampleRow>,
  ): Promise<SloSampleRow[]> {
    const withFine = new Set([...stored.keys()].map(floorToHour));
    const bare = [...new Set(rows.map(r => floorToHour(r.start)))].filter(
      hour => !withFine.has(hour),
    );
    if (bare.length === 0) {
      return [];
    }
    const rolledUp = new Set<number>();
    for (let i = 0; i < bare.length; i += SERIES_CHUNK) {
      const found = await tx(HOURLY)
        .where('series_id', seriesId)
        .whereIn('start', bare.slice(i, i + SERIES_CHUNK))
        .select('start');
      for (const r of found) {
        rolledUp.add(num(r.start));
      }
    }
    return rows.filter(r => rolledUp.has(floorToHour(r.start)));
  }

  /** Inserts or replaces rows, in statements of at most WRITE_CHUNK rows. */
  private async writeRows(
    tx: Knex.Transaction,
    table: string,
    rows: readonly SloSampleRow[],
    ids: ReadonlyMap<string, number>,
  ): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    const seriesId = (r: SloSampleRow) => {
      const id = ids.get(seriesKey(r.entityRef, r.slo));
      if (id === undefined) {
        throw new Error(`No SLO series id for ${r.entityRef} ${r.slo}`);
      }
      return id;
    };
    const onConflict = `on conflict (series_id, start) do update set
           duration_seconds = excluded.duration_seconds,
           good = excluded.good,
           total = excluded.total,
           value_min = excluded.value_min,
           value_max = excluded.value_max`;
    if (this.isPostgres) {
      // Statements of seven arrays, PG_WRITE_CHUNK_ROWS rows each: the
      // driver turns the arrays into text in one go, so a push of 17,280
      // buckets in one statement would hold the event loop while it does.
      for (let i = 0; i < rows.length; i += PG_WRITE_CHUNK_ROWS) {
        if (i > 0) {
          await yieldToEventLoop();
        }
        const chunk = rows.slice(i, i + PG_WRITE_CHUNK_ROWS);
        await tx.raw(
          `insert into ${table} (series_id, start, duration_seconds, good, total, value_min, value_max)
           select * from unnest(?::integer[], ?::bigint[], ?::integer[], ?::double precision[], ?::double precision[], ?::double precision[], ?::double precision[])
           ${onConflict}`,
          [
            chunk.map(seriesId),
            chunk.map(r => r.start),
            chunk.map(r => r.durationSeconds),
            chunk.map(r => r.good),
            chunk.map(r => r.total),
            chunk.map(r => r.valueMin ?? null),
            chunk.map(r => r.valueMax ?? null),
          ] as any,
        );
      }
      return;
    }
    for (let i = 0; i < rows.length; i += WRITE_CHUNK_ROWS) {
      const chunk = rows.slice(i, i + WRITE_CHUNK_ROWS);
      // Plain multi-row VALUES (knex writes SQLite inserts as a UNION ALL,
      // limited to 500 rows and slower); the same SQL runs on PostgreSQL.
      const values: Array<string | number | null> = [];
      for (const r of chunk) {
        values.push(
          seriesId(r),
          r.start,
          r.durationSeconds,
          r.good,
          r.total,
          r.valueMin ?? null,
          r.valueMax ?? null,
        );
      }
      await yieldToEventLoop();
      await tx.raw(
        `insert into ${table} (series_id, start, duration_seconds, good, total, value_min, value_max) values ${chunk
          .map(() => '(?, ?, ?, ?, ?, ?, ?)')
          .join(', ')}
         ${onConflict}`,
        values,
      );
    }
  }

  /**
   * The buckets of an entity's SLOs that start in [fromMs, toMs), keyed by
   * SLO, oldest first: hourly roll-ups before `splitMs` (an hour), fine
   * buckets from there on. See {@link ReadBucketsOptions} for the
   * database-side sums.
   */
  async readBuckets(
    options: ReadBucketsOptions,
  ): Promise<Map<string, SloBucket[]>> {
    const { entityRef, slos, fromMs, toMs } = options;
    const out = new Map<string, SloBucket[]>(slos.map(s => [s, []]));
    if (slos.length === 0 || toMs <= fromMs) {
      return out;
    }
    const summable = options.sums
      ? slos.filter(s => options.sums!.slos.has(s))
      : [];
    const others = slos.filter(s => !summable.includes(s));
    const queries: Array<Promise<void>> = [];
    // The series of the entity's SLOs (those never written have no id and
    // no buckets).
    const ids = options.series
      ? new Map(
          [...options.series].map(
            ([slo, read]) => [seriesKey(entityRef, slo), read.id] as const,
          ),
        )
      : await this.seriesIds(
          this.db,
          slos.map(slo => ({ entityRef, slo })),
          false,
        );
    const sloOf = new Map<number, string>();
    for (const slo of slos) {
      const id = ids.get(seriesKey(entityRef, slo));
      if (id !== undefined) {
        sloOf.set(id, slo);
      }
    }
    const idsOf = (list: string[]) =>
      list
        .map(slo => ids.get(seriesKey(entityRef, slo)))
        .filter((id): id is number => id !== undefined);

    const readRows = (
      table: string,
      list: string[],
      from: number,
      to: number,
    ) => {
      const listIds = idsOf(list);
      if (listIds.length === 0 || to <= from) {
        return;
      }
      queries.push(
        this.db(table)
          .whereIn('series_id', listIds)
          .andWhere('start', '>=', from)
          .andWhere('start', '<', to)
          .select(
            'series_id',
            'start',
            'duration_seconds',
            'good',
            'total',
            'value_min',
            'value_max',
          )
          .then(rows => {
            for (const r of rows) {
              out.get(sloOf.get(num(r.series_id))!)?.push({
                start: num(r.start),
                durationSeconds: num(r.duration_seconds),
                good: num(r.good),
                total: num(r.total),
                ...valueFields(r),
              });
            }
          }),
      );
    };
    /**
     * Sums the `pieces` (ranges of either table) per SLO and segment
     * [bounds[i], bounds[i+1]) in one statement: one bucket each, starting
     * at bounds[i] and ending where its last bucket ended.
     */
    const readSegments = (
      list: string[],
      bounds: number[],
      pieces: SumPiece[],
    ) => {
      const listIds = idsOf(list);
      if (listIds.length === 0 || pieces.length === 0) {
        return;
      }
      const idList = listIds.map(() => '?').join(', ');
      const bindings: number[] = [];
      const parts = pieces.map(p => {
        bindings.push(...listIds, p.from, p.to);
        // The segment's index is a number of ours, written into the SQL.
        return `select series_id, ${Number(p.seg)} as seg, good, total,
                       start + duration_seconds * 1000 as last_end
                  from ${p.table}
                 where series_id in (${idList}) and start >= ? and start < ?`;
      });
      queries.push(
        this.db
          .raw(
            `select series_id, seg, sum(good) as good, sum(total) as total,
                    max(last_end) as last_end
               from (${parts.join(' union all ')}) p
              group by series_id, seg`,
            bindings,
          )
          .then(result => {
            const rows: Array<Record<string, unknown>> = this.isPostgres
              ? result.rows
              : result;
            for (const r of rows) {
              const start = bounds[num(r.seg)];
              out.get(sloOf.get(num(r.series_id))!)?.push({
                start,
                durationSeconds: (num(r.last_end) - start) / 1000,
                good: num(r.good),
                total: num(r.total),
              });
            }
          }),
      );
    };

    // The SLOs read bucket by bucket: roll-ups of the whole hours before the
    // split, fine buckets after it (and in the first, partial hour). A split
    // at or before the range's start (the fine horizon before a window's
    // start) reads it all from fine buckets, the partial first hour
    // included.
    const firstHour = Math.min(floorToHour(fromMs + HOUR_MS - 1), toMs);
    const split = Math.min(Math.max(options.splitMs, fromMs), toMs);
    readRows(HOURLY, others, firstHour, split);
    readRows(FINE, others, fromMs, Math.min(firstHour, split));
    readRows(FINE, others, split, toMs);

    if (summable.length > 0) {
      // Segments: the range before the split (summed into one bucket), then
      // one between each two consecutive boundaries after it.
      const sumSplit = Math.min(Math.max(options.sums!.splitMs, fromMs), toMs);
      const bounds = [
        ...new Set([
          fromMs,
          sumSplit,
          ...options.sums!.boundaries.filter(t => t > sumSplit && t < toMs),
          toMs,
        ]),
      ].sort((x, y) => x - y);
      // The whole hours read from the roll-ups: with the series' latest
      // buckets read, those before the fine horizon (there are no fine
      // buckets there) and those well before the latest data (see
      // lookbackRollUntil); otherwise those before the split.
      const until = options.series
        ? lookbackRollUntil(
            summable.flatMap(slo => {
              const read = options.series!.get(slo);
              return read ? [read] : [];
            }),
            toMs,
          )
        : undefined;
      const rollUntil =
        until === undefined ? sumSplit : Math.max(options.splitMs, until);
      readSegments(summable, bounds, sumPieces(bounds, rollUntil));
    }

    await Promise.all(queries);
    for (const list of out.values()) {
      list.sort((a, b) => a.start - b.start);
    }
    return out;
  }

  /**
   * End of the latest bucket stored, per SLO of the entity (epoch ms): the
   * latest fine bucket, or the latest roll-up for SLOs without fine ones.
   */
  async latestSampleEnds(
    entityRef: string,
    slos: readonly string[],
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const ids = await this.seriesIds(
      this.db,
      slos.map(slo => ({ entityRef, slo })),
      false,
    );
    const stored = slos.filter(slo => ids.has(seriesKey(entityRef, slo)));
    // One index seek per SLO (a max() over all rows would scan them).
    const latest = (table: string, slo: string) =>
      this.db(table)
        .where('series_id', ids.get(seriesKey(entityRef, slo))!)
        .orderBy('start', 'desc')
        .first('start', 'duration_seconds')
        .then(row => ({ slo, row }));
    const fine = await Promise.all(stored.map(slo => latest(FINE, slo)));
    const missing = fine.filter(f => !f.row).map(f => f.slo);
    const hourly = await Promise.all(missing.map(slo => latest(HOURLY, slo)));
    for (const { slo, row } of [...fine, ...hourly]) {
      if (row) {
        out.set(slo, num(row.start) + num(row.duration_seconds) * 1000);
      }
    }
    return out;
  }

  /**
   * Retention. Every write of fine buckets keeps the hourly roll-up of their
   * hours up to date, so rolling up is deleting: the fine buckets that start
   * before `rollUpBeforeMs` (floored to the hour) are deleted, their hours
   * stay as roll-ups; then everything that starts before `expireBeforeMs` is
   * deleted. One transaction; series by series through the primary key
   * (series_id, start), the series listed by `slo_series` (the sample
   * tables have no index by time).
   */
  async rollUp(
    rollUpBeforeMs: number,
    expireBeforeMs: number,
  ): Promise<RollUpResult> {
    const cutoff = floorToHour(rollUpBeforeMs);
    // The series the job deleted buckets of.
    const changed: number[] = [];
    const result = await this.db.transaction(async tx => {
      const series = (await tx(SERIES).orderBy('id').select('id')).map(r =>
        num(r.id),
      );
      let rolledUp = 0;
      let expired = 0;
      for (let i = 0; i < series.length; i += SERIES_CHUNK) {
        const chunk = series.slice(i, i + SERIES_CHUNK);
        // The series it deletes buckets of: an index seek each.
        const deleting: Array<{ id: unknown }> = await tx(`${SERIES} as s`)
          .whereIn('s.id', chunk)
          .andWhere(q =>
            q
              .whereExists(
                tx(FINE)
                  .whereRaw('series_id = s.id')
                  .andWhere('start', '<', Math.max(cutoff, expireBeforeMs))
                  .select(tx.raw('1')),
              )
              .orWhereExists(
                tx(HOURLY)
                  .whereRaw('series_id = s.id')
                  .andWhere('start', '<', expireBeforeMs)
                  .select(tx.raw('1')),
              ),
          )
          .select('s.id');
        changed.push(...deleting.map(r => num(r.id)));
        const fine = num(
          await tx(FINE)
            .whereIn('series_id', chunk)
            .andWhere('start', '<', cutoff)
            .delete(),
        );
        const hourly = num(
          await tx(HOURLY)
            .whereIn('series_id', chunk)
            .andWhere('start', '<', expireBeforeMs)
            .delete(),
        );
        await tx(FINE)
          .whereIn('series_id', chunk)
          .andWhere('start', '<', expireBeforeMs)
          .delete();
        rolledUp += fine;
        expired += hourly;
        if (!this.isPostgres) {
          await yieldToEventLoop();
        }
      }
      return { rolledUp, expired };
    });
    // The versions of the series it deleted buckets of, raised after it
    // committed: a push waiting in the job's transaction for rows the job
    // deletes would otherwise wait for it while the job waits for the
    // push's series. Until then a precomputed facet is served as it was
    // before the job (what a summary read just before it would have been).
    await this.raiseVersions(this.db, changed);
    return result;
  }
}
