import {
  budgetConsumed,
  budgetRemaining,
  computeSli,
  periodToDateBurn,
  sanitizeBucket,
  sumBuckets,
  timeSlices,
  timeToExhaustionSeconds,
} from './budget';
import { SloBucket } from './types';

const MINUTE = 60_000;
const occurrences = {
  budgetingMethod: 'Occurrences' as const,
  timeSliceTarget: null,
  timeSliceWindowSeconds: null,
};

function minuteBucket(minute: number, good: number, total: number): SloBucket {
  return { start: minute * MINUTE, durationSeconds: 60, good, total };
}

describe('Occurrences SLI and error budget', () => {
  it('T = 0.99, 10,000 events, 150 bad: SLI 0.985, C = 1.5, R = −0.5 (overspent, not clamped)', () => {
    // 10 buckets × (1,000 events, 15 bad) = 10,000 events, 150 bad
    const buckets = Array.from({ length: 10 }, (_, i) =>
      minuteBucket(i, 985, 1000),
    );
    const result = computeSli(occurrences, buckets, 0, 10 * MINUTE);
    expect(result.events).toEqual({ good: 9850, total: 10000, bad: 150 });
    // SLI = 9,850 / 10,000
    expect(result.sli).toBe(0.985);
    expect(result.errorRatio).toBe(0.015);
    // C = (1 − 0.985) / (1 − 0.99) = 0.015 / 0.01 = 1.5
    const consumed = budgetConsumed(result.errorRatio, 0.99);
    expect(consumed).toBeCloseTo(1.5, 12);
    // R = 1 − 1.5 = −0.5
    expect(budgetRemaining(consumed)).toBeCloseTo(-0.5, 12);
  });

  it('T = 0.999, 1,000,000 events, 500 bad: C = 0.5, R = 0.5', () => {
    const buckets = [minuteBucket(0, 999_500, 1_000_000)];
    const result = computeSli(occurrences, buckets, 0, MINUTE);
    // SLI = 0.9995; C = 0.0005 / 0.001 = 0.5
    expect(result.sli).toBe(0.9995);
    expect(budgetConsumed(result.errorRatio, 0.999)).toBeCloseTo(0.5, 12);
    expect(
      budgetRemaining(budgetConsumed(result.errorRatio, 0.999)),
    ).toBeCloseTo(0.5, 12);
  });

  it('0/0 is no data: null SLI, and null propagates to the budget', () => {
    const none = computeSli(occurrences, [], 0, MINUTE);
    expect(none.sli).toBeNull();
    expect(none.errorRatio).toBeNull();
    // zero-traffic buckets are still no data
    const zero = computeSli(occurrences, [minuteBucket(0, 0, 0)], 0, MINUTE);
    expect(zero.sli).toBeNull();
    expect(budgetConsumed(zero.errorRatio, 0.99)).toBeNull();
    expect(budgetRemaining(budgetConsumed(zero.errorRatio, 0.99))).toBeNull();
  });

  it('counts a bucket in the window that contains its start: [start, end)', () => {
    const buckets = [
      minuteBucket(-1, 0, 7), // before the window
      minuteBucket(0, 10, 10), // at the start: in
      minuteBucket(4, 5, 10), // in
      minuteBucket(5, 0, 99), // at the end: out
    ];
    expect(sumBuckets(buckets, 0, 5 * MINUTE)).toEqual({
      good: 15,
      total: 20,
      bad: 5,
    });
  });

  it('skips invalid buckets and clamps good to total', () => {
    expect(sanitizeBucket(minuteBucket(0, 12, 10))).toEqual(
      minuteBucket(0, 10, 10),
    );
    expect(sanitizeBucket(minuteBucket(0, -1, 10))).toBeNull();
    expect(sanitizeBucket(minuteBucket(0, 1, NaN))).toBeNull();
    expect(sanitizeBucket(minuteBucket(0, 1, Infinity))).toBeNull();
    const result = computeSli(
      occurrences,
      [
        minuteBucket(0, 12, 10),
        minuteBucket(1, 5, NaN),
        minuteBucket(2, 5, 10),
      ],
      0,
      10 * MINUTE,
    );
    // (10 + 5) / (10 + 10)
    expect(result.sli).toBe(0.75);
  });

  it('rejects a target of 1 (no budget) or outside [0, 1)', () => {
    expect(() => budgetConsumed(0.1, 1)).toThrow(/target/);
    expect(() => budgetConsumed(0.1, -0.5)).toThrow(/target/);
  });
});

