import { DateTime, DurationLikeObject, IANAZone } from 'luxon';
import { SloCalendarWindow, SloDurationUnit, SloWindow } from './types';

/**
 * A concrete SLO window `[startMs, endMs)`.
 *
 * @public
 */
export interface ResolvedSloWindow {
  /** Inclusive start, epoch milliseconds. */
  startMs: number;
  /** Exclusive end, epoch milliseconds. For a rolling window, `now`. */
  endMs: number;
  /** The real length `endMs − startMs` (a calendar month with a DST change has 743 or 745 hours). */
  lengthMs: number;
  /**
   * Elapsed fraction e of the period at `now`, in [0, 1]. Always 1 for a
   * rolling window, which is full by construction.
   */
  elapsedFraction: number;
}

type LuxonUnitKey = keyof DurationLikeObject &
  ('minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'quarters' | 'years');

const LUXON_UNIT: Record<SloDurationUnit, LuxonUnitKey> = {
  m: 'minutes',
  h: 'hours',
  d: 'days',
  w: 'weeks',
  M: 'months',
  Q: 'quarters',
  Y: 'years',
};

const START_OF_UNIT: Record<
  SloDurationUnit,
  'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year'
> = {
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  M: 'month',
  Q: 'quarter',
  Y: 'year',
};

/**
 * Converts a `Date`, epoch milliseconds or luxon `DateTime` to epoch milliseconds.
 *
 * @internal
 */
export function toEpochMillis(time: Date | number | DateTime): number {
  if (typeof time === 'number') {
    return time;
  }
  if (time instanceof Date) {
    return time.getTime();
  }
  return time.toMillis();
}

/**
 * Parses a calendar `startTime` (`YYYY-MM-DD HH:mm:ss`, or ISO with a `T`),
 * which has no zone of its own, as wall-clock time in `timeZone`. Null when
 * the text or the zone is invalid.
 *
 * @public
 */
export function parseCalendarStartTime(
  startTime: string,
  timeZone: string,
): DateTime | null {
  if (!IANAZone.isValidZone(timeZone)) {
    return null;
  }
  const text = startTime.trim();
  // Reject explicit offsets: the zone comes from `timeZone` only.
  if (/(Z|[+-]\d\d:?\d\d)$/i.test(text) && /[T ]\d/.test(text)) {
    return null;
  }
  let parsed = DateTime.fromSQL(text, { zone: timeZone });
  if (!parsed.isValid) {
    parsed = DateTime.fromISO(text, { zone: timeZone });
  }
  return parsed.isValid ? parsed : null;
}

/**
 * The calendar period that contains `now`: `[start, end)` as luxon DateTimes in
 * the window's zone. Periods are `anchor + k·count·unit` with calendar
 * arithmetic (`plus({ months })`), where the anchor is `startTime` when given,
 * otherwise `startOf(unit)` (ISO weeks start on Monday). For `count > 1`
 * without `startTime` the anchor is 1970-01-01 (Monday 1970-01-05 for weeks)
 * in the zone.
 *
 * Throws when the zone or `startTime` is invalid (definitions coming from
 * `parseSloDefinitions` have been checked already).
 *
 * @public
 */
export function calendarPeriod(
  window: SloCalendarWindow,
  now: Date | number | DateTime,
): { start: DateTime; end: DateTime } {
  if (!IANAZone.isValidZone(window.timeZone)) {
    throw new Error(`Invalid time zone ${window.timeZone}`);
  }
  const key = LUXON_UNIT[window.unit];
  const t = DateTime.fromMillis(toEpochMillis(now), { zone: window.timeZone });
  let anchor: DateTime;
  if (window.startTime) {
    const parsed = parseCalendarStartTime(window.startTime, window.timeZone);
    if (!parsed) {
      throw new Error(`Invalid calendar startTime ${window.startTime}`);
    }
    anchor = parsed;
  } else if (window.count === 1) {
    const start = t.startOf(START_OF_UNIT[window.unit]);
    return { start, end: start.plus({ [key]: 1 }) };
  } else {
    anchor = DateTime.fromObject(
      { year: 1970, month: 1, day: window.unit === 'w' ? 5 : 1 },
      { zone: window.timeZone },
    );
  }
  // Always step from the anchor (never from the previous period), so that
  // month-end clamping does not drift: Jan 31 + 1M = Feb 28, + 2M = Mar 31.
  const step = (k: number) => anchor.plus({ [key]: k * window.count });
  let k = Math.floor(t.diff(anchor, key).get(key) / window.count);
  while (step(k) > t) {
    k -= 1;
  }
  while (step(k + 1) <= t) {
    k += 1;
  }
  return { start: step(k), end: step(k + 1) };
}

/**
 * Resolves a window at `now`: rolling = `[now − duration, now)`; calendar =
 * the period containing `now`, in the SLO's zone, with its real length.
 *
 * @public
 */
export function resolveWindow(
  window: SloWindow,
  now: Date | number | DateTime,
): ResolvedSloWindow {
  const nowMs = toEpochMillis(now);
  if (window.kind === 'rolling') {
    const lengthMs = window.durationSeconds * 1000;
    return {
      startMs: nowMs - lengthMs,
      endMs: nowMs,
      lengthMs,
      elapsedFraction: 1,
    };
  }
  const { start, end } = calendarPeriod(window, nowMs);
  const startMs = start.toMillis();
  const endMs = end.toMillis();
  return {
    startMs,
    endMs,
    lengthMs: endMs - startMs,
    elapsedFraction: periodElapsedFraction(startMs, endMs, nowMs),
  };
}

/**
 * Elapsed fraction e = (now − start) / (end − start) of a period, clamped to [0, 1].
 *
 * @public
 */
export function periodElapsedFraction(
  startMs: number,
  endMs: number,
  now: Date | number | DateTime,
): number {
  const length = endMs - startMs;
  if (length <= 0) {
    return 1;
  }
  const e = (toEpochMillis(now) - startMs) / length;
  return Math.min(1, Math.max(0, e));
}

/**
 * A short human description of a window: `rolling 30d`,
 * `calendar 1M (Europe/Berlin)`, `calendar 1M (UTC) from 2020-01-21 12:30:00`.
 *
 * @public
 */
export function describeWindow(window: SloWindow): string {
  if (window.kind === 'rolling') {
    return `rolling ${window.duration}`;
  }
  const from = window.startTime ? ` from ${window.startTime}` : '';
  return `calendar ${window.duration} (${window.timeZone})${from}`;
}
