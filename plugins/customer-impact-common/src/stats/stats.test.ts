import fc from 'fast-check';
import { nearestRankMedian, nearestRankPercentile } from './stats';

describe('nearestRankPercentile', () => {
  // Worked examples, rank = ceil(p/100 * N), 1-based, over the sorted values.
  it('follows the nearest-rank method', () => {
    const five = [50, 15, 40, 20, 35]; // sorted: 15 20 35 40 50
    expect(nearestRankPercentile(five, 5)).toBe(15); // ceil(0.25) = 1
    expect(nearestRankPercentile(five, 30)).toBe(20); // ceil(1.5) = 2
    expect(nearestRankPercentile(five, 40)).toBe(20); // ceil(2) = 2
    expect(nearestRankPercentile(five, 50)).toBe(35); // ceil(2.5) = 3
    expect(nearestRankPercentile(five, 100)).toBe(50);

    const ten = [3, 6, 7, 8, 8, 10, 13, 15, 16, 20];
    expect(nearestRankPercentile(ten, 25)).toBe(7); // ceil(2.5) = 3
    expect(nearestRankPercentile(ten, 50)).toBe(8); // ceil(5) = 5
    expect(nearestRankPercentile(ten, 75)).toBe(15); // ceil(7.5) = 8
    expect(nearestRankPercentile(ten, 90)).toBe(16); // ceil(9) = 9
  });

  it('takes the lower middle value as the median of an even count', () => {
    expect(nearestRankPercentile([4, 1, 3, 2], 50)).toBe(2);
  });

  it('is null without values and rejects impossible percentiles', () => {
    expect(nearestRankPercentile([], 50)).toBeNull();
    expect(nearestRankPercentile([7], 0)).toBe(7);
    expect(() => nearestRankPercentile([1], 101)).toThrow(RangeError);
    expect(() => nearestRankPercentile([1], -1)).toThrow(RangeError);
    expect(() => nearestRankPercentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('does not reorder the values it is given', () => {
    const values = [3, 1, 2];
    nearestRankPercentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('nearestRankMedian', () => {
  it('takes the middle value of an odd count', () => {
    expect(nearestRankMedian([7, 1, 3])).toBe(3); // sorted 1 3 7, rank ceil(1.5) = 2
    expect(nearestRankMedian([5])).toBe(5);
  });

  it('takes the lower of the two middle values of an even count', () => {
    // sorted 1 2 4 10, rank ceil(2) = 2 → 2 (the mean of the middle two would be 3)
    expect(nearestRankMedian([10, 1, 4, 2])).toBe(2);
    // sorted 1 2, rank ceil(1) = 1 → 1 (not 1.5)
    expect(nearestRankMedian([1, 2])).toBe(1);
  });

  it('sorts numerically, not as text', () => {
    expect(nearestRankMedian([100, 9, 20])).toBe(20);
  });

  it('is null without values', () => {
    expect(nearestRankMedian([])).toBeNull();
  });
});

describe('nearest-rank properties', () => {
  it('has a median between the smallest and largest value, whatever the order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1 }),
        values => {
          const m = nearestRankMedian(values)!;
          expect(m).toBeGreaterThanOrEqual(Math.min(...values));
          expect(m).toBeLessThanOrEqual(Math.max(...values));
          expect(nearestRankMedian([...values].reverse())).toBe(m);
        },
      ),
    );
  });

  it('always answers one of the values, and grows with the percentile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (values, p, q) => {
          const a = nearestRankPercentile(values, Math.min(p, q))!;
          const b = nearestRankPercentile(values, Math.max(p, q))!;
          expect(values).toContain(a);
          expect(values).toContain(b);
          expect(a).toBeLessThanOrEqual(b);
        },
      ),
    );
  });
});
