import {
  SloDefinition,
  computeSloStatus,
} from '@customer-impact/plugin-customer-impact-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { SloSampleRow } from './SloSampleStore';
import { createTestSloService } from './__testUtils__/sloService';
import { countSloSamples } from './__testUtils__/countSloSamples';
import { occurrencesSlo as definition } from './__testUtils__/occurrencesSlo';
import { storeSloDefinitions } from './__testUtils__/storeSloDefinitions';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const REF = 'component:default/checkout';
const FIVE_MIN = 300_000;

function sample(
  start: number,
  good: number,
  total: number,
  slo = 'availability',
): SloSampleRow {
  return { entityRef: REF, slo, start, durationSeconds: 300, good, total };
}

describe.each(databases.eachSupportedId())(
  'SLO retention on %p',
  databaseId => {
    it('gives the same figures from rolled-up data as from fine data over the same window', async () => {
      const knex = await databases.init(databaseId);
      const now = Date.parse('2026-11-21T12:00:00Z'); // on the hour
      const service = await createTestSloService({
        knex,
        fineRetentionDays: 5,
        now: () => new Date(now),
      });
      // 30 days of 5-minute buckets with a pattern that varies by bucket, so
      // that any bucket counted twice or lost would change the figures.
      const rows: SloSampleRow[] = [];
      const start = now - 30 * 86_400_000;
      for (let t = start, i = 0; t < now; t += FIVE_MIN, i++) {
        const total = 100 + (i % 7) * 10;
        const bad = i % 50 === 0 ? 20 : i % 3;
        rows.push(sample(t, total - bad, total));
      }
      await service.samples.upsertSamples(rows);
      const def = definition();
      // A stored 90-day SLO makes the retention keep 90 days of hourly data.
      const longer: SloDefinition = {
        ...definition('latency'),
        window: {
          kind: 'rolling',
          duration: '90d',
          durationSeconds: 90 * 86400,
        },
      };
      await storeSloDefinitions(service.state, REF, [def, longer], now);
      // Hourly data 60 days old stays (inside 90 days); 100 days old goes.
      await service.samples.replaceHourly([
        { ...sample(now - 60 * 86_400_000, 1, 1), durationSeconds: 3600 },
        { ...sample(now - 100 * 86_400_000, 1, 1), durationSeconds: 3600 },
      ]);

      // The reference: computeSloStatus over every single bucket, in memory.
      const reference = computeSloStatus(def, rows, now);
      const [fine] = await service.evaluate(REF, [def], now);
      expect(fine.status.sli).toBeCloseTo(reference.sli!, 12);
      expect(fine.status.burnRates).toEqual(reference.burnRates);
      expect(fine.status.lastDataAt).toBe(reference.lastDataAt);

      const { rolledUp, expired } = await service.applyRetention();
      // Everything older than 5 days (now is on the hour) is now hourly only:
      // 25 days × 288 fine buckets dropped; 30 × 24 hourly roll-ups, plus the
      // 60-day-old hour.
      expect(rolledUp).toBe(25 * 288);
      expect(expired).toBe(1);
      expect(await countSloSamples(knex)).toEqual({
        fine: 5 * 288,
        hourly: 30 * 24 + 1,
      });

      const [rolled] = await service.evaluate(REF, [def], now);
      expect(rolled.status.sli).toBeCloseTo(fine.status.sli!, 12);
      expect(rolled.status.budgetRemaining).toBeCloseTo(
        fine.status.budgetRemaining!,
        12,
      );
      expect(rolled.status.eventsInWindow).toBe(fine.status.eventsInWindow);
      expect(rolled.status.badEventsInWindow).toBe(
        fine.status.badEventsInWindow,
      );
      expect(rolled.status.burnRates).toEqual(fine.status.burnRates);
      expect(rolled.status.state).toBe(fine.status.state);
      expect(rolled.status.sli).toBeCloseTo(reference.sli!, 12);
      expect(rolled.status.lastDataAt).toBe(reference.lastDataAt);

      // The burndown (no database-side sums) reads the roll-ups too.
      const [plain] = await service.evaluate(REF, [def], now, { sums: false });
      expect(plain.status.sli).toBeCloseTo(reference.sli!, 12);
      expect(plain.status.burnRates).toEqual(reference.burnRates);
    });
  },
);
