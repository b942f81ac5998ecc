import { SliResult } from './budget';
import { BurnRateFigure, DEFAULT_MIN_EVENTS } from './burnRate';
import { formatSloDuration } from './duration';
import {
  SloBurndownPoint,
  SloStatus,
  SloStatusOptions,
  budgetBurndown,
  computeSloStatus,
  statusFromInputs,
} from './status';
import { computeBurnRate } from './burnRate';
import { SloBucket, SloDefinition } from './types';
import { resolveWindow, toEpochMillis } from './windows';

/**
 * One member objective of a composite SLO, with its data.
 *
 * @public
 */
export interface CompositeMemberInput {
  definition: SloDefinition;
  buckets: readonly SloBucket[];
  /** `compositeWeight`, greater than 0 (default 1). */
  weight: number;
}

/**
 * The status of a composite SLO, and of each of its members.
 *
 * @public
 */
export interface CompositeSloStatus {
  status: SloStatus;
  members: Array<{ weight: number; status: SloStatus }>;
}

/** Σ wᵢ·xᵢ / Σ wᵢ over the members whose x is known; null when none is. */
function weightedMean(
  values: ReadonlyArray<{ weight: number; value: number | null }>,
): number | null {
  let sum = 0;
  let weights = 0;
  for (const { weight, value } of values) {
    if (value !== null) {
      sum += weight * value;
      weights += weight;
    }
  }
  return weights > 0 ? sum / weights : null;
}

/**
 * Computes a composite SLO (OpenSLO: objectives with their own indicator,
 * weighted by `compositeWeight`) from its members.
 *
 * The spec gives each objective its own indicator and target, and a weight;
 * the common currency of objectives with different targets is the share of
 * their error budget they have spent. So:
 *
 * - budget consumed C = Σ wᵢ·Cᵢ / Σ wᵢ, over the members with data
 *   (a member without data is left out, not counted as 0 or 1);
 *   remaining R = 1 − C;
 * - burn rate over a lookback BR = Σ wᵢ·BRᵢ / Σ wᵢ over the members with a
 *   rate there (low confidence when any of those is);
 * - SLI = 1 − C·(1 − T), T = the weighted mean of the members' targets (the
 *   composite's `target`): with equal targets this is the weighted mean of
 *   the members' SLIs;
 * - the alert state follows from those burn rates by the SLO's rules (its
 *   AlertPolicies, else the SRE Workbook table).
 *
 * @public
 */
export function computeCompositeStatus(
  definition: SloDefinition,
  members: readonly CompositeMemberInput[],
  now: Date | number,
  options: SloStatusOptions = {},
): CompositeSloStatus {
  const nowMs = toEpochMillis(now);
  const minEvents = options.minEvents ?? DEFAULT_MIN_EVENTS;
  const memberStatuses = members.map(m => ({
    weight: m.weight,
    status: computeSloStatus(m.definition, m.buckets, nowMs, options),
  }));

  const consumed = weightedMean(
    memberStatuses.map(m => ({
      weight: m.weight,
      value: m.status.budgetConsumed,
    })),
  );
  const events = memberStatuses.reduce(
    (sum, m) => ({
      total: sum.total + m.status.eventsInWindow,
      bad: sum.bad + m.status.badEventsInWindow,
    }),
    { total: 0, bad: 0 },
  );
  const errorRatio =
    consumed === null ? null : consumed * (1 - definition.target);
  const sli: SliResult = {
    sli: errorRatio === null ? null : 1 - errorRatio,
    errorRatio,
    events: {
      good: events.total - events.bad,
      total: events.total,
      bad: events.bad,
    },
    slices: null,
  };

  const burnRateAt = (
    atMs: number,
    lookbackSeconds: number,
  ): BurnRateFigure => {
    const figures = members.map(m => ({
      weight: m.weight,
      figure: computeBurnRate(m.definition, m.buckets, atMs, lookbackSeconds, {
        minEvents,
      }),
    }));
    const known = figures.filter(f => f.figure.rate !== null);
    return {
      window: formatSloDuration(lookbackSeconds),
      seconds: lookbackSeconds,
      rate: weightedMean(
        figures.map(f => ({ weight: f.weight, value: f.figure.rate })),
      ),
      lowConfidence:
        known.length === 0 || known.some(f => f.figure.lowConfidence),
      events: figures.reduce((sum, f) => sum + f.figure.events, 0),
      badEvents: figures.reduce((sum, f) => sum + f.figure.badEvents, 0),
    };
  };

  const ends = memberStatuses
    .map(m => m.status.lastDataAt)
    .filter((t): t is string => t !== null)
    .map(t => Date.parse(t));
  const status = statusFromInputs(
    definition,
    {
      sli,
      burnRateAt,
      lastDataEnd: ends.length ? Math.max(...ends) : null,
      ignoredBuckets: memberStatuses.reduce(
        (sum, m) => sum + m.status.ignoredBuckets,
        0,
      ),
    },
    nowMs,
    options,
  );
  return { status, members: memberStatuses };
}

/**
 * The budget burndown of a composite SLO: at each instant, the weighted mean
 * of its members' remaining budgets (those with a figure there), in the same
 * way as its budget.
 *
 * @public
 */
export function compositeBudgetBurndown(
  definition: SloDefinition,
  members: readonly CompositeMemberInput[],
  now: Date | number,
  points: number,
): SloBurndownPoint[] {
  const series = members.map(m => ({
    weight: m.weight,
    points: budgetBurndown(m.definition, m.buckets, now, points),
  }));
  // The composite's own grid (its window), for when it has no member.
  const { startMs, endMs } = resolveWindow(definition.window, now);
  const count = Math.max(2, Math.floor(points));
  return Array.from({ length: count }, (_, i) => {
    const time = startMs + ((endMs - startMs) * i) / (count - 1);
    const remaining = weightedMean(
      series.map(s => ({
        weight: s.weight,
        value:
          s.points[i]?.remaining === null || s.points[i] === undefined
            ? null
            : 1 - s.points[i].remaining!,
      })),
    );
    return {
      at: new Date(time).toISOString(),
      time,
      remaining: remaining === null ? null : 1 - remaining,
      ideal: 1 - i / (count - 1),
    };
  });
}
