import { DateTime } from 'luxon';
import {
  calendarPeriod,
  describeWindow,
  parseCalendarStartTime,
  periodElapsedFraction,
  resolveWindow,
} from './windows';
import { SloCalendarWindow } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string) => Date.parse(iso);

function calendar(
  overrides: Partial<SloCalendarWindow> = {},
): SloCalendarWindow {
  return {
    kind: 'calendar',
    duration: '1M',
    unit: 'M',
    count: 1,
    startTime: null,
    timeZone: 'UTC',
    ...overrides,
  };
}

describe('resolveWindow: rolling', () => {
  it('is [now − duration, now) and always fully elapsed', () => {
    const now = utc('2026-10-15T12:00:00Z');
    const resolved = resolveWindow(
      { kind: 'rolling', duration: '30d', durationSeconds: 30 * 86400 },
      new Date(now),
    );
    // 30 × 24 h = 2,592,000,000 ms
    expect(resolved).toEqual({
      startMs: now - 2_592_000_000,
      endMs: now,
      lengthMs: 2_592_000_000,
      elapsedFraction: 1,
    });
  });
});

describe('resolveWindow: calendar months across DST', () => {
  it('October 2026 in Europe/Berlin has 745 hours (DST ends on 25 Oct)', () => {
    const resolved = resolveWindow(
      calendar({ timeZone: 'Europe/Berlin' }),
      utc('2026-10-15T12:00:00Z'),
    );
    // 1 Oct 00:00 CEST (UTC+2) = 30 Sep 22:00Z; 1 Nov 00:00 CET (UTC+1) = 31 Oct 23:00Z
    expect(new Date(resolved.startMs).toISOString()).toBe(
      '2026-09-30T22:00:00.000Z',
    );
    expect(new Date(resolved.endMs).toISOString()).toBe(
      '2026-10-31T23:00:00.000Z',
    );
    // 31 days × 24 h + 1 h = 745 h = 2,682,000,000 ms
    expect(resolved.lengthMs).toBe(2_682_000_000);
    expect(resolved.lengthMs).toBe(745 * HOUR);
  });

  it('March 2027 in Europe/Berlin has 743 hours (DST starts on 28 Mar)', () => {
    const resolved = resolveWindow(
      calendar({ timeZone: 'Europe/Berlin' }),
      utc('2027-03-28T12:00:00Z'),
    );
    // 1 Mar 00:00 CET = 28 Feb 23:00Z; 1 Apr 00:00 CEST = 31 Mar 22:00Z
    expect(new Date(resolved.startMs).toISOString()).toBe(
      '2027-02-28T23:00:00.000Z',
    );
    expect(new Date(resolved.endMs).toISOString()).toBe(
      '2027-03-31T22:00:00.000Z',
    );
    // 31 × 24 − 1 = 743 h = 2,674,800,000 ms
    expect(resolved.lengthMs).toBe(2_674_800_000);
  });

  it('the same month in UTC has 744 hours, and February 2027 has 672', () => {
    expect(
      resolveWindow(calendar(), utc('2026-10-15T12:00:00Z')).lengthMs,
    ).toBe(744 * HOUR);
    expect(
      resolveWindow(calendar(), utc('2027-02-10T00:00:00Z')).lengthMs,
    ).toBe(28 * DAY);
  });

  it('takes the local month, not the UTC month, near midnight', () => {
    // 30 Sep 22:30Z is already 1 Oct 00:30 in Berlin
    const resolved = resolveWindow(
      calendar({ timeZone: 'Europe/Berlin' }),
      utc('2026-09-30T22:30:00Z'),
    );
    expect(new Date(resolved.startMs).toISOString()).toBe(
      '2026-09-30T22:00:00.000Z',
    );
  });

  it('computes the elapsed fraction of the period', () => {
    // October 2026 UTC: 744 h; on 16 Oct 00:00Z, 15 days = 360 h have elapsed
    const resolved = resolveWindow(calendar(), utc('2026-10-16T00:00:00Z'));
    expect(resolved.elapsedFraction).toBeCloseTo(360 / 744, 12);
    expect(resolved.elapsedFraction).toBeCloseTo(0.483870967741935, 12);
  });
});

