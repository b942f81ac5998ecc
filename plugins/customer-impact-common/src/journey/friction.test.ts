import { JourneyFigure, JourneyFrictionFigures } from './figures';
import { journeyFrictionOf } from './friction';

const ok = (value: number, people = 10): JourneyFigure => ({
  status: 'ok',
  value,
  people,
});
const noData: JourneyFigure = { status: 'no-data' };
const withheld: JourneyFigure = {
  status: 'withheld',
  people: 3,
  k: 5,
  reason: 'fewer than k people',
};

function figures(
  overrides: Partial<JourneyFrictionFigures> = {},
): JourneyFrictionFigures {
  return {
    peopleStarted: 0,
    medianSeconds: noData,
    p90Seconds: noData,
    completionRate: noData,
    dropOff: noData,
    abandoned: noData,
    stuckReports: noData,
    peopleStuck: noData,
    meanEffort: noData,
    expectedSeconds: null,
    timeVsExpected: noData,
    selfServiceRate: noData,
    docs: 0,
    concepts: 0,
    ...overrides,
  };
}

describe('journeyFrictionOf', () => {
  it('is unknown when nothing is measured, withheld figures included', () => {
    expect(journeyFrictionOf(figures())).toEqual({
      level: 'unknown',
      reasons: [],
    });
    expect(
      journeyFrictionOf(
        figures({ dropOff: withheld, medianSeconds: withheld }),
      ),
    ).toEqual({ level: 'unknown', reasons: [] });
  });

  it('is low when something is measured and no threshold is reached', () => {
    // 1.2× the expected time (< 1.25), 10 % drop off (< 20 %), effort 3 (< 4),
    // 1 of 10 answering people stuck (10 % < 20 %)
    expect(
      journeyFrictionOf(
        figures({
          timeVsExpected: ok(1.2),
          dropOff: ok(0.1),
          meanEffort: ok(3),
          peopleStuck: ok(1, 10),
        }),
      ),
    ).toEqual({ level: 'low', reasons: [] });
    // a median alone is a measurement
    expect(journeyFrictionOf(figures({ medianSeconds: ok(600) })).level).toBe(
      'low',
    );
    expect(journeyFrictionOf(figures({ stuckReports: ok(0) })).level).toBe(
      'low',
    );
  });

  it('is some friction at 1.25×, 20 %, effort 4 or a fifth stuck', () => {
    expect(
      journeyFrictionOf(
        figures({
          timeVsExpected: ok(1.25),
          dropOff: ok(0.2),
          meanEffort: ok(4),
          peopleStuck: ok(2, 10), // 2 / 10 = 0.2
        }),
      ),
    ).toEqual({
      level: 'some',
      reasons: [
        { signal: 'timeVsExpected', value: 1.25 },
        { signal: 'dropOff', value: 0.2 },
        { signal: 'meanEffort', value: 4 },
        { signal: 'stuckShare', value: 0.2 },
      ],
    });
  });

  it('is high at 2×, 40 %, effort 5 or half stuck, giving only the high reasons', () => {
    // 3 of 6 answering people stuck: 0.5 → high; drop off 25 % is only "some"
    expect(
      journeyFrictionOf(
        figures({
          timeVsExpected: ok(1.5),
          dropOff: ok(0.25),
          meanEffort: ok(5.5),
          peopleStuck: ok(3, 6),
        }),
      ),
    ).toEqual({
      level: 'high',
      reasons: [
        { signal: 'meanEffort', value: 5.5 },
        { signal: 'stuckShare', value: 0.5 },
      ],
    });
    expect(journeyFrictionOf(figures({ timeVsExpected: ok(2) }))).toEqual({
      level: 'high',
      reasons: [{ signal: 'timeVsExpected', value: 2 }],
    });
    expect(journeyFrictionOf(figures({ dropOff: ok(0.4) }))).toEqual({
      level: 'high',
      reasons: [{ signal: 'dropOff', value: 0.4 }],
    });
  });
});
