import { JourneyFigure, JourneyFrictionFigures } from './figures';

/**
 * How much a step (or a whole journey) hurts, from its measured figures.
 *
 * @public
 */
export type JourneyFrictionLevel = 'high' | 'some' | 'low' | 'unknown';

/**
 * The figures friction is judged on.
 *
 * @public
 */
export type JourneyFrictionSignal =
  | 'timeVsExpected'
  | 'dropOff'
  | 'meanEffort'
  | 'stuckShare';

/**
 * Where each signal turns into "some" and into "high" friction (a value at or
 * above the threshold counts).
 *
 * @public
 */
export const JOURNEY_FRICTION_THRESHOLDS: Readonly<
  Record<JourneyFrictionSignal, { high: number; some: number }>
> = {
  /** The median time taken over the expected duration (2 = twice as long). */
  timeVsExpected: { high: 2, some: 1.25 },
  /** The share of the people who started that did not complete. */
  dropOff: { high: 0.4, some: 0.2 },
  /** The mean Customer Effort Score, 1 (very easy) to 7 (very hard). */
  meanEffort: { high: 5, some: 4 },
  /** The share of the people who gave feedback that said they were stuck. */
  stuckShare: { high: 0.5, some: 0.2 },
};

/**
 * One measured figure that makes a step hurt: which one, and its value.
 *
 * @public
 */
export interface JourneyFrictionReason {
  signal: JourneyFrictionSignal;
  /** The figure's value: a ratio for `timeVsExpected`, a share 0..1 for `dropOff` and `stuckShare`, a score for `meanEffort`. */
  value: number;
}

/**
 * The friction of a step or journey, and the figures that make it so.
 *
 * @public
 */
export interface JourneyFriction {
  level: JourneyFrictionLevel;
  /**
   * The figures at or over the threshold of `level` (for `high`, only those
   * over the high threshold), in the order timeVsExpected, dropOff, meanEffort,
   * stuckShare; empty for `low` and `unknown`.
   */
  reasons: JourneyFrictionReason[];
}

/**
 * The friction of a step or journey, from what is measured: `high` when the
 * median takes at least twice the expected time, at least 40 % drop off, the
 * mean effort is 5 or more, or at least half of the people who answered said
 * they were stuck; `some` at 1.25×, 20 %, 4 or a fifth; `low` when something
 * is measured and none of these hold; `unknown` when nothing is (a withheld or
 * no-data figure is not measured). See {@link JOURNEY_FRICTION_THRESHOLDS}.
 *
 * @public
 */
export function journeyFrictionOf(
  figures: JourneyFrictionFigures,
): JourneyFriction {
  const high: JourneyFrictionReason[] = [];
  const some: JourneyFrictionReason[] = [];
  let measured = false;
  const check = (
    signal: JourneyFrictionSignal,
    figure: JourneyFigure,
    value: (v: number, people: number) => number,
  ) => {
    if (figure.status !== 'ok') {
      return;
    }
    measured = true;
    const v = value(figure.value, figure.people);
    const thresholds = JOURNEY_FRICTION_THRESHOLDS[signal];
    if (v >= thresholds.high) {
      high.push({ signal, value: v });
    } else if (v >= thresholds.some) {
      some.push({ signal, value: v });
    }
  };
  check('timeVsExpected', figures.timeVsExpected, v => v);
  check('dropOff', figures.dropOff, v => v);
  check('meanEffort', figures.meanEffort, v => v);
  check('stuckShare', figures.peopleStuck, (v, people) => v / people);
  for (const f of [
    figures.medianSeconds,
    figures.completionRate,
    figures.stuckReports,
  ]) {
    if (f.status === 'ok') {
      measured = true;
    }
  }
  if (high.length > 0) {
    return { level: 'high', reasons: high };
  }
  if (some.length > 0) {
    return { level: 'some', reasons: some };
  }
  return { level: measured ? 'low' : 'unknown', reasons: [] };
}
