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
  },
);
