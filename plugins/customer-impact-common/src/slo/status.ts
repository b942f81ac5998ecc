import {
  BurnRateAlertRule,
  BurnRateRuleEvaluation,
  evaluateBurnRateAlerts,
  SloAlertState,
  SRE_WORKBOOK_ALERT_RULES,
} from './alerting';
import {
  budgetConsumed,
  budgetRemaining,
  computeSli,
  periodToDateBurn,
  sanitizeBucket,
  timeSlices,
  timeToExhaustionSeconds,
} from './budget';
import {
  BurnRateFigure,
  computeBurnRates,
  DEFAULT_MIN_EVENTS,
} from './burnRate';
import {
  DEFAULT_EXHAUSTION_LOOKBACK_SECONDS,
  sloLookbackSeconds,
} from './lookbacks';
import { SloBucket, SloBudgetingMethod, SloDefinition } from './types';
import { describeWindow, resolveWindow, toEpochMillis } from './windows';

/**
 * Options of `computeSloStatus`.
 *
 * @public
 */
export interface SloStatusOptions {
  /** Minimum events for a burn rate to be trusted; default 100. */
  minEvents?: number;
  /** Alerting table; default `SRE_WORKBOOK_ALERT_RULES`. */
  rules?: readonly BurnRateAlertRule[];
  /** Lookback whose burn rate estimates time to exhaustion, in seconds; default `DEFAULT_EXHAUSTION_LOOKBACK_SECONDS` (1 h). */
  exhaustionLookbackSeconds?: number;
}

/**
 * The computed state of one SLO at one instant. Plain JSON: the backend sends
 * it, the frontend renders it, and both compute it with `computeSloStatus`.
 *
 * @public
 */
export interface SloStatus {
  key: string;
  name: string;
  displayName: string | null;
  service: string;
  target: number;
  budgetingMethod: SloBudgetingMethod;
  /** e.g. `rolling 30d`, `calendar 1M (Europe/Berlin)`. */
  window: string;
  /** ISO 8601 (UTC) start of the window, inclusive. */
  windowStart: string;
  /** ISO 8601 (UTC) end of the window, exclusive (now, for a rolling window). */
  windowEnd: string;
  /** Real window length W in seconds. */
  windowSeconds: number;
  /** Elapsed fraction e of a calendar period; 1 for a rolling window. */
  elapsedFraction: number;
  /** When the figures were computed (ISO 8601, UTC). */
  computedAt: string;
  /** SLI over the window up to now; null = no data. */
  sli: number | null;
  /** C = (1 − SLI)/(1 − T); null = no data. */
  budgetConsumed: number | null;
  /** R = 1 − C; negative when overspent; null = no data. */
  budgetRemaining: number | null;
  /** Calendar windows: C / e (1 = on track); null for rolling windows or no data. */
  periodToDateBurn: number | null;
  burnRates: BurnRateFigure[];
  /** ≈ R · W / BR at the exhaustion lookback's rate; 0 when spent; null when unknown or not burning. */
  timeToExhaustionSeconds: number | null;
  state: SloAlertState;
  firedRule: BurnRateRuleEvaluation | null;
  /** Rules that exceeded their threshold on too few events and were not allowed to alert. */
  suppressedRules: string[];
  lowConfidence: boolean;
  /** Events in the window up to now. */
  eventsInWindow: number;
  badEventsInWindow: number;
  /** For the timeslice methods: measured, good and zero-traffic slices in the window. */
  slices: { measured: number; good: number; zeroTraffic: number } | null;
  /** ISO 8601 end of the latest bucket received (zero-traffic buckets count), or null. */
  lastDataAt: string | null;
  /** Buckets ignored because their counts were invalid (negative, NaN, infinite). */
  ignoredBuckets: number;
}

/**
 * Computes the status of an SLO from raw count buckets at `now`: SLI, error
 * budget, burn rates over `sloLookbackSeconds(options)` (`BURN_RATE_WINDOWS`
 * plus any window the rules need), time to exhaustion, period-to-date burn and the multiwindow,
 * multi-burn-rate alert state.
 *
 * Buckets are attributed by their start time; only buckets that start in
 * `[windowStart, now)` count. No data (0/0) gives null figures, never 0 or 1.
 *
 * @public
 */
