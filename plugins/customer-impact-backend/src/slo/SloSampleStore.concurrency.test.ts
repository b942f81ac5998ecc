import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseSloSampleStore, SloSampleRow } from './SloSampleStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const REF = 'component:default/checkout';
const HOUR = 3_600_000;
const FIVE_MIN = 300_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const HOURS = 20;

/**
 * Writes that run at the same time (two replicas, a push while a pull
 * writes, a client sending batches in parallel) into the same hour of the
 * same SLO: each hourly roll-up is still the sum of its 5-minute buckets.
 * On PostgreSQL each write read the hour without the other's bucket and the
 * last one wrote its sum, so a roll-up lost buckets (10 of 120 events).
 */
describe.each(databases.eachSupportedId())(
  'DatabaseSloSampleStore, concurrent writes, on %p',
  databaseId => {
    it('keeps every hourly roll-up the sum of its buckets when writes into one hour run at once', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseSloSampleStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const bucket = (hour: number, i: number, slo: string): SloSampleRow => ({
        entityRef: REF,
        slo,
        start: T0 + hour * HOUR + i * FIVE_MIN,
        durationSeconds: 300,
        good: 9,
        total: 10,
      });
      for (let hour = 0; hour < HOURS; hour++) {
        // The 12 buckets of the hour, each in its own write, all at once;
        // half of the writes carry a bucket of a second SLO too, in the
        // other order of series (no deadlock either).
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            store.upsertSamples(
              i % 2
                ? [bucket(hour, i, 'latency'), bucket(hour, i, 'availability')]
                : [bucket(hour, i, 'availability')],
            ),
          ),
        );
      }
      const hourly = await knex('slo_samples_hourly')
        .join('slo_series', 'slo_series.id', 'slo_samples_hourly.series_id')
        .where('slo_series.entity_ref', REF)
        .orderBy(['slo_series.slo', 'slo_samples_hourly.start'])
        .select('slo_series.slo', 'start', 'good', 'total');
      expect(
        hourly.map(r => [
          r.slo,
          Number(r.start),
          Number(r.good),
          Number(r.total),
        ]),
      ).toEqual([
        ...Array.from({ length: HOURS }, (_, h) => [
          'availability',
          T0 + h * HOUR,
          108,
          120,
        ]),
        ...Array.from({ length: HOURS }, (_, h) => [
          'latency',
          T0 + h * HOUR,
          54,
          60,
        ]),
      ]);
    });
  },
);
