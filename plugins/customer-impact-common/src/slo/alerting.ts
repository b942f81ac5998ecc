import { BurnRateFigure, burnRateThreshold } from './burnRate';

/**
 * The alert state of an SLO.
 *
 * @public
 */
export type SloAlertState = 'page' | 'ticket' | 'ok' | 'no-data';

/**
 * One row of a multiwindow, multi-burn-rate alerting table: alert with
 * `action` when the burn rate over BOTH the long and the short window exceeds
 * the rate that spends `budgetFraction` of the budget in the long window.
 *
 * @public
 */
export interface BurnRateAlertRule {
  /** Stable id, e.g. `page-1h`. */
  id: string;
  longWindow: string;
  longWindowSeconds: number;
  /** long / 12. */
  shortWindow: string;
  shortWindowSeconds: number;
  /** x: fraction of the SLO window's budget spent in the long window at the threshold rate. */
  budgetFraction: number;
  action: 'page' | 'ticket';
}

/**
 * The SRE Workbook table ("Alerting on SLOs", multiwindow, multi-burn-rate):
 * 1 h / 5 m spending 2 % → page; 6 h / 30 m spending 5 % → page; 3 d / 6 h
 * spending 10 % → ticket. For 99.9 % over 30 d the rates are 14.4, 6 and 1.
 *
 * @public
 */
export const SRE_WORKBOOK_ALERT_RULES: readonly BurnRateAlertRule[] = [
  {
    id: 'page-1h',
    longWindow: '1h',
    longWindowSeconds: 3600,
    shortWindow: '5m',
    shortWindowSeconds: 300,
    budgetFraction: 0.02,
    action: 'page',
  },
  {
    id: 'page-6h',
    longWindow: '6h',
    longWindowSeconds: 6 * 3600,
    shortWindow: '30m',
    shortWindowSeconds: 1800,
    budgetFraction: 0.05,
    action: 'page',
  },
  {
    id: 'ticket-3d',
    longWindow: '3d',
    longWindowSeconds: 3 * 86400,
    shortWindow: '6h',
    shortWindowSeconds: 6 * 3600,
    budgetFraction: 0.1,
    action: 'ticket',
  },
];

/**
 * The Workbook table plus Sloth's extra ticket rule: 1 d / 2 h spending 10 %
 * (3× on a 30 d window).
 *
 * @public
 */
export const SLOTH_ALERT_RULES: readonly BurnRateAlertRule[] = [
  SRE_WORKBOOK_ALERT_RULES[0],
  SRE_WORKBOOK_ALERT_RULES[1],
  {
    id: 'ticket-1d',
    longWindow: '1d',
    longWindowSeconds: 86400,
    shortWindow: '2h',
    shortWindowSeconds: 2 * 3600,
    budgetFraction: 0.1,
    action: 'ticket',
  },
  SRE_WORKBOOK_ALERT_RULES[2],
];

/**
 * The evaluation of one rule.
 *
 * @public
 */
export interface BurnRateRuleEvaluation {
  id: string;
  action: 'page' | 'ticket';
  longWindow: string;
  shortWindow: string;
  /** BR* = x · W / w for this SLO's window. */
  threshold: number;
  longRate: number | null;
  shortRate: number | null;
  /** Both rates known (at least one event in each window). */
  evaluable: boolean;
  /** Both rates above the threshold (regardless of confidence). */
  exceeded: boolean;
  /** Either window held fewer than the minimum number of events. */
  lowConfidence: boolean;
  /** `exceeded` and not `lowConfidence`. */
  fired: boolean;
}

/**
 * The alert state of an SLO and why.
 *
 * @public
 */
export interface SloAlertEvaluation {
  state: SloAlertState;
  /** The rule that set the state (the first firing page rule, else the first firing ticket rule). */
  firedRule: BurnRateRuleEvaluation | null;
  /** Ids of rules whose rates exceeded the threshold but which did not fire for low confidence. */
  suppressedRules: string[];
  /** True when `suppressedRules` is not empty. */
  lowConfidence: boolean;
  rules: BurnRateRuleEvaluation[];
}

