import { DateTime } from 'luxon';
import { locale } from './locale';

/** A calendar day `YYYY-MM-DD` (UTC) in the reader's locale, e.g. "Mar 31, 2027". */
export function formatDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' })
    .setLocale(locale())
    .toLocaleString(DateTime.DATE_MED);
}

/** The day of an ISO timestamp in the reader's locale and zone, e.g. "Aug 24, 2026". */
export function formatDate(iso: string): string {
  return DateTime.fromISO(iso)
    .setLocale(locale())
    .toLocaleString(DateTime.DATE_MED);
}

/** An ISO timestamp in the reader's locale and zone, e.g. "Nov 21, 2026, 11:55 AM". */
export function formatTimestamp(iso: string): string {
  return DateTime.fromISO(iso)
    .setLocale(locale())
    .toLocaleString(DateTime.DATETIME_MED);
}

/** "Wed, Nov 18, 00:00–12:00 UTC" for an on-call shift. */
export function formatShift(start: string, end: string): string {
  const s = DateTime.fromISO(start, { zone: 'utc' }).setLocale(locale());
  const e = DateTime.fromISO(end, { zone: 'utc' }).setLocale(locale());
  return `${s.toFormat('ccc, LLL d, HH:mm')}–${e.toFormat(
    'HH:mm',
  )} UTC`.replace('–00:00', '–24:00');
}

/** A chart tick: the day and month of an instant (ms) in the reader's locale and zone, e.g. "Nov 21". */
export function formatShortDay(time: number): string {
  return DateTime.fromMillis(time)
    .setLocale(locale())
    .toLocaleString({ day: 'numeric', month: 'short' });
}

/**
 * The time of an instant in the reader's locale and zone, "10:05 AM", with
 * the day in front ("Nov 20, 10:05 AM") when it is not the day of `reference`
 * (e.g. when the summary was computed).
 */
export function formatClock(iso: string, reference: string): string {
  const time = DateTime.fromISO(iso).setLocale(locale());
  const sameDay = time.hasSame(DateTime.fromISO(reference), 'day');
  return sameDay
    ? time.toLocaleString(DateTime.TIME_SIMPLE)
    : time.toLocaleString({
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      });
}
