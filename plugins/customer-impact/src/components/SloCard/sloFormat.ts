import {
  DefinitionProblem,
  SloStatus,
} from '@customer-impact/plugin-customer-impact-common';
import { Duration } from 'luxon';
import { formatTimestamp } from '../format';

const locale = () => navigator.language || 'en-US';

function decimalsOf(value: number): number {
  // 99.95 → 2; 99.9 → 1; 99 → 0 (floating noise removed first)
  const text = String(Number(value.toFixed(6)));
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function percentText(value: number, decimals: number): string {
  return `${value.toLocaleString(locale(), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  })} %`;
}

/** The target as written, e.g. 0.9995 → "99.95 %". */
export function formatTarget(target: number): string {
  const percent = target * 100;
  return percentText(percent, decimalsOf(percent));
}

/**
 * An SLI with one decimal more than its target needs (target 99.95 % →
 * "99.962 %"), and more when rounding would hide a miss: a value below the
 * target never shows as the target, a value below 1 never shows as 100 %.
 * Null is "no data".
 */
export function formatSli(sli: number | null, target: number): string {
  if (sli === null) return 'no data';
  const percent = sli * 100;
  const targetPercent = target * 100;
  let decimals = Math.max(1, decimalsOf(targetPercent) + 1);
  const rounded = (d: number) => Number(percent.toFixed(d));
  while (
    decimals < 6 &&
    ((sli < 1 && rounded(decimals) >= 100) ||
      (percent < targetPercent &&
        rounded(decimals) >= Number(targetPercent.toFixed(decimals))))
  ) {
    decimals += 1;
  }
  return percentText(percent, decimals);
}

/** A burn rate, e.g. "14.4×", "0.35×"; null is "no data". */
export function formatBurnRate(rate: number | null): string {
  if (rate === null) return 'no data';
  const decimals = rate >= 10 ? 1 : 2;
  return `${rate.toLocaleString(locale(), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  })}×`;
}

/** A budget fraction as a percentage with one decimal, e.g. -0.375 → "−37.5 %". */
export function formatBudget(fraction: number): string {
  const text = percentText(Math.abs(fraction) * 100, 1);
  return fraction < 0 ? `−${text}` : text;
}

/** What a person reads about the remaining budget. */
export function describeBudget(remaining: number | null): string {
  if (remaining === null) return 'Error budget: no data';
  if (remaining < 0) {
    return `Error budget overspent: ${formatBudget(remaining)} (${formatBudget(
      1 - remaining,
    )} of the budget used)`;
  }
  return `Error budget: ${formatBudget(remaining)} left`;
}

/** A duration in human units: "2 h 15 min", "3 days", "45 min". */
export function humanDuration(seconds: number): string {
  const d = Duration.fromObject({ seconds: Math.round(seconds) })
    .shiftTo('days', 'hours', 'minutes')
    .toObject();
  const days = d.days ?? 0;
  const hours = d.hours ?? 0;
  const minutes = Math.round(d.minutes ?? 0);
  if (days >= 2) {
    const total = days + hours / 24;
    const value = Number.isInteger(total) ? total : Number(total.toFixed(1));
    return `${value.toLocaleString(locale())} days`;
  }
  const totalHours = days * 24 + hours;
  if (totalHours >= 1) {
    return minutes ? `${totalHours} h ${minutes} min` : `${totalHours} h`;
  }
  return `${minutes} min`;
}

/** "last 30 days" for a rolling window; "calendar 1M (Europe/Berlin), since …" otherwise. */
export function describeSloWindow(status: SloStatus): string {
  if (status.window.startsWith('rolling')) {
    return `last ${humanDuration(status.windowSeconds)}`;
  }
  return `${status.window}, since ${formatTimestamp(status.windowStart)}`;
}

/** When the SLO last got data, for a person: "last data 21 Nov 2026, 11:55", or why there is none. */
export function describeLastData(
  lastDataAt: string | null,
  lastSampleAt: string | null,
): string {
  if (lastDataAt) return `last data ${formatTimestamp(lastDataAt)}`;
  if (lastSampleAt) {
    return `no data in the window; last data ${formatTimestamp(lastSampleAt)}`;
  }
  return 'no data received yet';
}

/** Time to exhaustion, for a person; null when there is nothing to say. */
export function describeExhaustion(status: SloStatus): string | null {
  const t = status.timeToExhaustionSeconds;
  if (t === null) return null;
  if (t <= 0) return 'budget exhausted';
  return `at the last hour's burn rate the budget runs out in ${humanDuration(
    t,
  )}`;
}

/** "slos/checkout.yaml, document 2 (SLO checkout-availability), field spec.objectives[0].target, line 14". */
export function describeProblemPlace(problem: DefinitionProblem): string {
  const parts = [problem.source, `document ${problem.documentIndex + 1}`];
  const what = [problem.kind, problem.name].filter(Boolean).join(' ');
  if (what) parts[1] += ` (${what})`;
  parts.push(problem.path ? `field ${problem.path}` : 'whole document');
  if (problem.line !== null) parts.push(`line ${problem.line}`);
  return parts.join(', ');
}