// Relative tolerance so that a rate exactly at the threshold, give or take
// floating-point noise, does not fire.
const EPSILON = 1e-9;

/**
 * Scales a rule table to an SLO window: the threshold of each rule is
 * BR* = x · W / w (30 d → 14.4 / 6 / 1; 28 d → 13.44 / 5.6 / 0.933…).
 *
 * @public
 */
export function scaledThresholds(
  windowSeconds: number,
  rules: readonly BurnRateAlertRule[] = SRE_WORKBOOK_ALERT_RULES,
): Array<{ id: string; threshold: number }> {
  return rules.map(rule => ({
    id: rule.id,
    threshold: burnRateThreshold(
      rule.budgetFraction,
      windowSeconds,
      rule.longWindowSeconds,
    ),
  }));
}

/**
 * Multiwindow, multi-burn-rate state of an SLO from its burn rates.
 *
 * A rule fires when the burn rates over both its long and its short window are
 * strictly above its threshold BR* = x · W / w and neither window is low
 * confidence. Policy:
 *
 * - `page` when a page rule fires, else `ticket` when a ticket rule fires.
 * - Low confidence never alerts: a rule whose rates exceed the threshold with
 *   fewer than the minimum events in either window does not fire; it is listed
 *   in `suppressedRules` and `lowConfidence` is set (the state is then `ok`).
 * - `no-data` when no rule can be evaluated: for every rule, the long or the
 *   short window held no event at all (rate null). With the Workbook table this
 *   means no event in the last 6 h (or 3 d).
 * - `ok` otherwise.
 *
 * A window missing from `burnRates` counts as having no data.
 *
 * @public
 */
export function evaluateBurnRateAlerts(
  burnRates: readonly BurnRateFigure[],
  windowSeconds: number,
  rules: readonly BurnRateAlertRule[] = SRE_WORKBOOK_ALERT_RULES,
): SloAlertEvaluation {
  const bySeconds = new Map(burnRates.map(b => [b.seconds, b]));
  const evaluations = rules.map(rule => {
    const threshold = burnRateThreshold(
      rule.budgetFraction,
      windowSeconds,
      rule.longWindowSeconds,
    );
    const long = bySeconds.get(rule.longWindowSeconds);
    const short = bySeconds.get(rule.shortWindowSeconds);
    const longRate = long?.rate ?? null;
    const shortRate = short?.rate ?? null;
    const evaluable = longRate !== null && shortRate !== null;
    const limit = threshold * (1 + EPSILON);
    const exceeded = evaluable && longRate! > limit && shortRate! > limit;
    const lowConfidence = Boolean(long?.lowConfidence || short?.lowConfidence);
    const evaluation: BurnRateRuleEvaluation = {
      id: rule.id,
      action: rule.action,
      longWindow: rule.longWindow,
      shortWindow: rule.shortWindow,
      threshold,
      longRate,
      shortRate,
      evaluable,
      exceeded,
      lowConfidence,
      fired: exceeded && !lowConfidence,
    };
    return evaluation;
  });
  const suppressedRules = evaluations
    .filter(e => e.exceeded && e.lowConfidence)
    .map(e => e.id);
  const firedRule =
    evaluations.find(e => e.fired && e.action === 'page') ??
    evaluations.find(e => e.fired && e.action === 'ticket') ??
    null;
  let state: SloAlertState;
  if (firedRule) {
    state = firedRule.action;
  } else if (evaluations.some(e => e.evaluable)) {
    state = 'ok';
  } else {
    state = 'no-data';
  }
  return {
    state,
    firedRule,
    suppressedRules,
    lowConfidence: suppressedRules.length > 0,
    rules: evaluations,
  };
}
