import { DateTime } from 'luxon';
import { parseIsoDate } from './annotations';
import { BurndownPoint } from './types';

/**
 * How a migration off a deprecated entity is going, against the ideal line
 * from the deprecation's start (its first burndown count) to zero dependents
 * at the sunset.
 *
 * - `done`: no dependent is left.
 * - `on-track`: at the pace since the start, the last dependent leaves on or
 *   before the sunset day.
 * - `behind`: at that pace it leaves after the sunset, or never (no dependent
 *   left since the start).
 * - `unknown`: one day of counts only; no pace can be measured yet.
 *
 * @public
 */
export type DeprecationVerdict = 'done' | 'on-track' | 'behind' | 'unknown';

/**
 * The progress of a deprecation's migration, from its burndown and sunset.
 *
 * @public
 */
export interface DeprecationProgress {
  /** The ideal line: from the first count to none at the sunset (straight between). */
  ideal: { start: BurndownPoint; end: BurndownPoint };
  /** The latest count. */
  latest: BurndownPoint;
  /** Dependents the ideal line allows on the latest count's day (a fraction). */
  idealAtLatest: number;
  /**
   * Dependents that left per day, on average since the start:
   * (first count − latest count) / days between them. Null with one day of counts.
   */
  pacePerDay: number | null;
  /**
   * The day the last dependent leaves at that pace: the latest count's day
   * plus ceil(latest / pace) days. Null when done, unknown, or the pace is not
   * positive (at this pace the last dependent never leaves).
   */
  projectedLastLeaves: string | null;
  /** On track, behind, done, or unknown (see {@link DeprecationVerdict}). */
  verdict: DeprecationVerdict;
}

function daysBetween(from: string, to: string): number {
  return Math.round(parseIsoDate(to)!.diff(parseIsoDate(from)!, 'days').days);
}

/**
 * Dependents the ideal line allows on `day`: a straight line from
 * `startDependents` on `start` to 0 on `sunset`, 0 from the sunset on (and
 * everywhere when the sunset is not after the start).
 *
 * @example
 * 10 dependents on 2026-10-01, sunset 2027-03-31 (181 days later): on
 * 2026-11-21 (51 days in) the line allows 10 × (181 − 51) / 181 ≈ 7.18.
 *
 * @public
 */
export function idealDependents(
  start: string,
  startDependents: number,
  sunset: string,
  day: string,
): number {
  const span = daysBetween(start, sunset);
  if (span <= 0) {
    return 0;
  }
  const left = daysBetween(day, sunset);
  const fraction = Math.min(1, Math.max(0, left / span));
  return startDependents * fraction;
}

/**
 * The progress of a migration: the ideal line from the first count of the
 * burndown (oldest first) to zero at the sunset, the pace since then and the
 * day the last dependent leaves at that pace. Null when there is no sunset
 * or no count (no data: nothing is projected from nothing).
 *
 * @public
 */
export function deprecationProgress(
  burndown: readonly BurndownPoint[],
  sunset: string | null,
): DeprecationProgress | null {
  if (!sunset || !parseIsoDate(sunset) || burndown.length === 0) {
    return null;
  }
  const start = burndown[0];
  const latest = burndown[burndown.length - 1];
  const ideal = { start, end: { date: sunset, dependents: 0 } };
  const idealAtLatest = idealDependents(
    start.date,
    start.dependents,
    sunset,
    latest.date,
  );
  const elapsed = daysBetween(start.date, latest.date);
  const base = { ideal, latest, idealAtLatest };
  if (latest.dependents === 0) {
    const pace = elapsed > 0 ? start.dependents / elapsed : null;
    return {
      ...base,
      pacePerDay: pace,
      projectedLastLeaves: null,
      verdict: 'done',
    };
  }
  if (elapsed <= 0) {
    return {
      ...base,
      pacePerDay: null,
      projectedLastLeaves: null,
      verdict: 'unknown',
    };
  }
  const pacePerDay = (start.dependents - latest.dependents) / elapsed;
  if (pacePerDay <= 0) {
    return {
      ...base,
      pacePerDay,
      projectedLastLeaves: null,
      verdict: 'behind',
    };
  }
  // Exact division would be 76.5 days for 6 left at 4/51 a day; a dependent
  // leaves on a whole day, so round up. The small epsilon keeps 3 / (1/28)
  // (84.00000000000001 in floating point) at 84.
  const days = Math.ceil(latest.dependents / pacePerDay - 1e-9);
  const projected = parseIsoDate(latest.date)!.plus({ days }).toISODate()!;
  return {
    ...base,
    pacePerDay,
    projectedLastLeaves: projected,
    verdict: projected <= sunset ? 'on-track' : 'behind',
  };
}

/**
 * `YYYY-MM-DD` of the UTC day of an instant.
 *
 * @public
 */
export function utcDayOf(now: Date): string {
  return DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()!;
}
