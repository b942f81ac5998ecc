import { budgetConsumed } from './budget';
import {
  budgetSpentByBurnRate,
  BURN_RATE_WINDOWS,
  burnRateFromErrorRatio,
  burnRateThreshold,
  computeBurnRate,
  computeBurnRates,
} from './burnRate';
import { SloBucket } from './types';

const MINUTE = 60_000;
const HOUR_S = 3600;
const DAY_S = 86400;
const NOW = Date.parse('2026-10-15T12:00:00Z');

const slo999 = {
  target: 0.999,
  budgetingMethod: 'Occurrences' as const,
  timeSliceTarget: null,
  timeSliceWindowSeconds: null,
};

/** One bucket per minute over the `minutes` before NOW. */
function lastMinutes(
  minutes: number,
  perMinute: (minutesAgo: number) => { good: number; total: number },
): SloBucket[] {
  return Array.from({ length: minutes }, (_, i) => {
    const minutesAgo = i + 1;
    return {
      start: NOW - minutesAgo * MINUTE,
      durationSeconds: 60,
      ...perMinute(minutesAgo),
    };
  });
}

describe('the SRE Workbook table, 99.9 % over 30 days', () => {
  const W = 30 * DAY_S;

  it('1 h at 14.4× spends 2 % of the budget', () => {
    // BR* = x · W / w = 0.02 × 720 h / 1 h = 14.4
    expect(burnRateThreshold(0.02, W, HOUR_S)).toBeCloseTo(14.4, 12);
    expect(budgetSpentByBurnRate(14.4, W, HOUR_S)).toBeCloseTo(0.02, 12);
  });

  it('6 h at 6× spends 5 %', () => {
    // 0.05 × 720 / 6 = 6
    expect(burnRateThreshold(0.05, W, 6 * HOUR_S)).toBeCloseTo(6, 12);
    expect(budgetSpentByBurnRate(6, W, 6 * HOUR_S)).toBeCloseTo(0.05, 12);
  });

  it('3 d at 1× spends 10 %', () => {
    // 0.1 × 30 / 3 = 1
    expect(burnRateThreshold(0.1, W, 3 * DAY_S)).toBeCloseTo(1, 12);
    expect(budgetSpentByBurnRate(1, W, 3 * DAY_S)).toBeCloseTo(0.1, 12);
  });

  it('scales to a 28-day window: 13.44 / 5.6 / 0.933…', () => {
    const W28 = 28 * DAY_S;
    // 0.02 × 672 h / 1 h = 13.44; 0.05 × 672 / 6 = 5.6; 0.1 × 28 / 3 = 0.9333…
    expect(burnRateThreshold(0.02, W28, HOUR_S)).toBeCloseTo(13.44, 12);
    expect(burnRateThreshold(0.05, W28, 6 * HOUR_S)).toBeCloseTo(5.6, 12);
    expect(burnRateThreshold(0.1, W28, 3 * DAY_S)).toBeCloseTo(
      0.933333333333333,
      12,
    );
  });

  it('a burn rate of 1 spends exactly the whole budget over the window', () => {
    expect(budgetSpentByBurnRate(1, W, W)).toBe(1);
    // error ratio equal to the allowance (0.1 %) is a burn rate of 1
    expect(burnRateFromErrorRatio(0.001, 0.999)).toBeCloseTo(1, 12);
  });
});

describe('computeBurnRate', () => {
  it('is (bad_w / total_w) / (1 − T) over the lookback', () => {
    // 60 buckets × (1,000 events, 15 bad) in the last hour: 900 / 60,000 = 0.015;
    // 0.015 / 0.001 = 15
    const buckets = lastMinutes(60, () => ({ good: 985, total: 1000 }));
    const figure = computeBurnRate(slo999, buckets, NOW, HOUR_S);
    expect(figure.window).toBe('1h');
    expect(figure.events).toBe(60_000);
    expect(figure.badEvents).toBe(900);
    expect(figure.rate).toBeCloseTo(15, 9);
    expect(figure.lowConfidence).toBe(false);
  });

  it('includes the bucket starting exactly at now − w and excludes one starting at now', () => {
    const buckets: SloBucket[] = [
      { start: NOW - 5 * MINUTE, durationSeconds: 60, good: 0, total: 200 },
      { start: NOW, durationSeconds: 60, good: 200, total: 200 },
    ];
    const figure = computeBurnRate(slo999, buckets, NOW, 300);
    // 200 bad of 200 → ratio 1 → 1 / 0.001 = 1000
    expect(figure.events).toBe(200);
    expect(figure.rate).toBeCloseTo(1000, 9);
  });

  it('flags low confidence below the minimum number of events, and null without events', () => {
    const buckets = lastMinutes(5, () => ({ good: 9, total: 10 })); // 50 events
    const low = computeBurnRate(slo999, buckets, NOW, 300);
    // 5 / 50 = 0.1 → 100
    expect(low.rate).toBeCloseTo(100, 9);
    expect(low.lowConfidence).toBe(true);
    expect(
      computeBurnRate(slo999, buckets, NOW, 300, { minEvents: 50 })
        .lowConfidence,
    ).toBe(false);

    const none = computeBurnRate(slo999, [], NOW, 300);
    expect(none).toEqual({
      window: '5m',
      seconds: 300,
      rate: null,
      lowConfidence: true,
      events: 0,
      badEvents: 0,
    });
  });

  it('follows the timeslice method: bad slices / measured slices', () => {
    // 5 one-minute slices in the last 5 m, one below 0.99 → error 1/5 = 0.2;
    // T = 0.9 → BR = 0.2 / 0.1 = 2
    const buckets = lastMinutes(5, minutesAgo =>
      minutesAgo === 3 ? { good: 90, total: 100 } : { good: 100, total: 100 },
    );
    const figure = computeBurnRate(
      {
        target: 0.9,
        budgetingMethod: 'Timeslices',
        timeSliceTarget: 0.99,
        timeSliceWindowSeconds: 60,
      },
      buckets,
      NOW,
      300,
    );
    expect(figure.rate).toBeCloseTo(2, 12);
  });

  it('computes every standard window, shortest first', () => {
    const figures = computeBurnRates(slo999, [], NOW);
    expect(figures.map(f => f.window)).toEqual([
      '5m',
      '30m',
      '1h',
      '2h',
      '6h',
      '1d',
      '3d',
    ]);
    expect(figures.map(f => f.seconds)).toEqual(
      BURN_RATE_WINDOWS.map(w => w.seconds),
    );
    expect(figures.every(f => f.rate === null)).toBe(true);
  });
});

describe('burnRateFromErrorRatio and budgetConsumed', () => {
  it('are one formula: errorRatio / (1 − T)', () => {
    // 0.5 % errors against a 99 % target: half the budget, or burn rate 0.5.
    expect(burnRateFromErrorRatio(0.005, 0.99)).toBeCloseTo(0.5, 12);
    expect(burnRateFromErrorRatio(0.005, 0.99)).toBe(
      budgetConsumed(0.005, 0.99),
    );
    expect(burnRateFromErrorRatio(null, 0.99)).toBeNull();
    expect(() => burnRateFromErrorRatio(0.1, 1)).toThrow(/target/);
  });
});
