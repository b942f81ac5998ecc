import fc from 'fast-check';
import { evaluateBurnRateAlerts } from './alerting';
import {
  budgetConsumed,
  budgetRemaining,
  computeSli,
  SliMethod,
} from './budget';
import {
  BURN_RATE_WINDOWS,
  budgetSpentByBurnRate,
  burnRateThreshold,
  computeBurnRate,
} from './burnRate';
import { SloBucket } from './types';
import { calendarPeriod } from './windows';

const MINUTE = 60_000;
const WINDOW_MS = 60 * MINUTE;

const bucketArb: fc.Arbitrary<SloBucket> = fc
  .record({
    minute: fc.integer({ min: 0, max: 59 }),
    total: fc.integer({ min: 0, max: 10_000 }),
    goodShare: fc.double({ min: 0, max: 1, noNaN: true }),
    durationSeconds: fc.constantFrom(30, 60, 120, 300),
  })
  .map(({ minute, total, goodShare, durationSeconds }) => ({
    start: minute * MINUTE,
    durationSeconds,
    good: Math.round(total * goodShare),
    total,
  }));

const methodArb: fc.Arbitrary<SliMethod> = fc.oneof(
  fc.constant<SliMethod>({
    budgetingMethod: 'Occurrences',
    timeSliceTarget: null,
    timeSliceWindowSeconds: null,
  }),
  fc
    .record({
      target: fc.double({ min: 0, max: 1, noNaN: true }),
      slice: fc.constantFrom(60, 300),
    })
    .map(
      ({ target, slice }): SliMethod => ({
        budgetingMethod: 'Timeslices',
        timeSliceTarget: target,
        timeSliceWindowSeconds: slice,
      }),
    ),
  fc.constantFrom(60, 300).map(
    (slice): SliMethod => ({
      budgetingMethod: 'RatioTimeslices',
      timeSliceTarget: null,
      timeSliceWindowSeconds: slice,
    }),
  ),
);

const targetArb = fc.double({ min: 0.5, max: 0.9999, noNaN: true });

describe('properties', () => {
  it('the SLI is never outside [0, 1], and is null exactly when nothing was measured', () => {
    const details = fc.check(
      fc.property(
        methodArb,
        fc.array(bucketArb, { maxLength: 40 }),
        (method, buckets) => {
          const result = computeSli(method, buckets, 0, WINDOW_MS);
          const { sli, errorRatio, events, slices } = result;
          if (sli === null) {
            // no data: both null, and there really was nothing measured
            return (
              errorRatio === null &&
              (events.total === 0 || slices?.measured === 0)
            );
          }
          return (
            sli >= 0 &&
            sli <= 1 &&
            errorRatio !== null &&
            Math.abs(sli + errorRatio - 1) < 1e-9 &&
            events.total > 0
          );
        },
      ),
    );
    expect(details.counterexample).toBeNull();
  });

  it('budget remaining + consumed = 1 whenever defined; both null otherwise', () => {
    const details = fc.check(
      fc.property(
        methodArb,
        targetArb,
        fc.array(bucketArb, { maxLength: 40 }),
        (method, target, buckets) => {
          const { errorRatio } = computeSli(method, buckets, 0, WINDOW_MS);
          const consumed = budgetConsumed(errorRatio, target);
          const remaining = budgetRemaining(consumed);
          if (errorRatio === null) {
            return consumed === null && remaining === null;
          }
          return (
            consumed !== null &&
            remaining !== null &&
            consumed >= 0 &&
            Math.abs(consumed + remaining - 1) < 1e-9
          );
        },
      ),
    );
    expect(details.counterexample).toBeNull();
  });

  it('the burn rate scales linearly with the bad count', () => {
    fc.assert(
      fc.property(
        targetArb,
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 100 }),
        (target, total, bad, factor) => {
          fc.pre(bad * factor <= total);
          const slo = {
            target,
            budgetingMethod: 'Occurrences' as const,
            timeSliceTarget: null,
            timeSliceWindowSeconds: null,
          };
          const rateFor = (badCount: number) =>
            computeBurnRate(
              slo,
              [
                {
                  start: 0,
                  durationSeconds: 60,
                  good: total - badCount,
                  total,
                },
              ],
              MINUTE,
              60,
            ).rate!;
          const base = rateFor(bad);
          expect(rateFor(bad * factor)).toBeCloseTo(base * factor, 6);
          // and equals (bad / total) / (1 − T)
          expect(base).toBeCloseTo(bad / total / (1 - target), 6);
        },
      ),
    );
  });

  it('a threshold BR* = x·W/w spends exactly x of the budget in w', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 90 }).map(d => d * 86400),
        fc.constantFrom(...BURN_RATE_WINDOWS.map(w => w.seconds)),
        (x, W, w) => {
          expect(
            budgetSpentByBurnRate(burnRateThreshold(x, W, w), W, w),
          ).toBeCloseTo(x, 12);
        },
      ),
    );
  });

  it('the alert state never pages on low-confidence burn rates', () => {
    const details = fc.check(
      fc.property(
        fc.array(
          fc.record({
            rate: fc.option(fc.double({ min: 0, max: 1000, noNaN: true })),
            low: fc.boolean(),
          }),
          {
            minLength: BURN_RATE_WINDOWS.length,
            maxLength: BURN_RATE_WINDOWS.length,
          },
        ),
        values => {
          const figures = BURN_RATE_WINDOWS.map((w, i) => ({
            ...w,
            rate: values[i].rate,
            lowConfidence: values[i].low || values[i].rate === null,
            events: 0,
            badEvents: 0,
          }));
          const result = evaluateBurnRateAlerts(figures, 30 * 86400);
          const fired = result.firedRule;
          const firedOnLowConfidence =
            fired !== null &&
            figures.some(
              f =>
                (f.window === fired.longWindow ||
                  f.window === fired.shortWindow) &&
                f.lowConfidence,
            );
          const allNull = figures.every(f => f.rate === null);
          return (
            !firedOnLowConfidence && (!allNull || result.state === 'no-data')
          );
        },
      ),
    );
    expect(details.counterexample).toBeNull();
  });

  it('a calendar period contains now, and the next one starts where it ends', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse('2000-01-01'),
          max: Date.parse('2040-01-01'),
        }),
        fc.constantFrom(
          'UTC',
          'Europe/Berlin',
          'America/New_York',
          'Australia/Lord_Howe',
        ),
        fc.constantFrom('d', 'w', 'M', 'Q', 'Y' as const),
        fc.option(
          fc.constantFrom('2020-01-31 00:00:00', '2021-03-28 02:30:00'),
        ),
        (now, timeZone, unit, startTime) => {
          const window = {
            kind: 'calendar' as const,
            duration: `1${unit}`,
            unit: unit as 'd' | 'w' | 'M' | 'Q' | 'Y',
            count: 1,
            startTime,
            timeZone,
          };
          const { start, end } = calendarPeriod(window, now);
          expect(start.toMillis()).toBeLessThanOrEqual(now);
          expect(end.toMillis()).toBeGreaterThan(now);
          const next = calendarPeriod(window, end.toMillis());
          expect(next.start.toMillis()).toBe(end.toMillis());
        },
      ),
    );
  });
});
