import { DateTime } from 'luxon';

/**
 * Days before the sunset at which the owners of a deprecated entity's
 * dependents are told, by default: 90, 30 and 7 days before; they are also
 * told once the sunset has passed.
 *
 * @public
 */
export const DEFAULT_DEPRECATION_NOTICE_DAYS: readonly number[] = [90, 30, 7];

/**
 * One notice of a deprecation campaign: `days-90` (90 days before the
 * sunset), ..., or `passed` (the sunset has passed).
 *
 * @public
 */
export interface DeprecationNoticeDue {
  /** `days-<n>` or `passed`; a dependent is told each key once per sunset date. */
  key: string;
  /** The threshold in days before the sunset; null for `passed`. */
  daysBefore: number | null;
}

/**
 * The notice that is due when the sunset is `daysToSunset` days away (0 on the
 * sunset day, negative after it), for the thresholds `noticeDays`: the most
 * urgent threshold reached (the smallest `n` with `daysToSunset <= n`), or
 * `passed` once the sunset day is over. Null when no threshold is reached
 * yet or there is no sunset.
 *
 * A notice that was missed (the campaign started 20 days before the sunset,
 * or the backend was down on day 30) is not sent late: only the most urgent
 * due notice is, so a dependent never gets two notices at once.
 *
 * @example
 * With [90, 30, 7]: 91 days → null; 90 → `days-90`; 31 → `days-90`;
 * 30 → `days-30`; 0 (the sunset day) → `days-7`; -1 → `passed`.
 *
 * @public
 */
export function dueDeprecationNotice(
  daysToSunset: number | null,
  noticeDays: readonly number[] = DEFAULT_DEPRECATION_NOTICE_DAYS,
): DeprecationNoticeDue | null {
  if (daysToSunset === null) {
    return null;
  }
  if (daysToSunset < 0) {
    return { key: 'passed', daysBefore: null };
  }
  const reached = noticeDays.filter(n => daysToSunset <= n);
  if (reached.length === 0) {
    return null;
  }
  const days = Math.min(...reached);
  return { key: `days-${days}`, daysBefore: days };
}

/**
 * Checks a list of notice days (from config): whole numbers of days, at least
 * 1, without duplicates. Returns them sorted, largest first, or a message
 * saying what is wrong.
 *
 * @public
 */
export function validateDeprecationNoticeDays(
  days: readonly unknown[],
): { days: number[] } | { error: string } {
  for (const [i, d] of days.entries()) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      return {
        error: `[${i}] must be a whole number of days, at least 1, got ${JSON.stringify(
          d,
        )}`,
      };
    }
  }
  const sorted = [...(days as number[])].sort((a, b) => b - a);
  const repeated = sorted.find((d, i) => i > 0 && sorted[i - 1] === d);
  if (repeated !== undefined) {
    return { error: `names ${repeated} days twice` };
  }
  return { days: sorted };
}

/**
 * Whether an exemption whose last exempt day is `until` (`YYYY-MM-DD`) still
 * holds at `now`: through the whole of that UTC day, and no longer.
 *
 * @public
 */
export function isExemptionActive(until: string, now: Date): boolean {
  return DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()! <= until;
}
