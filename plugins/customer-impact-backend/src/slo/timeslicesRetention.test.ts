import {
  SloDefinition,
  computeSloStatus,
} from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { SloSampleRow } from './SloSampleStore';
import { createTestSloService } from './__testUtils__/sloService';
import { countSloSamples } from './__testUtils__/countSloSamples';
import { occurrencesSlo } from './__testUtils__/occurrencesSlo';
import { storeSloDefinitions } from './__testUtils__/storeSloDefinitions';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const REF = 'component:default/checkout';
const FIVE_MIN = 300_000;
const DAY = 86_400_000;
// On the hour: every window starts on the hour.
const NOW = Date.parse('2026-11-21T12:00:00Z');

/** A Timeslices SLO over 30 days: slices of `sliceSeconds`, good at 99 %, 99 % of them good. */
function timeslicesSlo(key: string, sliceSeconds: number): SloDefinition {
  return {
    ...occurrencesSlo(key),
    budgetingMethod: 'Timeslices',
    timeSliceTarget: 0.99,
    timeSliceWindowSeconds: sliceSeconds,
  };
}

/**
 * 30 days of 5-minute buckets of `slo` in which the first bucket of every
 * hour is half bad: one bad 5-minute slice an hour (11 of 12 good, 91.7 %),
 * while every hour as a whole is 95.8 % good, a bad hourly slice.
 */
function oneBadBucketAnHour(slo: string): SloSampleRow[] {
  const rows: SloSampleRow[] = [];
  for (let t = NOW - 30 * DAY, i = 0; t < NOW; t += FIVE_MIN, i++) {
    const good = i % 12 === 0 ? 50 : 100;
    rows.push({
      entityRef: REF,
      slo,
      start: t,
      durationSeconds: 300,
      good,
      total: 100,
    });
  }
  return rows;
}