export function computeSloStatus(
  definition: SloDefinition,
  buckets: readonly SloBucket[],
  now: Date | number,
  options: SloStatusOptions = {},
): SloStatus {
  const nowMs = toEpochMillis(now);
  const rules = options.rules ?? SRE_WORKBOOK_ALERT_RULES;
  const minEvents = options.minEvents ?? DEFAULT_MIN_EVENTS;
  const exhaustionLookback =
    options.exhaustionLookbackSeconds ?? DEFAULT_EXHAUSTION_LOOKBACK_SECONDS;

  const resolved = resolveWindow(definition.window, nowMs);
  const windowSeconds = resolved.lengthMs / 1000;
  const sliResult = computeSli(
    definition,
    buckets,
    resolved.startMs,
    Math.min(resolved.endMs, nowMs),
  );
  const consumed = budgetConsumed(sliResult.errorRatio, definition.target);
  const remaining = budgetRemaining(consumed);

  const burnRates = computeBurnRates(definition, buckets, nowMs, {
    minEvents,
    lookbackSeconds: sloLookbackSeconds({
      rules,
      exhaustionLookbackSeconds: exhaustionLookback,
    }),
  });
  const alert = evaluateBurnRateAlerts(burnRates, windowSeconds, rules);
  const exhaustionRate =
    burnRates.find(b => b.seconds === exhaustionLookback)?.rate ?? null;

  let lastDataEnd: number | null = null;
  let ignoredBuckets = 0;
  for (const raw of buckets) {
    const bucket = sanitizeBucket(raw);
    if (!bucket) {
      ignoredBuckets += 1;
      continue;
    }
    if (bucket.start < nowMs) {
      const end = bucket.start + bucket.durationSeconds * 1000;
      lastDataEnd = lastDataEnd === null ? end : Math.max(lastDataEnd, end);
    }
  }

  return {
    key: definition.key,
    name: definition.name,
    displayName: definition.displayName,
    service: definition.service,
    target: definition.target,
    budgetingMethod: definition.budgetingMethod,
    window: describeWindow(definition.window),
    windowStart: new Date(resolved.startMs).toISOString(),
    windowEnd: new Date(resolved.endMs).toISOString(),
    windowSeconds,
    elapsedFraction: resolved.elapsedFraction,
    computedAt: new Date(nowMs).toISOString(),
    sli: sliResult.sli,
    budgetConsumed: consumed,
    budgetRemaining: remaining,
    periodToDateBurn:
      definition.window.kind === 'calendar'
        ? periodToDateBurn(consumed, resolved.elapsedFraction)
        : null,
    burnRates,
    timeToExhaustionSeconds: timeToExhaustionSeconds(
      remaining,
      windowSeconds,
      exhaustionRate,
    ),
    state: alert.state,
    firedRule: alert.firedRule,
    suppressedRules: alert.suppressedRules,
    lowConfidence: alert.lowConfidence,
    eventsInWindow: sliResult.events.total,
    badEventsInWindow: sliResult.events.bad,
    slices: sliResult.slices,
    lastDataAt:
      lastDataEnd === null ? null : new Date(lastDataEnd).toISOString(),
    ignoredBuckets,
  };
}

/**
 * One point of an error-budget burndown.
 *
 * @public
 */
export interface SloBurndownPoint {
  /** ISO 8601 (UTC). */
  at: string;
  /** Epoch milliseconds. */
  time: number;
  /** Budget remaining at `time`; null after `now` or when the window has no data. */
  remaining: number | null;
  /** The straight line from 1 at the window start to 0 at its end. */
  ideal: number;
}

/**
 * Remaining budget over the current window, for a chart: `points` instants
 * evenly spaced from the window start to its end (both included; at least 2).
 *
 * The budget is the one of the whole window so far: B × (events, or measured
 * slices, in `[windowStart, now)`). At each instant t the consumed part is the
 * bad events (bad slices; summed slice error ratios for `RatioTimeslices`)
 * from the window start to t, over that budget. The series therefore falls
 * monotonically from 1 and its value at `now` equals `budgetRemaining` of
 * `computeSloStatus`. Instants after `now` (calendar windows) have
 * `remaining: null`; a window with no data has null everywhere.
 *
 * @public
 */
export function budgetBurndown(
  definition: SloDefinition,
  buckets: readonly SloBucket[],
  now: Date | number,
  points: number,
): SloBurndownPoint[] {
  const nowMs = toEpochMillis(now);
  const count = Math.max(2, Math.floor(points));
  const { startMs, endMs } = resolveWindow(definition.window, nowMs);
  const dataEnd = Math.min(endMs, nowMs);
  const budgetShare = 1 - definition.target;

  // Each unit of "badness" at its time, and the size of the whole budget.
  const bad: Array<{ time: number; amount: number }> = [];
  let denominator = 0;
  if (definition.budgetingMethod === 'Occurrences') {
    for (const raw of buckets) {
      const bucket = sanitizeBucket(raw);
      if (bucket && bucket.start >= startMs && bucket.start < dataEnd) {
        denominator += bucket.total;
        bad.push({ time: bucket.start, amount: bucket.total - bucket.good });
      }
    }
  } else {
    const slices = timeSlices(
      buckets,
      startMs,
      dataEnd,
      definition.timeSliceWindowSeconds ?? 60,
    ).filter(s => s.total > 0);
    denominator = slices.length;
    for (const slice of slices) {
      let amount: number;
      if (definition.budgetingMethod === 'Timeslices') {
        const good =
          slice.good / slice.total >= (definition.timeSliceTarget ?? 1);
        amount = good ? 0 : 1;
      } else {
        amount = (slice.total - slice.good) / slice.total;
      }
      // A slice may start before the window (it holds buckets from the window).
      bad.push({ time: Math.max(slice.start, startMs), amount });
    }
  }
  bad.sort((a, b) => a.time - b.time);

  const series: SloBurndownPoint[] = [];
  let index = 0;
  let badSoFar = 0;
  for (let i = 0; i < count; i++) {
    const time = startMs + ((endMs - startMs) * i) / (count - 1);
    // Badness of everything that started strictly before `time` (the first
    // point, at the window start, is therefore always a full budget).
    while (index < bad.length && bad[index].time < time) {
      badSoFar += bad[index].amount;
      index += 1;
    }
    let remaining: number | null = null;
    if (denominator > 0 && time <= nowMs) {
      remaining = 1 - badSoFar / (budgetShare * denominator);
    }
    series.push({
      at: new Date(time).toISOString(),
      time,
      remaining,
      ideal: 1 - i / (count - 1),
    });
  }
  // For a rolling window the last instant is `now`: include every bucket.
  const last = series[series.length - 1];
  if (last.time === nowMs && denominator > 0) {
    const allBad = bad.reduce((sum, b) => sum + b.amount, 0);
    last.remaining = 1 - allBad / (budgetShare * denominator);
  }
  return series;
}