describe('calendarPeriod: other units and startTime alignment', () => {
  it('aligns a monthly window on its startTime (wall-clock time in the zone)', () => {
    const window = calendar({ startTime: '2020-01-21 12:30:00' });
    const { start, end } = calendarPeriod(window, utc('2026-10-05T00:00:00Z'));
    expect(start.toUTC().toISO()).toBe('2026-09-21T12:30:00.000Z');
    expect(end.toUTC().toISO()).toBe('2026-10-21T12:30:00.000Z');
    // the start is inclusive: at 21 Oct 12:30 the next period begins
    const next = calendarPeriod(window, utc('2026-10-21T12:30:00Z'));
    expect(next.start.toUTC().toISO()).toBe('2026-10-21T12:30:00.000Z');
    expect(next.end.toUTC().toISO()).toBe('2026-11-21T12:30:00.000Z');
  });

  it('keeps the local startTime across a DST change (745 h period)', () => {
    const window = calendar({
      startTime: '2020-01-21 12:30:00',
      timeZone: 'Europe/Berlin',
    });
    const { start, end } = calendarPeriod(window, utc('2026-10-25T00:00:00Z'));
    // 21 Oct 12:30 CEST = 10:30Z; 21 Nov 12:30 CET = 11:30Z
    expect(start.toUTC().toISO()).toBe('2026-10-21T10:30:00.000Z');
    expect(end.toUTC().toISO()).toBe('2026-11-21T11:30:00.000Z');
    expect(end.toMillis() - start.toMillis()).toBe(745 * HOUR);
  });

  it('steps months from the anchor, so month-end clamping does not drift', () => {
    // anchor 31 Jan: periods 31 Jan → 28 Feb → 31 Mar (not 28 Mar)
    const window = calendar({ startTime: '2027-01-31 00:00:00' });
    const { start, end } = calendarPeriod(window, utc('2027-03-01T00:00:00Z'));
    expect(start.toUTC().toISO()).toBe('2027-02-28T00:00:00.000Z');
    expect(end.toUTC().toISO()).toBe('2027-03-31T00:00:00.000Z');
  });

  it('supports ISO weeks, quarters and years', () => {
    // Thursday 15 Oct 2026 → week from Monday 12 Oct
    const week = calendarPeriod(
      calendar({ duration: '1w', unit: 'w' }),
      utc('2026-10-15T09:00:00Z'),
    );
    expect(week.start.toUTC().toISO()).toBe('2026-10-12T00:00:00.000Z');
    expect(week.end.toUTC().toISO()).toBe('2026-10-19T00:00:00.000Z');

    // Q4 2026: 1 Oct → 1 Jan = 31 + 30 + 31 = 92 days
    const quarter = calendarPeriod(
      calendar({ duration: '1Q', unit: 'Q' }),
      utc('2026-11-05T00:00:00Z'),
    );
    expect(quarter.start.toUTC().toISO()).toBe('2026-10-01T00:00:00.000Z');
    expect(quarter.end.toMillis() - quarter.start.toMillis()).toBe(92 * DAY);

    const year = calendarPeriod(
      calendar({ duration: '1Y', unit: 'Y' }),
      utc('2028-06-01T00:00:00Z'),
    );
    // 2028 is a leap year
    expect(year.end.toMillis() - year.start.toMillis()).toBe(366 * DAY);
  });

  it('aligns multi-unit periods without startTime on 1970 (weeks on Monday 5 Jan 1970)', () => {
    const window = calendar({ duration: '2w', unit: 'w', count: 2 });
    const now = utc('2026-10-15T09:00:00Z');
    const { start, end } = calendarPeriod(window, now);
    expect(start.weekday).toBe(1);
    expect(end.toMillis() - start.toMillis()).toBe(14 * DAY);
    expect(start.toMillis()).toBeLessThanOrEqual(now);
    expect(end.toMillis()).toBeGreaterThan(now);
    // an even number of weeks after Monday 5 Jan 1970
    const weeks = (start.toMillis() - utc('1970-01-05T00:00:00Z')) / (7 * DAY);
    expect(weeks % 2).toBe(0);
  });

  it('rejects an invalid zone', () => {
    expect(() =>
      calendarPeriod(calendar({ timeZone: 'Mars/Olympus' }), 0),
    ).toThrow(/time zone/);
  });
});

describe('parseCalendarStartTime', () => {
  it('reads wall-clock time in the zone and refuses explicit offsets', () => {
    const parsed = parseCalendarStartTime(
      '2020-01-21 12:30:00',
      'Europe/Berlin',
    );
    expect(parsed?.toUTC().toISO()).toBe('2020-01-21T11:30:00.000Z');
    expect(
      parseCalendarStartTime('2020-01-21T12:30:00', 'UTC')?.toUTC().toISO(),
    ).toBe('2020-01-21T12:30:00.000Z');
    expect(parseCalendarStartTime('2020-01-21T12:30:00Z', 'UTC')).toBeNull();
    expect(parseCalendarStartTime('yesterday', 'UTC')).toBeNull();
    expect(
      parseCalendarStartTime('2020-01-21 12:30:00', 'Nowhere/City'),
    ).toBeNull();
  });
});

describe('periodElapsedFraction and describeWindow', () => {
  it('clamps the elapsed fraction to [0, 1]', () => {
    expect(periodElapsedFraction(0, 100, 25)).toBe(0.25);
    expect(periodElapsedFraction(0, 100, -5)).toBe(0);
    expect(periodElapsedFraction(0, 100, 500)).toBe(1);
    expect(periodElapsedFraction(0, 100, DateTime.fromMillis(50))).toBe(0.5);
  });

  it('describes windows for people', () => {
    expect(
      describeWindow({
        kind: 'rolling',
        duration: '28d',
        durationSeconds: 28 * 86400,
      }),
    ).toBe('rolling 28d');
    expect(describeWindow(calendar({ timeZone: 'Europe/Berlin' }))).toBe(
      'calendar 1M (Europe/Berlin)',
    );
    expect(describeWindow(calendar({ startTime: '2020-01-21 12:30:00' }))).toBe(
      'calendar 1M (UTC) from 2020-01-21 12:30:00',
    );
  });
});
