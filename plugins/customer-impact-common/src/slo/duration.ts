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
