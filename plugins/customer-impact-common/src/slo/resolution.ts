import {
  SLO_DATA_RESOLUTION_SECONDS,
  describeSloDuration,
  fixedDurationSeconds,
  parseSloDuration,
} from './duration';
import { SloDuration, SloWindow } from './types';
import { parseCalendarStartTime } from './windows';

// What the stored data can resolve: counts are kept per 5-minute bucket, so
// windows, slices and lookbacks are whole numbers of 5 minutes, and windows
// start on the 5-minute grid. Each function returns the message of the
// problem (the second half of `spec.timeWindow[0].duration "1m" is ...`), or
// null when the value can be computed.

const RESOLUTION = `the data is stored in 5-minute buckets`;

function minutesNote(duration: SloDuration): string {
  return duration.unit === 'm'
    ? ` (in OpenSLO m is minutes and M is months)`
    : '';
}

/**
 * Why a window cannot be computed from 5-minute buckets, or null. A window
 * shorter than a bucket, or not a whole number of buckets, never holds the
 * buckets it names (a `1m` window has no data, forever).
 *
 * @public
 */
export function windowResolutionProblem(window: SloWindow): string | null {
  const duration = parseSloDuration(window.duration);
  if (!duration) {
    return null; // reported by the schema
  }
  const seconds = fixedDurationSeconds(duration);
  if (seconds !== null && seconds % SLO_DATA_RESOLUTION_SECONDS !== 0) {
    return `"${window.duration}" is ${describeSloDuration(
      duration,
    )}${minutesNote(
      duration,
    )}, but ${RESOLUTION}: a window must be a whole number of 5 minutes. Write e.g. 30d or 4w for a rolling window${
      duration.unit === 'm'
        ? ', or 1M with a calendar for a calendar month'
        : ''
    }`;
  }
  if (window.kind === 'calendar' && window.startTime) {
    const start = parseCalendarStartTime(window.startTime, window.timeZone);
    if (start && (start.minute % 5 !== 0 || start.second !== 0)) {
      return `"${
        window.startTime
      }" does not start on the 5-minute grid ${RESOLUTION} on: write a start time whose minutes are a multiple of 5 and whose seconds are 0, e.g. "${start.toFormat(
        'yyyy-MM-dd HH',
      )}:${String(start.minute - (start.minute % 5)).padStart(2, '0')}:00"`;
    }
  }
  return null;
}

/**
 * Why a time slice cannot be computed from 5-minute buckets, or null: a
 * slice finer than a bucket would make a one-minute outage count as five bad
 * slices.
 *
 * @public
 */
export function sliceResolutionProblem(duration: SloDuration): string | null {
  const seconds = fixedDurationSeconds(duration);
  if (seconds === null || seconds % SLO_DATA_RESOLUTION_SECONDS === 0) {
    return null;
  }
  const slice = `a slice of ${describeSloDuration(duration)}${minutesNote(
    duration,
  )}`;
  const fix = 'use 5m or a whole number of 5 minutes (10m, 1h)';
  if (seconds < SLO_DATA_RESOLUTION_SECONDS) {
    return `${slice} is finer than the 5-minute buckets the data is stored in (one bad bucket would count as ${Math.ceil(
      SLO_DATA_RESOLUTION_SECONDS / seconds,
    )} bad slices): ${fix}`;
  }
  return `${slice} is not a whole number of the 5-minute buckets the data is stored in (a bucket would be split between two slices): ${fix}`;
}
