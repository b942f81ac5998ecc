import fc from 'fast-check';
import { daysInMonth } from './calendar';

describe('daysInMonth', () => {
  it('knows February in leap and common years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('agrees with the Date of the month after, day 0, for every month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        (year, month) => {
          const date = new Date(Date.UTC(2000, 0, 1));
          // setUTCFullYear does not read years 0 to 99 as 1900 to 1999.
          date.setUTCFullYear(year, month, 0);
          expect(daysInMonth(year, month)).toBe(date.getUTCDate());
        },
      ),
    );
  });
});
