import { compareCodeUnits } from './compareCodeUnits';

describe('compareCodeUnits', () => {
  it('orders by code unit, not by locale', () => {
    // A collation puts "b" before "C" and "é" right after "e"; code units
    // put every capital first and "é" (U+00E9) after "z".
    expect(['b', 'é', 'C', 'e', 'z', 'a'].sort(compareCodeUnits)).toEqual([
      'C',
      'a',
      'b',
      'e',
      'z',
      'é',
    ]);
    expect(compareCodeUnits('team-a', 'team-a')).toBe(0);
    expect(compareCodeUnits('team-a', 'team-b')).toBe(-1);
    expect(compareCodeUnits('team-b', 'team-a')).toBe(1);
  });

  it('is time order for instants of one width', () => {
    const instants = [
      '2026-12-07T10:00:00.000Z',
      '2026-01-31T23:59:59.999Z',
      '2026-12-07T09:59:59.999Z',
    ];
    expect([...instants].sort(compareCodeUnits)).toEqual(
      [...instants].sort((a, b) => Date.parse(a) - Date.parse(b)),
    );
  });
});
