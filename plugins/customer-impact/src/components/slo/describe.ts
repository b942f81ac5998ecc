import {
  DefinitionProblem,
  SloStatus,
} from '@customer-impact/plugin-customer-impact-common';
import { formatBudget, formatDuration, formatTimestamp } from '../format';

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

/** "last 30 days" for a rolling window; "calendar 1M (Europe/Berlin), since …" otherwise. */
export function describeSloWindow(status: SloStatus): string {
  if (status.window.startsWith('rolling')) {
    return `last ${formatDuration(status.windowSeconds)}`;
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
  return `at the last hour's burn rate the budget runs out in ${formatDuration(
    t,
  )}`;
}

/** "slos/checkout.yaml, document 2 (SLO checkout-availability), field spec.objectives[0].target, line 14". */
export function describeProblemPlace(problem: DefinitionProblem): string {
  const parts = [
    problem.source,
    `document ${problem.documentIndex + 1}${
      problem.itemIndex === undefined ? '' : `, item ${problem.itemIndex + 1}`
    }`,
  ];
  const what = [problem.kind, problem.name].filter(Boolean).join(' ');
  if (what) parts[1] += ` (${what})`;
  parts.push(problem.path ? `field ${problem.path}` : 'whole document');
  if (problem.line !== null) parts.push(`line ${problem.line}`);
  return parts.join(', ');
}
