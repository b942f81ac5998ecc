import { Duration } from 'luxon';
import { locale } from './locale';

/**
 * Seconds in human units, the one way the plugin writes a duration:
 * "45 s", "12 min", "2 h 15 min", "2 h", "1 day", "1.5 days", "30 days".
 * Days carry one decimal below 10 days and none above; a duration is never
 * written in more than two units.
 */
export function formatDuration(seconds: number): string {
  if (seconds < 60) {
    return `${Math.round(seconds)} s`;
  }
  if (seconds < 3600) {
    return `${Math.round(seconds / 60)} min`;
  }
  if (seconds < 86400) {
    const d = Duration.fromObject({ seconds: Math.round(seconds / 60) * 60 })
      .shiftTo('hours', 'minutes')
      .toObject();
    const hours = d.hours ?? 0;
    const minutes = d.minutes ?? 0;
    if (hours >= 24) return '1 day';
    return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Duration.fromObject({ seconds }).as('days');
  const rounded = days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
  return `${rounded.toLocaleString(locale())} ${
    rounded === 1 ? 'day' : 'days'
  }`;
}

/** "30 days left", "sunset is today", "sunset passed 3 days ago". */
export function describeDaysToSunset(days: number): string {
  if (days === 0) {
    return 'sunset is today';
  }
  const human = Duration.fromObject({ days: Math.abs(days) }).toHuman();
  return days > 0 ? `${human} left` : `sunset passed ${human} ago`;
}

/**
 * The length of a window `{ from, to }` as a person says it: "4 weeks" when
 * it is whole weeks, else its duration ("36 h", "10 days").
 */
export function formatWindow(window: { from: string; to: string }): string {
  const seconds = (Date.parse(window.to) - Date.parse(window.from)) / 1000;
  const weeks = seconds / (7 * 86400);
  if (Number.isInteger(weeks) && weeks > 0) {
    return weeks === 1 ? '1 week' : `${weeks.toLocaleString(locale())} weeks`;
  }
  return formatDuration(seconds);
}
