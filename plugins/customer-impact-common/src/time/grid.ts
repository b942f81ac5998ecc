/**
 * The time grid every facet buckets its data on: instants (milliseconds since
 * the epoch, UTC) floored to the start of their 5-minute slot, hour, UTC day or
 * ISO week. Flooring works for instants before 1970 too (it rounds towards
 * minus infinity, not towards zero).
 */

/** One minute in milliseconds. @public */
export const MINUTE_MS = 60_000;
/** One hour in milliseconds. @public */
export const HOUR_MS = 60 * MINUTE_MS;
/** One day (24 hours, UTC: no daylight saving) in milliseconds. @public */
export const DAY_MS = 24 * HOUR_MS;
/** One week (7 UTC days) in milliseconds. @public */
export const WEEK_MS = 7 * DAY_MS;

/**
 * Floors `ms` to the grid of `stepMs` that passes through `originMs` (default
 * the epoch): the largest `originMs + n × stepMs` that is not after `ms`.
 *
 * @example
 * `floorToStep(Date.parse('2026-11-21T10:07:30Z'), 5 * MINUTE_MS)` is the
 * instant of `2026-11-21T10:05:00Z`.
 *
 * @public
 */
export function floorToStep(ms: number, stepMs: number, originMs = 0): number {
  if (!(stepMs > 0) || !Number.isFinite(stepMs)) {
    throw new RangeError(
      `The step must be a positive number of ms, got ${stepMs}`,
    );
  }
  const offset = ms - originMs;
  return ms - (((offset % stepMs) + stepMs) % stepMs);
}

/**
 * The start of the 5-minute slot holding `ms` (`10:07:30` → `10:05:00`), the
 * grid of SLI samples.
 *
 * @public
 */
export function floorToFiveMinutes(ms: number): number {
  return floorToStep(ms, 5 * MINUTE_MS);
}

/**
 * The start of the UTC hour holding `ms` (`10:59:59.999` → `10:00:00`).
 *
 * @public
 */
export function floorToHour(ms: number): number {
  return floorToStep(ms, HOUR_MS);
}

/**
 * Midnight UTC of the day holding `ms`.
 *
 * @public
 */
export function floorToUtcDay(ms: number): number {
  return floorToStep(ms, DAY_MS);
}

// 1970-01-01 was a Thursday; the Monday before it, 1969-12-29, is 3 days earlier.
const A_MONDAY_MS = -3 * DAY_MS;

/**
 * Monday 00:00 UTC of the ISO week holding `ms`. Sunday 23:59:59.999 UTC is the
 * last moment of a week; Monday 00:00 UTC is the first of the next.
 *
 * @public
 */
export function floorToIsoWeek(ms: number): number {
  return floorToStep(ms, WEEK_MS, A_MONDAY_MS);
}
