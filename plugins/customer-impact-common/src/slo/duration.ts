import { SloDuration, SloDurationUnit } from './types';

const DURATION = /^([1-9]\d*)([mhdwMQY])$/;

const FIXED_UNIT_SECONDS: Partial<Record<SloDurationUnit, number>> = {
  m: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
};

/**
 * Parses an OpenSLO duration (`5m`, `1h`, `30d`, `2w`, `1M`, `1Q`, `1Y`).
 * Returns null when the text is not one.
 *
 * @public
 */
export function parseSloDuration(text: string): SloDuration | null {
  const match = DURATION.exec(text.trim());
  if (!match) {
    return null;
  }
  const count = Number(match[1]);
  if (!Number.isSafeInteger(count)) {
    return null;
  }
  return { text: text.trim(), count, unit: match[2] as SloDurationUnit };
}

/**
 * True for the calendar units `M`, `Q` and `Y`, whose length varies.
 *
 * @public
 */
export function isCalendarUnit(unit: SloDurationUnit): boolean {
  return unit === 'M' || unit === 'Q' || unit === 'Y';
}

/**
 * Length in seconds of a duration in a fixed unit (`m h d w`, a day being
 * 24 h). Null for the calendar units `M Q Y`, which have no fixed length.
 *
 * @public
 */
export function fixedDurationSeconds(duration: SloDuration): number | null {
  const unitSeconds = FIXED_UNIT_SECONDS[duration.unit];
  return unitSeconds === undefined ? null : duration.count * unitSeconds;
}

/**
 * Formats a number of seconds as the shortest OpenSLO-like duration that
 * represents it exactly (`300` → `5m`, `86400` → `1d`), falling back to `Ns`.
 *
 * @public
 */
export function formatSloDuration(seconds: number): string {
  const units: Array<[string, number]> = [
    ['w', 7 * 86400],
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ];
  for (const [unit, size] of units) {
    if (seconds > 0 && seconds % size === 0) {
      return `${seconds / size}${unit}`;
    }
  }
  return `${seconds}s`;
}

/**
 * The resolution of the stored SLI data: counts are kept in 5-minute buckets
 * (and hourly roll-ups). A window, a time slice, a lookback or an `alertAfter`
 * must be a whole number of these to be computed from the buckets.
 *
 * @public
 */
export const SLO_DATA_RESOLUTION_SECONDS = 300;

const UNIT_WORDS: Record<SloDurationUnit, [string, string]> = {
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  w: ['week', 'weeks'],
  M: ['month', 'months'],
  Q: ['quarter', 'quarters'],
  Y: ['year', 'years'],
};

/**
 * A duration in words, for messages: `1m` → `1 minute`, `30d` → `30 days`.
 *
 * @public
 */
export function describeSloDuration(duration: SloDuration): string {
  const [one, many] = UNIT_WORDS[duration.unit];
  return `${duration.count} ${duration.count === 1 ? one : many}`;
}

/**
 * Parses an OpenSLO `timeSliceWindow`: a duration shorthand (`5m`, `1h`) or a
 * number, which the spec reads as minutes (`5` is `5m`). Null when it is
 * neither (or a number that is not a positive whole number of minutes).
 *
 * @public
 */
export function parseTimeSliceWindow(value: unknown): SloDuration | null {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value > 0
      ? { text: `${value}m`, count: value, unit: 'm' }
      : null;
  }
  return typeof value === 'string' ? parseSloDuration(value) : null;
}

/**
 * A target given in percent as a fraction, without the binary rounding of a
 * division: `99.9` → `0.999` (while `99.9 / 100` is `0.9990000000000001`).
 * The decimal point of the number's shortest decimal text is moved two places
 * and the result parsed once.
 *
 * @public
 */
export function percentToFraction(percent: number): number {
  if (!Number.isFinite(percent)) {
    return percent / 100;
  }
  const [mantissa, exponent = '0'] = String(percent).split('e');
  return Number(`${mantissa}e${Number(exponent) - 2}`);
}
