import {
  dueDeprecationNotice,
  isExemptionActive,
  validateDeprecationNoticeDays,
} from './campaign';
import { daysToSunset } from './annotations';

describe('dueDeprecationNotice', () => {
  // Sunset 2027-03-31. By hand: 2027-03-31 − 90 days is 2026-12-31
  // (March 31 + January 31 + February 28 = 90), − 30 days is 2027-03-01,
  // − 7 days is 2027-03-24; 2027-04-01 is the first day after the sunset.
  const sunset = '2027-03-31';
  const at = (iso: string) =>
    dueDeprecationNotice(daysToSunset(sunset, new Date(iso)), [90, 30, 7]);

  it('is null before the first threshold', () => {
    expect(at('2026-12-30T23:59:59Z')).toBeNull(); // 91 days
  });

  it('is days-90 from 90 days before until 31 days before', () => {
    expect(at('2026-12-31T00:00:00Z')).toEqual({
      key: 'days-90',
      daysBefore: 90,
    });
    expect(at('2027-02-28T12:00:00Z')).toEqual({
      key: 'days-90',
      daysBefore: 90,
    }); // 31 days
  });

  it('is days-30 from 30 days before, days-7 from 7 days before and on the sunset day', () => {
    expect(at('2027-03-01T00:00:00Z')?.key).toBe('days-30');
    expect(at('2027-03-23T23:00:00Z')?.key).toBe('days-30'); // 8 days
    expect(at('2027-03-24T00:00:00Z')?.key).toBe('days-7');
    expect(at('2027-03-31T23:59:59Z')?.key).toBe('days-7'); // the sunset day: 0
  });

  it('is passed from the day after the sunset', () => {
    expect(at('2027-04-01T00:00:00Z')).toEqual({
      key: 'passed',
      daysBefore: null,
    });
  });

  it('takes configured days in any order and nothing without a sunset', () => {
    expect(dueDeprecationNotice(10, [14, 60])?.key).toBe('days-14');
    expect(dueDeprecationNotice(null, [14, 60])).toBeNull();
  });
});

describe('validateDeprecationNoticeDays', () => {
  it('sorts the days, largest first', () => {
    expect(validateDeprecationNoticeDays([7, 90, 30])).toEqual({
      days: [90, 30, 7],
    });
  });

  it('names what is wrong', () => {
    expect(validateDeprecationNoticeDays([90, 0])).toEqual({
      error: '[1] must be a whole number of days, at least 1, got 0',
    });
    expect(validateDeprecationNoticeDays([7.5])).toEqual({
      error: '[0] must be a whole number of days, at least 1, got 7.5',
    });
    expect(validateDeprecationNoticeDays([30, 30])).toEqual({
      error: 'names 30 days twice',
    });
  });
});

describe('isExemptionActive', () => {
  it('holds through the whole last day (UTC) and no longer', () => {
    expect(
      isExemptionActive('2027-01-15', new Date('2027-01-15T23:59:59Z')),
    ).toBe(true);
    expect(
      isExemptionActive('2027-01-15', new Date('2027-01-16T00:00:00Z')),
    ).toBe(false);
  });
});
