import {
  describeDaysToSunset,
  formatBudget,
  formatBurnRate,
  formatCount,
  formatDay,
  formatDifference,
  formatDuration,
  formatEffort,
  formatNumber,
  formatShare,
  formatShift,
  formatShortDay,
  formatSli,
  formatTarget,
  formatTimes,
} from '.';

describe('formatDuration', () => {
  it.each([
    [45, '45 s'],
    [59.4, '59 s'],
    [12 * 60, '12 min'],
    [90 * 60, '1 h 30 min'],
    [2 * 3600, '2 h'],
    // R · W / BR = 0.1 · 30 d / 15.2 = 17,052.6 s = 284.2 min → 4 h 44 min
    [17_052.6, '4 h 44 min'],
    [86_399, '1 day'],
    [86_400, '1 day'],
    [1.5 * 86_400, '1.5 days'],
    [3 * 86_400, '3 days'],
    [30 * 86_400, '30 days'],
    [12.4 * 86_400, '12 days'],
  ])('%p s is "%s"', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('says how far the sunset is', () => {
    expect(describeDaysToSunset(130)).toBe('130 days left');
    expect(describeDaysToSunset(1)).toBe('1 day left');
    expect(describeDaysToSunset(0)).toBe('sunset is today');
    expect(describeDaysToSunset(-3)).toBe('sunset passed 3 days ago');
  });
});

describe('percentages', () => {
  it('writes a target as written', () => {
    expect(formatTarget(0.9995)).toBe('99.95 %');
    expect(formatTarget(0.999)).toBe('99.9 %');
    expect(formatTarget(0.99)).toBe('99 %');
  });

  it('gives an SLI one decimal more than its target, and more to never hide a miss', () => {
    expect(formatSli(0.99962, 0.9995)).toBe('99.962 %');
    expect(formatSli(0.9987, 0.999)).toBe('99.87 %');
    // 99.899 at two decimals is 99.90, the target, for an SLI below it → 99.899 %
    expect(formatSli(0.99899, 0.999)).toBe('99.899 %');
    // below 1 never shows as 100 %
    expect(formatSli(0.999999, 0.99)).not.toMatch(/^100(\.0+)? %$/);
    expect(formatSli(null, 0.999)).toBe('no data');
  });

  it('writes a budget with one decimal, negative when overspent', () => {
    expect(formatBudget(0.24)).toBe('24.0 %');
    expect(formatBudget(-0.375)).toBe('−37.5 %');
  });

  it('writes a share as a whole percentage', () => {
    expect(formatShare(0.384)).toBe('38 %');
    expect(formatShare(0.8)).toBe('80 %');
  });
});

describe('numbers', () => {
  it('writes counts with thousands separators', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(1_000_000)).toBe('1,000,000');
  });

  it('writes numbers, differences, ratios and rates', () => {
    expect(formatNumber(2.345)).toBe('2.3');
    expect(formatNumber(2.345, 2)).toBe('2.35');
    expect(formatDifference(2)).toBe('+2');
    expect(formatDifference(-1.5)).toBe('−1.5');
    expect(formatDifference(0)).toBe('±0');
    expect(formatDifference(null)).toBe('no data');
    expect(formatTimes(2.4)).toBe('2.4×');
    expect(formatEffort(4.25)).toBe('4.3 / 7');
    expect(formatBurnRate(14.4)).toBe('14.4×');
    expect(formatBurnRate(0.35)).toBe('0.35×');
    expect(formatBurnRate(null)).toBe('no data');
  });
});

describe('dates', () => {
  it('writes a calendar day and a shift in UTC', () => {
    expect(formatDay('2027-03-31')).toBe('Mar 31, 2027');
    expect(formatShift('2026-11-18T00:00:00Z', '2026-11-18T12:00:00Z')).toBe(
      'Wed, Nov 18, 00:00–12:00 UTC',
    );
    expect(formatShift('2026-11-18T12:00:00Z', '2026-11-19T00:00:00Z')).toBe(
      'Wed, Nov 18, 12:00–24:00 UTC',
    );
  });
});

describe('chart ticks', () => {
  it('writes the day and month', () => {
    expect(formatShortDay(Date.parse('2026-11-21T12:00:00Z'))).toBe('Nov 21');
  });
});
