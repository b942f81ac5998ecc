import { budgetConsumed, computeSli, SliMethod } from './budget';
import { formatSloDuration } from './duration';
import { SloBucket } from './types';
import { toEpochMillis } from './windows';

/**
 * The lookback windows burn rates are reported over: those of the SRE Workbook
 * multiwindow table (5m, 30m, 1h, 6h, 3d) and Sloth's ticket pair (2h, 1d).
 *
 * @public
 */
export const BURN_RATE_WINDOWS: ReadonlyArray<{
  window: string;
  seconds: number;
}> = [
  { window: '5m', seconds: 5 * 60 },
  { window: '30m', seconds: 30 * 60 },
  { window: '1h', seconds: 3600 },
  { window: '2h', seconds: 2 * 3600 },
  { window: '6h', seconds: 6 * 3600 },
  { window: '1d', seconds: 86400 },
  { window: '3d', seconds: 3 * 86400 },
];

/**
 * Default minimum number of events in a lookback window for its burn rate to
 * be trusted.
 *
 * @public
 */
export const DEFAULT_MIN_EVENTS = 100;

/**
 * The burn rate over one lookback window.
 *
 * @public
 */
export interface BurnRateFigure {
  /** e.g. `1h`. */
  window: string;
  seconds: number;
  /** (error ratio over the lookback) / (1 − T); null when there were no events (no data). */
  rate: number | null;
  /** True when the window held fewer than the minimum number of events (including none). */
  lowConfidence: boolean;
  /** Total events in the lookback window. */
  events: number;
  /** Bad events in the lookback window. */
  badEvents: number;
}

/**
 * Options of the burn-rate computation.
 *
 * @public
 */
export interface BurnRateOptions {
  /** Minimum events for a trusted burn rate; default `DEFAULT_MIN_EVENTS` (100). */
  minEvents?: number;
}

/**
 * Burn rate from an error ratio: BR = errorRatio / (1 − T). Null stays null.
 *
 * The same formula as the budget consumed C (`budgetConsumed`): the burn rate
 * over a lookback is the budget the lookback's error ratio would consume over
 * a whole window, so it is computed by `budgetConsumed` itself.
 *
 * @public
 */
export function burnRateFromErrorRatio(
  errorRatio: number | null,
  target: number,
): number | null {
  return budgetConsumed(errorRatio, target);
}

/**
 * The burn rate that spends the fraction `budgetFraction` of the budget of an
 * SLO window of `windowSeconds` in `lookbackSeconds`: BR* = x · W / w.
 * For 30 d: 2 % in 1 h → 14.4; 5 % in 6 h → 6; 10 % in 3 d → 1.
 *
 * @public
 */
export function burnRateThreshold(
  budgetFraction: number,
  windowSeconds: number,
  lookbackSeconds: number,
): number {
  return (budgetFraction * windowSeconds) / lookbackSeconds;
}

/**
 * The fraction of the budget a burn rate spends if it persists for
 * `lookbackSeconds`: BR · w / W.
 *
 * @public
 */
export function budgetSpentByBurnRate(
  burnRate: number,
  windowSeconds: number,
  lookbackSeconds: number,
): number {
  return (burnRate * lookbackSeconds) / windowSeconds;
}

/**
 * The burn rate over the lookback window `[now − lookbackSeconds, now)`.
 *
 * The error ratio follows the SLO's budgeting method, so the burn rate
 * measures the speed at which *this SLO's* budget is spent: for `Occurrences`
 * it is (bad_w / total_w) / (1 − T); for the timeslice methods it uses the bad
 * slices (or mean slice error ratio) within the lookback. `lowConfidence` is
 * set when the lookback held fewer than `minEvents` events (for a threshold
 * metric, which has no events: no measured slice).
 *
 * @public
 */
export function computeBurnRate(
  method: SliMethod & { target: number },
  buckets: readonly SloBucket[],
  now: Date | number,
  lookbackSeconds: number,
  options: BurnRateOptions = {},
): BurnRateFigure {
  const minEvents = options.minEvents ?? DEFAULT_MIN_EVENTS;
  const nowMs = toEpochMillis(now);
  const result = computeSli(
    method,
    buckets,
    nowMs - lookbackSeconds * 1000,
    nowMs,
  );
  // A threshold metric has no events: one measured slice is a measurement.
  const enough = method.threshold ? 1 : minEvents;
  return {
    window: formatSloDuration(lookbackSeconds),
    seconds: lookbackSeconds,
    rate: burnRateFromErrorRatio(result.errorRatio, method.target),
    lowConfidence: result.events.total < enough,
    events: result.events.total,
    badEvents: result.events.bad,
  };
}

/**
 * Burn rates over several lookback windows (default `BURN_RATE_WINDOWS`),
 * in the order given.
 *
 * @public
 */
export function computeBurnRates(
  method: SliMethod & { target: number },
  buckets: readonly SloBucket[],
  now: Date | number,
  options: BurnRateOptions & { lookbackSeconds?: readonly number[] } = {},
): BurnRateFigure[] {
  const lookbacks =
    options.lookbackSeconds ?? BURN_RATE_WINDOWS.map(w => w.seconds);
  return lookbacks.map(seconds =>
    computeBurnRate(method, buckets, now, seconds, options),
  );
}