describe.each(databases.eachSupportedId())(
  'Time-slice SLOs and the fine retention on %p',
  databaseId => {
    it('keeps the fine buckets of a 30-day SLO of 5-minute slices past a 5-day fine retention, and its figures with them', async () => {
      const knex = await databases.init(databaseId);
      const service = await createTestSloService({
        knex,
        fineRetentionDays: 5,
        now: () => new Date(NOW),
      });
      const rows = oneBadBucketAnHour('slices');
      await service.samples.upsertSamples(rows);
      const def = timeslicesSlo('slices', 300);
      await storeSloDefinitions(service.state, REF, [def], NOW);

      // By hand: 720 hours × 12 slices, one bad an hour: 8,640 measured,
      // 7,920 good, SLI 11/12; the budget is 1 % of 8,640 slices = 86.4,
      // 720 spent: 1 − 720 / 86.4 remaining.
      const reference = computeSloStatus(def, rows, NOW);
      expect(reference.sli).toBeCloseTo(11 / 12, 12);
      expect(reference.budgetRemaining).toBeCloseTo(1 - 720 / 86.4, 9);

      // Pulls (SloCollector), reads and the retention keep them fine from
      // the window's start, 30 days back, instead of the horizon 5 days back.
      expect(service.fineReadsFrom(def, NOW)).toBe(NOW - 30 * DAY);
      expect(service.fineHorizon(NOW)).toBe(NOW - 5 * DAY);

      const { rolledUp } = await service.applyRetention();
      expect(rolledUp).toBe(0);
      expect(await countSloSamples(knex)).toEqual({
        fine: 30 * 288,
        hourly: 30 * 24,
      });
      const [kept] = await service.evaluate(REF, [def], NOW);
      expect(kept.status.sli).toBeCloseTo(11 / 12, 12);
      expect(kept.status.budgetRemaining).toBeCloseTo(
        reference.budgetRemaining!,
        9,
      );
      expect(kept.status.burnRates).toEqual(reference.burnRates);
      expect(kept.status.state).toBe(reference.state);
      // The burndown's reads (no database-side sums) too.
      const [plain] = await service.evaluate(REF, [def], NOW, { sums: false });
      expect(plain.status.sli).toBeCloseTo(11 / 12, 12);
    });

    it('lets slices of whole hours and Occurrences come from the roll-ups: their fine buckets go after 5 days, their figures stay', async () => {
      const knex = await databases.init(databaseId);
      const service = await createTestSloService({
        knex,
        fineRetentionDays: 5,
        now: () => new Date(NOW),
      });
      const hourly = timeslicesSlo('hourly-slices', 3600);
      const occurrences = occurrencesSlo('occurrences');
      const rows = [
        ...oneBadBucketAnHour('hourly-slices'),
        ...oneBadBucketAnHour('occurrences'),
      ];
      await service.samples.upsertSamples(rows);
      await storeSloDefinitions(service.state, REF, [hourly, occurrences], NOW);
      const references = [hourly, occurrences].map(def =>
        computeSloStatus(
          def,
          rows.filter(r => r.slo === def.key),
          NOW,
        ),
      );
      // Every hour is 95.8 % good: every hourly slice is bad (SLI 0), while
      // the events are 575 / 600 good an hour.
      expect(references[0].sli).toBe(0);
      expect(references[1].sli).toBeCloseTo(575 / 600, 12);

      for (const def of [hourly, occurrences]) {
        expect(service.fineReadsFrom(def, NOW)).toBe(NOW - 5 * DAY);
      }
      const { rolledUp } = await service.applyRetention();
      expect(rolledUp).toBe(2 * 25 * 288);
      expect(await countSloSamples(knex)).toEqual({
        fine: 2 * 5 * 288,
        hourly: 2 * 30 * 24,
      });
      const evaluated = await service.evaluate(REF, [hourly, occurrences], NOW);
      evaluated.forEach(({ status }, i) => {
        expect(status.sli).toBeCloseTo(references[i].sli!, 12);
        expect(status.budgetRemaining).toBeCloseTo(
          references[i].budgetRemaining!,
          9,
        );
        expect(status.burnRates).toEqual(references[i].burnRates);
      });
    });

    it('takes pushes older than the fine retention for a time-slice SLO over its window, but not into hours already rolled up', async () => {
      const knex = await databases.init(databaseId);
      const service = await createTestSloService({
        knex,
        fineRetentionDays: 5,
        now: () => new Date(NOW),
      });
      const HOUR = 3_600_000;
      const bucket = (slo: string, start: number, good: number) => ({
        entityRef: REF,
        slo,
        start: new Date(start).toISOString(),
        durationSeconds: 300,
        good,
        total: 100,
      });
      // The hour 20 days ago of "slices" while only an Occurrences SLO is
      // stored: the retention rolls it up (fine buckets gone, the hour kept).
      const rolledHour = NOW - 20 * DAY;
      const hourOf = (slo: string, from: number, firstGood: number) =>
        Array.from({ length: 12 }, (_, i) =>
          bucket(slo, from + i * FIVE_MIN, i === 0 ? firstGood : 100),
        );
      await service.samples.upsertSamples(
        hourOf('slices', rolledHour, 100).map(b => ({
          ...b,
          start: Date.parse(b.start),
        })),
      );
      const occurrences = occurrencesSlo('occurrences');
      await storeSloDefinitions(service.state, REF, [occurrences], NOW);
      expect((await service.applyRetention()).rolledUp).toBe(12);

      // Then the time-slice SLO is stored: its 5-minute buckets are kept
      // over its 30-day window.
      const slices = timeslicesSlo('slices', 300);
      await storeSloDefinitions(service.state, REF, [occurrences, slices], NOW);

      // A push of an hour 21 days ago, past the 5-day fine retention: taken.
      const freshHour = NOW - 21 * DAY;
      expect(
        await service.pushSamples({ samples: hourOf('slices', freshHour, 50) }),
      ).toMatchObject({ inserted: 12, updated: 0, unchanged: 0 });

      // Into the rolled-up hour: refused, the whole push (the hour's roll-up
      // would be recomputed from the one bucket).
      await expect(
        service.pushSamples({
          samples: [
            bucket('slices', NOW - HOUR, 100),
            bucket('slices', rolledHour + FIVE_MIN, 50),
          ],
        }),
      ).rejects.toThrow(
        'samples[1].start: falls into an hour already rolled up into an hourly bucket (2026-11-01T12:00:00.000Z); its 5-minute buckets are no longer kept',
      );
      // Past the fine retention for the Occurrences SLO: refused as before.
      await expect(
        service.pushSamples({
          samples: [bucket('occurrences', freshHour, 100)],
        }),
      ).rejects.toThrow(
        'samples[0].start: is older than the 5 days kept in 5-minute buckets',
      );
      // Nothing of the refused pushes was written: the 12 buckets pushed, and
      // the two hours' roll-ups, the rolled-up one whole (1,200 of 1,200).
      expect(await countSloSamples(knex)).toEqual({ fine: 12, hourly: 2 });
      const rolled = await service.samples.readBuckets({
        entityRef: REF,
        slos: ['slices'],
        fromMs: rolledHour,
        toMs: rolledHour + HOUR,
        splitMs: rolledHour + HOUR,
      });
      expect(rolled.get('slices')).toEqual([
        expect.objectContaining({ good: 1200, total: 1200 }),
      ]);

      // The retention keeps what was pushed, a replay changes nothing, and
      // the SLO's figures count it: 12 slices, 1 bad (50 of 100 good).
      expect((await service.applyRetention()).rolledUp).toBe(0);
      expect(
        await service.pushSamples({ samples: hourOf('slices', freshHour, 50) }),
      ).toMatchObject({ inserted: 0, updated: 0, unchanged: 12 });
      const [evaluated] = await service.evaluate(REF, [slices], NOW);
      expect(evaluated.status.sli).toBeCloseTo(11 / 12, 12);
    });
  },
);
