import { computeSloStatus } from '@customer-impact/plugin-customer-impact-common';
import fc from 'fast-check';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  SloSampleRow,
  SloSeriesRead,
  lookbackRollUntil,
  sumPieces,
} from './SloSampleStore';
import { createTestSloService } from './__testUtils__/sloService';
import { occurrencesSlo } from './__testUtils__/occurrencesSlo';

jest.setTimeout(300_000);

const databases = createTestDatabases();

const MIN = 60_000;
const FIVE_MIN = 5 * MIN;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const BASE = Date.parse('2026-11-21T00:00:00Z');

/**
 * A number in [0, 1) for (`seed`, `i`): a multiplicative hash, enough to
 * scatter the buckets of a case (which then shrinks by its seed).
 */
function scatter(seed: number, i: number): number {
  return (Math.imul((i * 2654435761) ^ seed, 0x85ebca6b) >>> 0) / 2 ** 32;
}

const WINDOWS = {
  '1d': { duration: '1d', durationSeconds: 86400 },
  '4d': { duration: '4d', durationSeconds: 4 * 86400 },
  '30d': { duration: '30d', durationSeconds: 30 * 86400 },
};

/**
 * Four days and some hours of fine buckets before now (and a few after it),
 * with gaps: each 5-minute slot holds a bucket with probability `density`,
 * none after the data stopped (`stoppedSlotsAgo` slots before now, in the
 * middle of an hour or not); besides them a few buckets of 1 to 60 minutes
 * that start a minute into a slot, some crossing into the next hour.
 */