describe('Timeslices', () => {
  // Ten 1-minute slices, timeSliceTarget 0.95:
  //   0: 100/100 = 1.00 good      5: 0/0 zero traffic (not measured)
  //   1:  96/100 = 0.96 good      6: 10/20 = 0.50 bad
  //   2:  95/100 = 0.95 good (≥)  7: 1/1 = 1.00 good
  //   3:  94/100 = 0.94 bad       8: no bucket at all (not measured)
  //   4:   0/0 zero traffic       9: 50/50 = 1.00 good
  // measured = 7, good = 5, zero traffic = 2
  const buckets = [
    minuteBucket(0, 100, 100),
    minuteBucket(1, 96, 100),
    minuteBucket(2, 95, 100),
    minuteBucket(3, 94, 100),
    minuteBucket(4, 0, 0),
    minuteBucket(5, 0, 0),
    minuteBucket(6, 10, 20),
    minuteBucket(7, 1, 1),
    minuteBucket(9, 50, 50),
  ];
  const timeslices = {
    budgetingMethod: 'Timeslices' as const,
    timeSliceTarget: 0.95,
    timeSliceWindowSeconds: 60,
  };

  it('SLI = good slices / measured slices; zero-traffic slices are not measured', () => {
    const result = computeSli(timeslices, buckets, 0, 10 * MINUTE);
    expect(result.slices).toEqual({ measured: 7, good: 5, zeroTraffic: 2 });
    expect(result.sli).toBeCloseTo(5 / 7, 12); // 0.714285…
    expect(result.errorRatio).toBeCloseTo(2 / 7, 12);
    // T = 0.7: C = (2/7) / 0.3 = 0.952380…, R = 0.047619…
    const consumed = budgetConsumed(result.errorRatio, 0.7);
    expect(consumed).toBeCloseTo(0.952380952380952, 12);
    expect(budgetRemaining(consumed)).toBeCloseTo(0.047619047619048, 12);
    // the same events counted as occurrences: 446 good of 471
    expect(result.events).toEqual({ good: 446, total: 471, bad: 25 });
  });

  it('only zero-traffic slices give no data', () => {
    const result = computeSli(timeslices, buckets.slice(4, 6), 0, 10 * MINUTE);
    expect(result.sli).toBeNull();
    expect(result.slices).toEqual({ measured: 0, good: 0, zeroTraffic: 2 });
  });

  it('RatioTimeslices: SLI = mean of the per-slice ratios', () => {
    const result = computeSli(
      { ...timeslices, budgetingMethod: 'RatioTimeslices' },
      buckets,
      0,
      10 * MINUTE,
    );
    // (1 + 0.96 + 0.95 + 0.94 + 0.5 + 1 + 1) / 7 = 6.35 / 7 = 0.907142857…
    expect(result.sli).toBeCloseTo(6.35 / 7, 12);
    expect(result.sli).toBeCloseTo(0.907142857142857, 12);
    // error: (0 + 0.04 + 0.05 + 0.06 + 0.5 + 0 + 0) / 7 = 0.65 / 7
    expect(result.errorRatio).toBeCloseTo(0.65 / 7, 12);
    // T = 0.9: C = 0.092857… / 0.1 = 0.928571…
    expect(budgetConsumed(result.errorRatio, 0.9)).toBeCloseTo(
      0.928571428571429,
      12,
    );
  });

  it('merges buckets shorter than a slice and spreads longer ones', () => {
    const thirtySeconds = (second: number, good: number, total: number) => ({
      start: second * 1000,
      durationSeconds: 30,
      good,
      total,
    });
    // two 30 s buckets → one 60 s slice: (10 + 0) / (10 + 10) = 0.5
    expect(
      timeSlices(
        [thirtySeconds(0, 10, 10), thirtySeconds(30, 0, 10)],
        0,
        MINUTE,
        60,
      ),
    ).toEqual([{ start: 0, good: 10, total: 20 }]);
    // a 120 s bucket of 90/100 → two slices of 45/50, each at 0.9
    expect(
      timeSlices(
        [{ start: 0, durationSeconds: 120, good: 90, total: 100 }],
        0,
        2 * MINUTE,
        60,
      ),
    ).toEqual([
      { start: 0, good: 45, total: 50 },
      { start: MINUTE, good: 45, total: 50 },
    ]);
  });

  it('needs a slice length', () => {
    expect(() =>
      computeSli(
        { ...timeslices, timeSliceWindowSeconds: null },
        buckets,
        0,
        MINUTE,
      ),
    ).toThrow(/timeSliceWindowSeconds/);
  });
});

describe('period-to-date burn and time to exhaustion', () => {
  it('C / e: 25 % spent half-way through the period is a burn of 0.5', () => {
    expect(periodToDateBurn(0.25, 0.5)).toBe(0.5);
    expect(periodToDateBurn(0.5, 0.5)).toBe(1); // on track
    expect(periodToDateBurn(null, 0.5)).toBeNull();
    expect(periodToDateBurn(0.25, 0)).toBeNull();
  });

  it('≈ R · W / BR', () => {
    // R = 0.5, W = 30 d = 2,592,000 s, BR = 2 → 648,000 s = 7.5 days
    expect(timeToExhaustionSeconds(0.5, 2_592_000, 2)).toBe(648_000);
    expect(timeToExhaustionSeconds(-0.1, 2_592_000, 2)).toBe(0); // already spent
    expect(timeToExhaustionSeconds(0.5, 2_592_000, 0)).toBeNull(); // not burning
    expect(timeToExhaustionSeconds(0.5, 2_592_000, null)).toBeNull();
    expect(timeToExhaustionSeconds(null, 2_592_000, 2)).toBeNull();
  });
});
