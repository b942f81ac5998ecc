import { SloAlertState } from './alerting';
import { BurnRateFigure } from './burnRate';
import { SLO_DATA_RESOLUTION_SECONDS } from './duration';
import { SloBurnRateCondition, SloComparisonOp } from './types';

/**
 * The burn rate over `lookbackSeconds` ending at `atMs`: the figures an alert
 * condition reads, at now and at the earlier instants its `alertAfter` covers.
 *
 * @public
 */
export type BurnRateAt = (
  atMs: number,
  lookbackSeconds: number,
) => BurnRateFigure;

/**
 * The evaluation of one OpenSLO burn-rate condition at an instant.
 *
 * @public
 */
export interface AlertConditionEvaluation {
  id: string;
  policy: string;
  name: string | null;
  severity: string;
  action: 'page' | 'ticket';
  op: SloComparisonOp;
  threshold: number;
  lookbackWindow: string;
  alertAfter: string;
  /** The burn rate over the lookback at now; null when it held no event. */
  rate: number | null;
  /** The lookback held fewer than the minimum number of events. */
  lowConfidence: boolean;
  /** `rate op threshold` holds now (regardless of confidence). */
  breaching: boolean;
  /**
   * How long, up to `alertAfter`, the condition has held without a break,
   * in seconds (checked every 5 minutes); 0 when it does not hold now.
   */
  heldSeconds: number;
  /** Alerting: breaching for `alertAfter` (alertWhenBreaching), or without data for `alertAfter` (alertWhenNoData). */
  fired: boolean;
  /** Why it fired, when it did. */
  firedBy: 'breaching' | 'no-data' | null;
  /** Breaching now, but on too few events: not allowed to alert. */
  suppressed: boolean;
}

// Relative tolerance so that a rate exactly at the threshold, give or take
// floating-point noise, compares as equal.
const EPSILON = 1e-9;

/**
 * `rate op threshold`, equal within a relative 1e-9 (so `gte 14.4` holds
 * for a computed 14.399999999999999).
 *
 * @public
 */
export function compareBurnRate(
  rate: number,
  op: SloComparisonOp,
  threshold: number,
): boolean {
  const tolerance = EPSILON * Math.max(1, Math.abs(threshold));
  switch (op) {
    case 'gt':
      return rate > threshold + tolerance;
    case 'gte':
      return rate >= threshold - tolerance;
    case 'lt':
      return rate < threshold - tolerance;
    case 'lte':
    default:
      return rate <= threshold + tolerance;
  }
}

/**
 * Evaluates OpenSLO burn-rate conditions at `nowMs` (OpenSLO AlertPolicy /
 * AlertCondition, `kind: burnrate`):
 *
 * - a condition is *breaching* at an instant t when the burn rate over
 *   `[t − lookbackWindow, t)` compares with `threshold` by `op`;
 * - it *fires* when it has been breaching at every 5-minute instant
 *   now, now − 5 m, …, now − `alertAfter` (so `alertAfter: 0m` fires at once)
 *   and its policy alerts when breaching (`alertWhenBreaching`, default true);
 *   or, with `alertWhenNoData`, when its lookback held no event at all of
 *   those instants;
 * - low confidence never alerts: a condition breaching on fewer than the
 *   minimum number of events at any of those instants does not fire
 *   (`suppressed` when that is the case now).
 *
 * The state is `page` when a condition of page action fired, else `ticket`
 * when one fired, else `ok` when any condition had a burn rate now, else
 * `no-data`.
 *
 * @public
 */
export function evaluateAlertConditions(
  conditions: readonly SloBurnRateCondition[],
  burnRateAt: BurnRateAt,
  nowMs: number,
): {
  state: SloAlertState;
  fired: AlertConditionEvaluation | null;
  conditions: AlertConditionEvaluation[];
} {
  const step = SLO_DATA_RESOLUTION_SECONDS;
  const evaluations = conditions.map((condition): AlertConditionEvaluation => {
    const instants = Math.floor(condition.alertAfterSeconds / step);
    let held = 0;
    let breachingThroughout = true;
    let noDataThroughout = true;
    let now: BurnRateFigure | null = null;
    let counting = true;
    for (let k = 0; k <= instants; k++) {
      const figure = burnRateAt(
        nowMs - k * step * 1000,
        condition.lookbackWindowSeconds,
      );
      if (k === 0) now = figure;
      const breaching =
        figure.rate !== null &&
        compareBurnRate(figure.rate, condition.op, condition.threshold);
      const trusted = breaching && !figure.lowConfidence;
      if (!trusted) breachingThroughout = false;
      if (figure.rate !== null) noDataThroughout = false;
      if (counting && trusted && k > 0) {
        held = k * step;
      } else if (!trusted) {
        counting = false;
      }
    }
    const rate = now!.rate;
    const breaching =
      rate !== null && compareBurnRate(rate, condition.op, condition.threshold);
    const firedByBreach = condition.alertWhenBreaching && breachingThroughout;
    const firedByNoData = condition.alertWhenNoData && noDataThroughout;
    let firedBy: AlertConditionEvaluation['firedBy'] = null;
    if (firedByBreach) {
      firedBy = 'breaching';
    } else if (firedByNoData) {
      firedBy = 'no-data';
    }
    return {
      id: condition.id,
      policy: condition.policy,
      name: condition.name,
      severity: condition.severity,
      action: condition.action,
      op: condition.op,
      threshold: condition.threshold,
      lookbackWindow: condition.lookbackWindow,
      alertAfter: condition.alertAfter,
      rate,
      lowConfidence: now!.lowConfidence,
      breaching,
      heldSeconds: breaching && !now!.lowConfidence ? held : 0,
      fired: firedByBreach || firedByNoData,
      firedBy,
      suppressed: breaching && now!.lowConfidence,
    };
  });
  const fired =
    evaluations.find(e => e.fired && e.action === 'page') ??
    evaluations.find(e => e.fired && e.action === 'ticket') ??
    null;
  let state: SloAlertState;
  if (fired) {
    state = fired.action;
  } else if (evaluations.some(e => e.rate !== null)) {
    state = 'ok';
  } else {
    state = 'no-data';
  }
  return { state, fired, conditions: evaluations };
}
