import { SupportEventKind } from '@customer-impact/plugin-customer-impact-common';
import { DateTime, Duration } from 'luxon';

const locale = () => navigator.language || 'en-US';

/** Seconds as people say them: "45 s", "12 min", "2 h 15 min", "3 days 4 h". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  const d = Duration.fromObject({ seconds: s })
    .shiftTo('days', 'hours', 'minutes')
    .toObject();
  const days = d.days ?? 0;
  const hours = d.hours ?? 0;
  const minutes = Math.round(d.minutes ?? 0);
  if (days > 0) {
    return hours > 0
      ? `${days} ${days === 1 ? 'day' : 'days'} ${hours} h`
      : `${days} ${days === 1 ? 'day' : 'days'}`;
  }
  if (hours > 0) {
    return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  return `${minutes} min`;
}

/** A share in [0, 1] as a whole percentage: "38 %". */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** A number with up to `digits` decimals in the reader's locale. */
export function formatNumber(n: number, digits = 1): string {
  return n.toLocaleString(locale(), { maximumFractionDigits: digits });
}

/** A day in the reader's locale: "Aug 24, 2026". */
export function formatDate(iso: string): string {
  return DateTime.fromISO(iso)
    .setLocale(locale())
    .toLocaleString(DateTime.DATE_MED);
}

/** A moment in the reader's locale and zone. */
export function formatMoment(iso: string): string {
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

/** Kind names as a person reads them, singular and plural. */
export const KIND_LABELS: Record<SupportEventKind, [string, string]> = {
  ticket: ['ticket', 'tickets'],
  page: ['page', 'pages'],
  escalation: ['escalation', 'escalations'],
  'manual-exception': ['manual exception', 'manual exceptions'],
};

export function kindLabel(kind: SupportEventKind, count = 1): string {
  return KIND_LABELS[kind][count === 1 ? 0 : 1];
}
