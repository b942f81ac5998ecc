import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseSloSampleStore, SloSampleRow } from './SloSampleStore';
import { countSloSamples } from './__testUtils__/countSloSamples';
import { MIGRATIONS_DIRECTORY } from '../database/migrations';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const REF = 'component:default/checkout';
const HOUR = 3_600_000;
const FIVE_MIN = 300_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');

function sample(
  start: number,
  good: number,
  total: number,
  slo = 'availability',
): SloSampleRow {
  return { entityRef: REF, slo, start, durationSeconds: 300, good, total };
}

describe.each(databases.eachSupportedId())(
  'DatabaseSloSampleStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSloSampleStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      return { knex, store };
    }

    it('keeps the values of a threshold metric, and the lowest and highest of each hour in the roll-up', async () => {
      const { store, knex } = await createStore();
      const value = (start: number, v: number): SloSampleRow => ({
        entityRef: REF,
        slo: 'latency',
        start,
        durationSeconds: 300,
        good: 1,
        total: 1,
        valueMin: v,
        valueMax: v,
      });
      // Three buckets of 10:00–11:00 (0.2 s, 0.35 s, 0.05 s).
      await store.upsertSamples([
        value(T0, 0.2),
        value(T0 + FIVE_MIN, 0.35),
        value(T0 + 2 * FIVE_MIN, 0.05),
      ]);
      // The same again is unchanged; another value is an update.
      expect(await store.upsertSamples([value(T0, 0.2)])).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 1,
      });
      expect(await store.upsertSamples([value(T0, 0.25)])).toEqual({
        inserted: 0,
        updated: 1,
        unchanged: 0,
      });
      const fine = await store.readBuckets({
        entityRef: REF,
        slos: ['latency'],
        fromMs: T0,
        toMs: T0 + HOUR,
        splitMs: T0,
      });
      expect(fine.get('latency')).toEqual([
        {
          start: T0,
          durationSeconds: 300,
          good: 1,
          total: 1,
          valueMin: 0.25,
          valueMax: 0.25,
        },
        {
          start: T0 + FIVE_MIN,
          durationSeconds: 300,
          good: 1,
          total: 1,
          valueMin: 0.35,
          valueMax: 0.35,
        },
        {
          start: T0 + 2 * FIVE_MIN,
          durationSeconds: 300,
          good: 1,
          total: 1,
          valueMin: 0.05,
          valueMax: 0.05,
        },
      ]);
      // The roll-up of the hour: 3 measurements, lowest 0.05, highest 0.35.
      await store.rollUp(T0 + HOUR, 0);
      const hourly = await store.readBuckets({
        entityRef: REF,
        slos: ['latency'],
        fromMs: T0,
        toMs: T0 + HOUR,
        splitMs: T0 + HOUR,
      });
      expect(hourly.get('latency')).toEqual([
        {
          start: T0,
          durationSeconds: 3600,
          good: 3,
          total: 3,
          valueMin: 0.05,
          valueMax: 0.35,
        },
      ]);
      // Counts keep no value.
      await store.upsertSamples([sample(T0, 9, 10)]);
      const counts = await store.readBuckets({
        entityRef: REF,
        slos: ['availability'],
        fromMs: T0,
        toMs: T0 + HOUR,
        splitMs: T0,
      });
      expect(counts.get('availability')).toEqual([
        { start: T0, durationSeconds: 300, good: 9, total: 10 },
      ]);
      // The migration that added the value columns goes down and up again
      // (after the one of the series layout, which came later).
      await knex.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: '20261208000000_slo_series.js',
      });
      await knex.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: '20261206120000_slo_threshold_values.js',
      });
      expect(await knex.schema.hasColumn('slo_samples_fine', 'value_min')).toBe(
        false,
      );
      expect(
        await knex.schema.hasColumn('slo_samples_hourly', 'value_max'),
      ).toBe(false);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await knex.schema.hasColumn('slo_samples_fine', 'value_max')).toBe(
        true,
      );
    });

    it('replaces a bucket sent again instead of adding to it, and counts what changed', async () => {
      const { store } = await createStore();
      const first = [
        sample(T0, 90, 100),
        sample(T0 + FIVE_MIN, 95, 100),
        sample(T0 + 2 * FIVE_MIN, 100, 100),
      ];
      expect(await store.upsertSamples(first)).toEqual({
        inserted: 3,
        updated: 0,
        unchanged: 0,
      });
      // The same three buckets again: nothing changes.
      expect(await store.upsertSamples(first)).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 3,
      });
      // One corrected bucket and one new one.
      expect(
        await store.upsertSamples([
          sample(T0, 80, 100),
          sample(T0 + 3 * FIVE_MIN, 50, 50),
        ]),
      ).toEqual({ inserted: 1, updated: 1, unchanged: 0 });

      const buckets = (
        await store.readBuckets({
          entityRef: REF,
          slos: ['availability'],
          fromMs: T0,
          toMs: T0 + HOUR,
          splitMs: T0,
        })
      ).get('availability')!;
      // 80 + 95 + 100 + 50 = 325 good of 100 + 100 + 100 + 50 = 350 total: the
      // replaced bucket counts once, with its new counts.
      expect(buckets.map(b => [b.good, b.total])).toEqual([
        [80, 100],
        [95, 100],
        [100, 100],
        [50, 50],
      ]);
      expect(
        (await store.latestSampleEnds(REF, ['availability'])).get(
          'availability',
        ),
      ).toBe(T0 + 4 * FIVE_MIN);
      // The hour's roll-up follows: 325 good of 350.
      const rolled = await store.readBuckets({
        entityRef: REF,
        slos: ['availability'],
        fromMs: T0,
        toMs: T0 + HOUR,
        splitMs: T0 + HOUR,
      });
      expect(rolled.get('availability')).toEqual([
        { start: T0, durationSeconds: 3600, good: 325, total: 350 },
      ]);
    });

    it('sums roll-ups and segments of fine buckets in the database when asked, with the same totals', async () => {
      const { store } = await createStore();
      // Hour T0: 12 buckets of 10 events, 1 bad each → 108 good / 120 total.
      // Hour T0+1h: 12 buckets of 20 events, none bad → 240 / 240.
      // Plus a whole hour T0−1h pushed as a roll-up: 50 / 60.
      const rows: SloSampleRow[] = [];
      for (let i = 0; i < 12; i++) {
        rows.push(sample(T0 + i * FIVE_MIN, 9, 10));
        rows.push(sample(T0 + HOUR + i * FIVE_MIN, 20, 20));
      }
      await store.upsertSamples(rows);
      await store.replaceHourly([
        { ...sample(T0 - HOUR, 50, 60), durationSeconds: 3600 },
      ]);
      const read = await store.readBuckets({
        entityRef: REF,
        slos: ['availability'],
        fromMs: T0 - HOUR,
        toMs: T0 + 2 * HOUR,
        splitMs: T0,
        sums: {
          slos: new Set(['availability']),
          splitMs: T0 + HOUR,
          boundaries: [T0 + HOUR + 30 * 60_000],
        },
      });
      // Roll-ups before T0+1h → one bucket: 50 + 108 = 158 good of 60 + 120 =
      // 180, ending with the hour T0 (7200 s after T0 − 1 h). Fine buckets
      // after T0+1h in two segments split at T0+1h30: 6 × 20 = 120 / 120 each.
      expect(read.get('availability')).toEqual([
        { start: T0 - HOUR, durationSeconds: 7200, good: 158, total: 180 },
        { start: T0 + HOUR, durationSeconds: 1800, good: 120, total: 120 },
        {
          start: T0 + HOUR + 30 * 60_000,
          durationSeconds: 1800,
          good: 120,
          total: 120,
        },
      ]);
      // Unsummed, the same range gives the roll-up of T0−1h and 24 fine buckets.
      const plain = await store.readBuckets({
        entityRef: REF,
        slos: ['availability'],
        fromMs: T0 - HOUR,
        toMs: T0 + 2 * HOUR,
        splitMs: T0,
      });
      expect(plain.get('availability')).toHaveLength(1 + 24);
    });

    it('writes a month of two SLOs in one push (17,280 buckets), each hour rolled up, and a changed push counted', async () => {
      const { store } = await createStore();
      const DAYS = 30;
      const BUCKETS = DAYS * 288;
      // Bucket i of an SLO: total 10, good 10 − (i mod 4), so that an hour
      // (12 buckets, i mod 4 running 0..3 three times) has 120 − 3 × 6 = 102
      // good of 120.
      const month = (slo: string, bad: (i: number) => number) =>
        Array.from({ length: BUCKETS }, (_, i) =>
          sample(T0 + i * FIVE_MIN, 10 - bad(i), 10, slo),
        );
      const first = [
        ...month('availability', i => i % 4),
        ...month('latency', i => i % 4),
      ];
      expect(await store.upsertSamples(first)).toEqual({
        inserted: 2 * BUCKETS,
        updated: 0,
        unchanged: 0,
      });
      // The same push again, but every bucket of latency's first day has
      // one more bad event: 288 updated, the rest unchanged.
      const second = [
        ...month('availability', i => i % 4),
        ...month('latency', i => (i % 4) + (i < 288 ? 1 : 0)),
      ];
      expect(await store.upsertSamples(second)).toEqual({
        inserted: 0,
        updated: 288,
        unchanged: 2 * BUCKETS - 288,
      });
      // Read from the roll-ups only (split at the end): 720 hours each.
      const end = T0 + DAYS * 24 * HOUR;
      const read = await store.readBuckets({
        entityRef: REF,
        slos: ['availability', 'latency'],
        fromMs: T0,
        toMs: end,
        splitMs: end,
      });
      const hours = (good: (h: number) => number) =>
        Array.from({ length: DAYS * 24 }, (_, h) => ({
          start: T0 + h * HOUR,
          durationSeconds: 3600,
          good: good(h),
          total: 120,
        }));
      expect(read.get('availability')).toEqual(hours(() => 102));
      // Latency's first 24 hours lost 12 more good events each.
      expect(read.get('latency')).toEqual(hours(h => (h < 24 ? 90 : 102)));
    });

    it('keeps hourly roll-ups up to date, drops old fine buckets and expires old hours', async () => {
      const { knex, store } = await createStore();
      // Fine buckets: 3 in hour T0−1h (10/10, 8/10, 7/10 → 25/30), 2 in hour T0
      // (5/10, 10/10 → 15/20), and 1 in hour T0+1h (1/1).
      await store.upsertSamples([
        sample(T0 - HOUR, 10, 10),
        sample(T0 - HOUR + FIVE_MIN, 8, 10),
        sample(T0 - HOUR + 2 * FIVE_MIN, 7, 10),
        sample(T0, 5, 10),
        sample(T0 + FIVE_MIN, 10, 10),
        sample(T0 + HOUR, 1, 1),
      ]);
      // An hour long past every window.
      await store.replaceHourly([
        { ...sample(T0 - 100 * 86_400_000, 1, 1), durationSeconds: 3600 },
      ]);
      expect(await countSloSamples(knex)).toEqual({ fine: 6, hourly: 4 });

      // Roll up everything before T0+1h (a cutoff in the middle of the hour is
      // floored to the hour), expire everything before T0 − 40 days.
      const result = await store.rollUp(
        T0 + HOUR + 10 * 60_000,
        T0 - 40 * 86_400_000,
      );
      expect(result).toEqual({ rolledUp: 5, expired: 1 });
      expect(await countSloSamples(knex)).toEqual({ fine: 1, hourly: 3 });

      const buckets = (
        await store.readBuckets({
          entityRef: REF,
          slos: ['availability'],
          fromMs: T0 - 200 * 86_400_000,
          toMs: T0 + 2 * HOUR,
          splitMs: T0 + HOUR,
        })
      ).get('availability')!;
      expect(buckets).toEqual([
        { start: T0 - HOUR, durationSeconds: 3600, good: 25, total: 30 },
        { start: T0, durationSeconds: 3600, good: 15, total: 20 },
        { start: T0 + HOUR, durationSeconds: 300, good: 1, total: 1 },
      ]);
    });
  },
);
