import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  WEEK_MS,
  floorToFiveMinutes,
  floorToHour,
  floorToIsoWeek,
  floorToStep,
  floorToUtcDay,
} from './grid';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the time grid', () => {
  it('floors to 5 minutes, the hour and the UTC day', () => {
    expect(iso(floorToFiveMinutes(at('2026-11-21T10:07:30.500Z')))).toBe(
      '2026-11-21T10:05:00.000Z',
    );
    expect(iso(floorToFiveMinutes(at('2026-11-21T10:05:00.000Z')))).toBe(
      '2026-11-21T10:05:00.000Z',
    );
    expect(iso(floorToHour(at('2026-11-21T10:59:59.999Z')))).toBe(
      '2026-11-21T10:00:00.000Z',
    );
    expect(iso(floorToHour(at('2026-11-21T11:00:00.000Z')))).toBe(
      '2026-11-21T11:00:00.000Z',
    );
    // 00:30 in Paris (+01:00) is 23:30 the day before in UTC
    expect(iso(floorToUtcDay(at('2026-11-21T00:30:00+01:00')))).toBe(
      '2026-11-20T00:00:00.000Z',
    );
  });

  it('floors to Monday 00:00 UTC of the ISO week', () => {
    // Sunday 28 February 2027 23:59:59.999 is the last moment of 2027-W08
    expect(iso(floorToIsoWeek(at('2027-02-28T23:59:59.999Z')))).toBe(
      '2027-02-22T00:00:00.000Z',
    );
    expect(iso(floorToIsoWeek(at('2027-03-01T00:00:00.000Z')))).toBe(
      '2027-03-01T00:00:00.000Z',
    );
    // Friday 1 January 2027 is in 2026-W53, from Monday 28 December 2026
    expect(iso(floorToIsoWeek(at('2027-01-01T12:00:00Z')))).toBe(
      '2026-12-28T00:00:00.000Z',
    );
    // Thursday 1 January 1970 (the epoch) is in the week from Monday 29 December 1969
    expect(iso(floorToIsoWeek(0))).toBe('1969-12-29T00:00:00.000Z');
  });

  it('rounds instants before 1970 down, not towards zero', () => {
    expect(iso(floorToHour(at('1969-12-31T23:30:00Z')))).toBe(
      '1969-12-31T23:00:00.000Z',
    );
    expect(floorToStep(-1, MINUTE_MS)).toBe(-MINUTE_MS);
  });

  it('floors to a grid through any origin', () => {
    // 12-hour shifts from 06:00
    expect(
      iso(
        floorToStep(
          at('2026-11-21T05:00:00Z'),
          12 * HOUR_MS,
          at('2026-11-21T06:00:00Z'),
        ),
      ),
    ).toBe('2026-11-20T18:00:00.000Z');
    expect(() => floorToStep(1, 0)).toThrow(RangeError);
  });

  it('agrees with luxon for every instant (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }),
        ms => {
          const t = DateTime.fromMillis(ms, { zone: 'utc' });
          expect(floorToHour(ms)).toBe(t.startOf('hour').toMillis());
          expect(floorToUtcDay(ms)).toBe(t.startOf('day').toMillis());
          expect(floorToIsoWeek(ms)).toBe(t.startOf('week').toMillis());
          const five = floorToFiveMinutes(ms);
          expect(five).toBeLessThanOrEqual(ms);
          expect(ms - five).toBeLessThan(5 * MINUTE_MS);
          expect(DateTime.fromMillis(five, { zone: 'utc' }).minute % 5).toBe(0);
          expect(floorToIsoWeek(ms) + WEEK_MS).toBeGreaterThan(ms);
          expect(floorToUtcDay(ms) % DAY_MS === 0).toBe(true);
        },
      ),
    );
  });
});
