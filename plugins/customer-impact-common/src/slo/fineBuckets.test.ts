import {
  fineHorizon,
  fineReadsFrom,
  needsFineBucketsOverWindow,
} from './fineBuckets';
import { resolveWindow } from './windows';

const at = (iso: string) => Date.parse(iso);
// Not on the hour: the horizon and the window's hour are floored.
const NOW = at('2026-11-21T12:34:56Z');

describe('needsFineBucketsOverWindow', () => {
  it.each([
    ['Timeslices', 300, true],
    ['Timeslices', 60, true],
    ['RatioTimeslices', 300, true],
    // 1.5 hours: an hour's roll-up still cuts a slice in two.
    ['Timeslices', 5400, true],
    ['Timeslices', 3600, false],
    ['Timeslices', 7200, false],
    ['RatioTimeslices', 86_400, false],
    ['Occurrences', null, false],
    // Occurrences ignores a slice it was given.
    ['Occurrences', 300, false],
  ] as const)('%s with slices of %p s: %p', (method, seconds, expected) => {
    expect(
      needsFineBucketsOverWindow({
        budgetingMethod: method,
        timeSliceWindowSeconds: seconds,
      }),
    ).toBe(expected);
  });
});

describe('fineHorizon', () => {
  it('is the hour fineRetentionDays before now', () => {
    // 21 Nov 12:34:56 − 5 days = 16 Nov 12:34:56, floored to 12:00.
    expect(fineHorizon(NOW, 5)).toBe(at('2026-11-16T12:00:00Z'));
    expect(fineHorizon(NOW, 35)).toBe(at('2026-10-17T12:00:00Z'));
  });
});

describe('fineReadsFrom', () => {
  const horizon = fineHorizon(NOW, 5);
  const window = (days: number) =>
    resolveWindow(
      { kind: 'rolling', duration: `${days}d`, durationSeconds: days * 86_400 },
      NOW,
    ).startMs;

  it('reaches back to the hour of the window start of a time-slice SLO of 5-minute slices', () => {
    const slices = {
      budgetingMethod: 'Timeslices',
      timeSliceWindowSeconds: 300,
    } as const;
    // 30 days back from 21 Nov 12:34:56: 22 Oct 12:34:56, its hour 12:00.
    expect(fineReadsFrom(slices, window(30), horizon)).toBe(
      at('2026-10-22T12:00:00Z'),
    );
    // A window that starts after the horizon: the horizon, the earlier.
    expect(fineReadsFrom(slices, window(1), horizon)).toBe(horizon);
  });

  it('is the horizon for Occurrences and slices of whole hours', () => {
    expect(
      fineReadsFrom(
        { budgetingMethod: 'Occurrences', timeSliceWindowSeconds: null },
        window(30),
        horizon,
      ),
    ).toBe(horizon);
    expect(
      fineReadsFrom(
        { budgetingMethod: 'Timeslices', timeSliceWindowSeconds: 3600 },
        window(30),
        horizon,
      ),
    ).toBe(horizon);
  });
});
