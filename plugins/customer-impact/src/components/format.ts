import { DateTime, Duration } from 'luxon';

/** A `YYYY-MM-DD` date in the reader's locale, e.g. "31 Mar 2027". */
export function formatDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' })
    .setLocale(navigator.language || 'en-US')
    .toLocaleString(DateTime.DATE_MED);
}

/** An ISO timestamp in the reader's locale and zone. */
export function formatTimestamp(iso: string): string {
  return DateTime.fromISO(iso)
    .setLocale(navigator.language || 'en-US')
    .toLocaleString(DateTime.DATETIME_MED);
}

/** "30 days left", "sunset is today", "sunset passed 3 days ago". */
export function describeDaysToSunset(days: number): string {
  if (days === 0) {
    return 'sunset is today';
  }
  const human = Duration.fromObject({ days: Math.abs(days) }).toHuman();
  return days > 0 ? `${human} left` : `sunset passed ${human} ago`;
}

/** A count with thousands separators in the reader's locale. */
export function formatCount(n: number): string {
  return n.toLocaleString(navigator.language || 'en-US');
}
