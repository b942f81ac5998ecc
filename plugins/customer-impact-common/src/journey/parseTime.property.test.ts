import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parseTime, utcMonth } from './figures';

/** What every timestamp was read by before: luxon alone. */
function byLuxon(at: unknown): number | null {
  if (typeof at !== 'string') {
    return null;
  }
  const time = DateTime.fromISO(at, { setZone: true });
  return time.isValid ? time.toMillis() : null;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('parseTime', () => {
  it('reads the stored form as luxon does, impossible dates included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 999 }),
        (year, month, day, hour, minute, second, ms) => {
          const at = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(
            hour,
            2,
          )}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}Z`;
          expect(parseTime(at)).toBe(byLuxon(at));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads every other form by luxon', () => {
    for (const at of [
      '2026-11-01T09:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '2026-02-28T24:00:00.000Z',
      '2024-02-29T12:00:00.000Z',
      '2000-02-29T12:00:00.000Z',
      '2100-02-29T12:00:00.000Z',
      '2026-04-31T12:00:00.000Z',
      '0099-12-31T23:59:59.999Z',
      '2026-11-01T09:00:60.000Z',
      '2026-11-01T09:00:00Z',
      '2026-11-01T10:00:00.000+01:00',
      '2026-11-01',
      '2026-11-01T09:00:00.000z',
      ' 2026-11-01T09:00:00.000Z',
      'yesterday',
      '',
      undefined,
      42,
    ]) {
      expect(parseTime(at)).toBe(byLuxon(at));
    }
    // The worked examples: the same instant however it is written.
    expect(parseTime('2026-11-01T09:00:00.000Z')).toBe(1793523600000);
    expect(parseTime('2026-11-01T10:00:00.000+01:00')).toBe(1793523600000);
    expect(parseTime('2026-02-30T00:00:00.000Z')).toBeNull();
  });

  it('reads arbitrary strings as luxon does', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), at => {
        expect(parseTime(at)).toBe(byLuxon(at));
      }),
    );
  });
});

describe('utcMonth', () => {
  it('names the month as luxon does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -70_000_000_000_000, max: 300_000_000_000_000 }),
        ms => {
          expect(utcMonth(ms)).toBe(
            DateTime.fromMillis(ms, { zone: 'utc' }).toFormat('yyyy-MM'),
          );
        },
      ),
      { numRuns: 5000 },
    );
    expect(utcMonth(Date.parse('2026-11-30T23:59:59.999Z'))).toBe('2026-11');
    expect(utcMonth(Date.parse('2026-12-01T00:00:00.000Z'))).toBe('2026-12');
  });
});