const scenario = fc.record({
  nowSlot: fc.integer({ min: 0, max: 287 }),
  density: fc.constantFrom(0.03, 0.5, 0.97),
  stoppedSlotsAgo: fc.oneof(
    fc.constant(-2),
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 0, max: 4 * 288 }),
  ),
  window: fc.constantFrom<keyof typeof WINDOWS>('1d', '4d', '30d'),
  seed: fc.integer(),
  extras: fc.array(
    fc.record({
      slotsAgo: fc.integer({ min: -2, max: 4 * 288 + 30 }),
      durationSeconds: fc.constantFrom(60, 300, 1800, 3600),
      total: fc.integer({ min: 0, max: 1000 }),
      bad: fc.integer({ min: 0, max: 1000 }),
    }),
    { maxLength: 6 },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function bucketsOf(entityRef: string, s: Scenario): SloSampleRow[] {
  const now = BASE + s.nowSlot * FIVE_MIN;
  let draws = 0;
  const rand = () => scatter(s.seed, draws++);
  const rows = new Map<number, SloSampleRow>();
  const row = (
    start: number,
    durationSeconds: number,
    total: number,
    bad: number,
  ): SloSampleRow => ({
    entityRef,
    slo: 'availability',
    start,
    durationSeconds,
    good: total - Math.min(bad, total),
    total,
  });
  const last = now - s.stoppedSlotsAgo * FIVE_MIN;
  for (let t = now - 4 * DAY - 3 * HOUR; t <= now + FIVE_MIN; t += FIVE_MIN) {
    if (t <= last && rand() < s.density) {
      const total = 1 + Math.floor(rand() * 200);
      rows.set(t, row(t, 300, total, Math.floor(rand() * rand() * total)));
    }
  }
  for (const e of s.extras) {
    const start = now - e.slotsAgo * FIVE_MIN + MIN;
    rows.set(start, row(start, e.durationSeconds, e.total, e.bad));
  }
  return [...rows.values()];
}

describe('the lookback ranges a read of sums takes from the roll-ups', () => {
  const T = Date.parse('2026-11-21T12:35:00Z');

  it('are the whole hours of each segment up to the hour before the latest data', () => {
    // Latest bucket at 12:30: roll-ups up to 11:00 (the hour before 12:00).
    const until = lookbackRollUntil(
      [{ id: 1, latestFine: { before: T, start: T - FIVE_MIN } }],
      T,
    );
    expect(new Date(until!).toISOString()).toBe('2026-11-21T11:00:00.000Z');
    const bounds = [T - 3 * DAY, T - DAY, T - 6 * HOUR, T - HOUR, T];
    expect(
      sumPieces(bounds, until!).map(
        p =>
          `${p.seg} ${
            p.table === 'slo_samples_hourly' ? 'hourly' : 'fine'
          } ${new Date(p.from).toISOString().slice(8, 16)}–${new Date(p.to)
            .toISOString()
            .slice(8, 16)}`,
      ),
    ).toEqual([
      '0 fine 18T12:35–18T13:00',
      '0 hourly 18T13:00–20T12:00',
      '0 fine 20T12:00–20T12:35',
      '1 fine 20T12:35–20T13:00',
      '1 hourly 20T13:00–21T06:00',
      '1 fine 21T06:00–21T06:35',
      // 06:35 to 11:35: whole hours 07:00 to 11:00 only.
      '2 fine 21T06:35–21T07:00',
      '2 hourly 21T07:00–21T11:00',
      '2 fine 21T11:00–21T11:35',
      '3 fine 21T11:35–21T12:35',
    ]);
  });

  it('are none when a summed series was read for another instant, or without its latest bucket', () => {
    expect(lookbackRollUntil([{ id: 1 }], T)).toBeUndefined();
    expect(
      lookbackRollUntil(
        [{ id: 1, latestFine: { before: T - FIVE_MIN, start: T - HOUR } }],
        T,
      ),
    ).toBeUndefined();
    // A series without data sets no limit; the one with data does.
    expect(
      lookbackRollUntil(
        [
          { id: 1, latestFine: { before: T, start: null } },
          { id: 2, latestFine: { before: T, start: T - 2 * DAY } },
        ],
        T,
      ),
    ).toBe(Date.parse('2026-11-19T11:00:00Z'));
    // A segment shorter than an hour, or with no whole hour before the
    // limit, is read from fine buckets alone.
    expect(sumPieces([T - 30 * MIN, T], Infinity)).toEqual([
      { table: 'slo_samples_fine', seg: 0, from: T - 30 * MIN, to: T },
    ]);
    expect(sumPieces([T - DAY, T], T - DAY)).toEqual([
      { table: 'slo_samples_fine', seg: 0, from: T - DAY, to: T },
    ]);
  });
});

describe.each(databases.eachSupportedId())(
  'SLO figures with the lookbacks summed from roll-ups on %p',
  databaseId => {
    async function createService(fineRetentionDays: number, now?: number) {
      return createTestSloService({
        knex: await databases.init(databaseId),
        fineRetentionDays,
        ...(now === undefined ? {} : { now: () => new Date(now) }),
      });
    }

    const bucket = (
      start: number,
      durationSeconds: number,
      good: number,
      total: number,
    ): SloSampleRow => ({
      entityRef: 'component:default/checkout',
      slo: 'availability',
      start,
      durationSeconds,
      good,
      total,
    });

    it('read the last data from fine buckets when an hour-long bucket of the hour before ends after the latest one', async () => {
      const service = await createService(35);
      const now = Date.parse('2026-11-21T14:35:00Z');
      // Every 5 minutes from 08:00 to 10:55, then one bucket of an hour at
      // 11:05 (to 12:05) and the latest, a minute long, at 12:00 (to 12:01).
      const rows: SloSampleRow[] = [];
      for (
        let t = Date.parse('2026-11-21T08:00:00Z');
        t < now - 3 * HOUR - 35 * MIN;
        t += FIVE_MIN
      ) {
        rows.push(bucket(t, 300, 99, 100));
      }
      rows.push(bucket(Date.parse('2026-11-21T11:05:00Z'), 3600, 50, 60));
      rows.push(bucket(Date.parse('2026-11-21T12:00:00Z'), 60, 1, 1));
      await service.samples.upsertSamples(rows);
      const [own] = await service.evaluate(
        'component:default/checkout',
        [occurrencesSlo()],
        now,
      );
      // The last data ends with the hour-long bucket, at 12:05.
      expect(own.status.lastDataAt).toBe('2026-11-21T12:05:00.000Z');
      expect(own.status).toEqual(computeSloStatus(occurrencesSlo(), rows, now));
    });

    it('read the hours before the fine horizon from the roll-ups when the data stopped just after it', async () => {
      // Fine buckets kept 5 days; the data stopped 25 minutes into the
      // horizon's hour, after 20 days of 5-minute buckets.
      const now = Date.parse('2026-11-21T12:00:00Z');
      const service = await createService(5, now);
      const horizon = now - 5 * DAY;
      const rows: SloSampleRow[] = [];
      for (
        let t = horizon - 20 * DAY, i = 0;
        t < horizon + 30 * MIN;
        t += FIVE_MIN, i++
      ) {
        rows.push(bucket(t, 300, 100 - (i % 5), 100));
      }
      await service.samples.upsertSamples(rows);
      const { rolledUp } = await service.applyRetention();
      expect(rolledUp).toBe(20 * 288);
      const [own] = await service.evaluate(
        'component:default/checkout',
        [occurrencesSlo()],
        now,
      );
      expect(own.status.lastDataAt).toBe(
        new Date(horizon + 30 * MIN).toISOString(),
      );
      expect(own.status).toEqual(computeSloStatus(occurrencesSlo(), rows, now));
    });

    it('equal the figures from every single bucket, over data with gaps, stops and long buckets', async () => {
      const service = await createService(35);
      let run = 0;
      let rolled = 0;
      await fc.assert(
        fc.asyncProperty(scenario, async s => {
          // Each case its own entity: no case sees another's buckets.
          const entityRef = `component:default/case-${run++}`;
          const now = BASE + s.nowSlot * FIVE_MIN;
          const rows = bucketsOf(entityRef, s);
          if (rows.length > 0) {
            await service.samples.upsertSamples(rows);
          }
          const def = occurrencesSlo('availability', WINDOWS[s.window]);
          const series: Map<string, SloSeriesRead> =
            await service.samples.seriesOf(entityRef, {
              latestFineBefore: now,
            });
          // The reference: computeSloStatus over every bucket the range of
          // the window and the lookbacks (3 days) holds, in memory.
          const fromMs = Math.min(
            now - WINDOWS[s.window].durationSeconds * 1000,
            now - 3 * DAY,
          );
          const reference = computeSloStatus(
            def,
            rows.filter(r => r.start >= fromMs),
            now,
          );
          // Read bucket by bucket; summed by the database with the series
          // read beforehand (as the summary does) or by the evaluation.
          const [single] = await service.evaluate(entityRef, [def], now, {
            sums: false,
          });
          const [summed] = await service.evaluate(entityRef, [def], now, {
            series,
          });
          const [own] = await service.evaluate(entityRef, [def], now);
          expect(single.status).toEqual(reference);
          expect(summed.status).toEqual(reference);
          expect(own.status).toEqual(reference);
          // Some cases must take whole days from the roll-ups, or this test
          // would prove nothing of them.
          const read = series.get('availability');
          if (
            read &&
            (lookbackRollUntil([read], now) ?? -Infinity) > now - DAY
          ) {
            rolled++;
          }
        }),
        { numRuns: 40 },
      );
      expect(rolled).toBeGreaterThan(5);
    });
  },
);
