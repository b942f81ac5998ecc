import { deprecationProgress, idealDependents } from './progress';

describe('idealDependents', () => {
  // 2026-10-01 → 2027-03-31: Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 28 + 30
  // (March 1 → 31) = 181 days. 2026-10-01 → 2026-11-21: 31 + 20 = 51 days.
  it('draws a straight line from the first count to 0 at the sunset', () => {
    expect(idealDependents('2026-10-01', 10, '2027-03-31', '2026-10-01')).toBe(
      10,
    );
    // 10 × (181 − 51) / 181 = 1300 / 181 = 7.1823...
    expect(
      idealDependents('2026-10-01', 10, '2027-03-31', '2026-11-21'),
    ).toBeCloseTo(7.1823, 4);
    expect(idealDependents('2026-10-01', 10, '2027-03-31', '2027-03-31')).toBe(
      0,
    );
    expect(idealDependents('2026-10-01', 10, '2027-03-31', '2027-05-01')).toBe(
      0,
    );
  });

  it('is 0 everywhere when the sunset is not after the start', () => {
    expect(idealDependents('2027-04-01', 3, '2027-03-31', '2027-04-02')).toBe(
      0,
    );
  });
});

describe('deprecationProgress', () => {
  it('is on track when the last dependent leaves before the sunset at this pace', () => {
    // 10 → 6 from 2026-10-01 to 2026-11-21 (51 days): pace 4 / 51 = 0.0784 a
    // day. 6 left: 6 / (4 / 51) = 76.5 days, so 77 → 2026-11-21 + 77 days:
    // + 9 = Nov 30, + 31 = Dec 31 (40), + 31 = Jan 31 (71), + 6 = Feb 6 (77).
    // 2027-02-06 is before the sunset 2027-03-31: on track.
    const progress = deprecationProgress(
      [
        { date: '2026-10-01', dependents: 10 },
        { date: '2026-11-01', dependents: 7 },
        { date: '2026-11-21', dependents: 6 },
      ],
      '2027-03-31',
    );
    expect(progress).toEqual({
      ideal: {
        start: { date: '2026-10-01', dependents: 10 },
        end: { date: '2027-03-31', dependents: 0 },
      },
      latest: { date: '2026-11-21', dependents: 6 },
      idealAtLatest: expect.closeTo(1300 / 181, 10),
      pacePerDay: expect.closeTo(4 / 51, 10),
      projectedLastLeaves: '2027-02-06',
      verdict: 'on-track',
    });
  });

  it('is behind when at this pace the last dependent leaves after the sunset', () => {
    // 4 → 3 from 2026-11-01 to 2026-11-29 (28 days): 1 / 28 a day; 3 left
    // take 84 days: Nov 29 + 1 = Nov 30, + 31 = Dec 31 (32), + 31 = Jan 31
    // (63), + 21 = Feb 21 (84) → 2027-02-21, after the sunset 2026-12-31.
    // The ideal line (Nov 1 → Dec 31, 60 days) allows 4 × 32 / 60 = 2.13.
    const progress = deprecationProgress(
      [
        { date: '2026-11-01', dependents: 4 },
        { date: '2026-11-29', dependents: 3 },
      ],
      '2026-12-31',
    );
    expect(progress?.verdict).toBe('behind');
    expect(progress?.projectedLastLeaves).toBe('2027-02-21');
    expect(progress?.idealAtLatest).toBeCloseTo(2.1333, 4);
  });

  it('is on track when the projected day is the sunset day itself', () => {
    // 2 → 1 from 2026-12-01 to 2026-12-11 (10 days): 1 left takes 10 days
    // → 2026-12-21, the sunset day.
    const progress = deprecationProgress(
      [
        { date: '2026-12-01', dependents: 2 },
        { date: '2026-12-11', dependents: 1 },
      ],
      '2026-12-21',
    );
    expect(progress?.projectedLastLeaves).toBe('2026-12-21');
    expect(progress?.verdict).toBe('on-track');
  });

  it('is behind with no projected day when nobody left since the start', () => {
    const progress = deprecationProgress(
      [
        { date: '2026-11-01', dependents: 5 },
        { date: '2026-11-20', dependents: 6 },
      ],
      '2027-03-31',
    );
    expect(progress).toEqual(
      expect.objectContaining({
        pacePerDay: expect.closeTo(-1 / 19, 10),
        projectedLastLeaves: null,
        verdict: 'behind',
      }),
    );
  });

  it('is done when no dependent is left', () => {
    const progress = deprecationProgress(
      [
        { date: '2026-11-01', dependents: 2 },
        { date: '2026-11-11', dependents: 0 },
      ],
      '2027-03-31',
    );
    expect(progress?.verdict).toBe('done');
    expect(progress?.projectedLastLeaves).toBeNull();
  });

  it('is unknown with one day of counts: no pace from a single count', () => {
    const progress = deprecationProgress(
      [{ date: '2026-11-21', dependents: 3 }],
      '2027-03-31',
    );
    expect(progress?.verdict).toBe('unknown');
    expect(progress?.pacePerDay).toBeNull();
  });

  it('is null without a sunset or without counts (no data)', () => {
    expect(
      deprecationProgress([{ date: '2026-11-21', dependents: 3 }], null),
    ).toBeNull();
    expect(deprecationProgress([], '2027-03-31')).toBeNull();
  });
});
