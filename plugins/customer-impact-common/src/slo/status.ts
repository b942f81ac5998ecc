import {
  BurnRateAlertRule,
  BurnRateRuleEvaluation,
  evaluateBurnRateAlerts,
  SloAlertState,
  SLOTH_ALERT_RULES,
  SRE_WORKBOOK_ALERT_RULES,
} from './alerting';
import {
  budgetConsumed,
  budgetRemaining,
  computeSli,
  periodToDateBurn,
  sanitizeBucket,
  SliResult,
  thresholdSlices,
  timeSlices,
  timeToExhaustionSeconds,
} from './budget';
import {
  BurnRateFigure,
  computeBurnRate,
  DEFAULT_MIN_EVENTS,
} from './burnRate';
import {
  AlertConditionEvaluation,
  BurnRateAt,
  evaluateAlertConditions,
} from './conditions';
import {
  DEFAULT_EXHAUSTION_LOOKBACK_SECONDS,
  sloLookbackSeconds,
} from './lookbacks';
import {
  SloBucket,
  SloBudgetingMethod,
  SloDefinition,
  SlothAlertOptions,
} from './types';
import { describeWindow, resolveWindow, toEpochMillis } from './windows';

/**
 * Options of `computeSloStatus`.
 *
 * @public
 */
export interface SloStatusOptions {
  /** Minimum events for a burn rate to be trusted; default 100. */
  minEvents?: number;
  /**
   * Alerting table of SLOs without their own rules (an OpenSLO SLO without
   * an alert policy); default `SRE_WORKBOOK_ALERT_RULES`. SLOs with an
   * AlertPolicy, and Sloth SLOs, alert with their own rules.
   */
  rules?: readonly BurnRateAlertRule[];
  /** Lookback whose burn rate estimates time to exhaustion, in seconds; default `DEFAULT_EXHAUSTION_LOOKBACK_SECONDS` (1 h). */
  exhaustionLookbackSeconds?: number;
}

/**
 * Which rules decided an SLO's alert state, and how each fared.
 *
 * @public
 */
export interface SloAlertingStatus {
  /**
   * `workbook`: the SRE Workbook table (an SLO without its own rules);
   * `sloth`: Sloth's windows, without the alerts its author disabled;
   * `policies`: the SLO's own OpenSLO AlertPolicies.
   */
  source: 'workbook' | 'sloth' | 'policies';
  /** The rules in words, e.g. `AlertPolicy checkout-paging (2 conditions)`. */
  description: string;
  /** The multiwindow rules evaluated (workbook, sloth); empty for policies. */
  rules: BurnRateRuleEvaluation[];
  /** The conditions evaluated (policies); empty otherwise. */
  conditions: AlertConditionEvaluation[];
  /** The condition that set the state (policies), or null. */
  firedCondition: AlertConditionEvaluation | null;
  /** Sloth: the alert's name, labels and annotations as written; null otherwise. */
  sloth: {
    name: string | null;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    page: SlothAlertOptions;
    ticket: SlothAlertOptions;
  } | null;
  /** Notify the owner when an alert resolves (a policy with `alertWhenResolved`). */
  notifyResolved: boolean;
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
  /** The multiwindow rule that set the state (workbook, sloth), or null. */
  firedRule: BurnRateRuleEvaluation | null;
  /** Rules or conditions that exceeded their threshold on too few events and were not allowed to alert. */
  suppressedRules: string[];
  lowConfidence: boolean;
  /**
   * Which rules decided `state`. Absent in figures computed by earlier
   * versions (those used the SRE Workbook table).
   */
  alerting?: SloAlertingStatus;
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

const windowPairs = (rules: readonly BurnRateAlertRule[], action: string) =>
  rules
    .filter(r => r.action === action)
    .map(r => `${r.longWindow}/${r.shortWindow}`)
    .join(', ');

/**
 * The multiwindow rules of an SLO that alerts with a table (not with its own
 * AlertPolicies): Sloth's windows without the alerts its author disabled, or
 * the given table (default: the SRE Workbook's).
 *
 * @public
 */
export function alertRulesOf(
  definition: Pick<SloDefinition, 'alerting'>,
  defaultRules: readonly BurnRateAlertRule[] = SRE_WORKBOOK_ALERT_RULES,
): {
  source: 'workbook' | 'sloth';
  rules: readonly BurnRateAlertRule[];
  description: string;
} {
  const alerting = definition.alerting;
  if (alerting?.kind === 'sloth') {
    const rules = SLOTH_ALERT_RULES.filter(r =>
      r.action === 'page' ? !alerting.page.disabled : !alerting.ticket.disabled,
    );
    const parts = [
      alerting.page.disabled
        ? 'page alert disabled'
        : `page ${windowPairs(rules, 'page')}`,
      alerting.ticket.disabled
        ? 'ticket alert disabled'
        : `ticket ${windowPairs(rules, 'ticket')}`,
    ];
    return {
      source: 'sloth',
      rules,
      description: `Sloth's multiwindow alerts${
        alerting.name ? ` ${alerting.name}` : ''
      } (${parts.join('; ')})`,
    };
  }
  return {
    source: 'workbook',
    rules: defaultRules,
    description: `SRE Workbook multiwindow, multi-burn-rate table (page ${windowPairs(
      defaultRules,
      'page',
    )}; ticket ${windowPairs(defaultRules, 'ticket')})`,
  };
}

/**
 * Every lookback, in seconds, an SLO's status reads burn rates over (see
 * `sloLookbackSeconds`), and how far back from now its alerting needs data:
 * the longest lookback, plus `alertAfter` for conditions that must hold.
 *
 * @public
 */
export function sloAlertLookbacks(
  definition: Pick<SloDefinition, 'alerting'>,
  options: Pick<SloStatusOptions, 'rules' | 'exhaustionLookbackSeconds'> = {},
): { lookbacks: number[]; reachSeconds: number } {
  const alerting = definition.alerting;
  const conditions = alerting?.kind === 'policies' ? alerting.conditions : [];
  const lookbacks = sloLookbackSeconds({
    rules:
      alerting?.kind === 'policies'
        ? SRE_WORKBOOK_ALERT_RULES
        : alertRulesOf(definition, options.rules).rules,
    exhaustionLookbackSeconds: options.exhaustionLookbackSeconds,
    extraLookbackSeconds: conditions.map(c => c.lookbackWindowSeconds),
  });
  const reachSeconds = Math.max(
    ...lookbacks,
    ...conditions.map(c => c.lookbackWindowSeconds + c.alertAfterSeconds),
  );
  return { lookbacks, reachSeconds };
}

/**
 * What the status of any SLO is computed from (plain, or composite).
 *
 * @public
 */
export interface SloStatusInputs {
  /** The SLI over `[windowStart, min(windowEnd, now))`. */
  sli: SliResult;
  /** Burn rates at any instant, over any lookback. */
  burnRateAt: BurnRateAt;
  /** End of the latest bucket before now, epoch ms, or null. */
  lastDataEnd: number | null;
  ignoredBuckets: number;
}

/**
 * The status of an SLO from its SLI and burn rates: budget, burn rates over
 * every lookback it needs, time to exhaustion, and the alert state by its
 * own rules (see `computeSloStatus`).
 *
 * @public
 */
export function statusFromInputs(
  definition: SloDefinition,
  inputs: SloStatusInputs,
  now: Date | number,
  options: SloStatusOptions = {},
): SloStatus {
  const nowMs = toEpochMillis(now);
  const exhaustionLookback =
    options.exhaustionLookbackSeconds ?? DEFAULT_EXHAUSTION_LOOKBACK_SECONDS;
  const resolved = resolveWindow(definition.window, nowMs);
  const windowSeconds = resolved.lengthMs / 1000;
  const sliResult = inputs.sli;
  const consumed = budgetConsumed(sliResult.errorRatio, definition.target);
  const remaining = budgetRemaining(consumed);

  const { lookbacks } = sloAlertLookbacks(definition, options);
  const burnRates = lookbacks.map(seconds => inputs.burnRateAt(nowMs, seconds));

  let alerting: SloAlertingStatus;
  let state: SloAlertState;
  let firedRule: BurnRateRuleEvaluation | null = null;
  let suppressedRules: string[];
  const spec = definition.alerting;
  if (spec?.kind === 'policies') {
    const evaluation = evaluateAlertConditions(
      spec.conditions,
      inputs.burnRateAt,
      nowMs,
    );
    state = evaluation.state;
    suppressedRules = evaluation.conditions
      .filter(c => c.suppressed)
      .map(c => c.id);
    const names = spec.policies.map(p => p.name).join(', ');
    alerting = {
      source: 'policies',
      description: `AlertPolic${
        spec.policies.length === 1 ? 'y' : 'ies'
      } ${names} (${spec.conditions.length} burn-rate condition${
        spec.conditions.length === 1 ? '' : 's'
      })`,
      rules: [],
      conditions: evaluation.conditions,
      firedCondition: evaluation.fired,
      sloth: null,
      notifyResolved: spec.conditions.some(c => c.alertWhenResolved),
    };
  } else {
    const table = alertRulesOf(definition, options.rules);
    const evaluation = evaluateBurnRateAlerts(
      burnRates,
      windowSeconds,
      table.rules,
    );
    state = evaluation.state;
    if (table.rules.length === 0) {
      // Every alert disabled: never alerts, yet says whether there is data.
      state =
        burnRates.some(b => b.rate !== null) || sliResult.sli !== null
          ? 'ok'
          : 'no-data';
    }
    firedRule = evaluation.firedRule;
    suppressedRules = evaluation.suppressedRules;
    alerting = {
      source: table.source,
      description: table.description,
      rules: evaluation.rules,
      conditions: [],
      firedCondition: null,
      sloth:
        spec?.kind === 'sloth'
          ? {
              name: spec.name,
              labels: spec.labels,
              annotations: spec.annotations,
              page: spec.page,
              ticket: spec.ticket,
            }
          : null,
      notifyResolved: false,
    };
  }
  const exhaustionRate =
    burnRates.find(b => b.seconds === exhaustionLookback)?.rate ?? null;

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
    state,
    firedRule,
    suppressedRules,
    lowConfidence: suppressedRules.length > 0,
    alerting,
    eventsInWindow: sliResult.events.total,
    badEventsInWindow: sliResult.events.bad,
    slices: sliResult.slices,
    lastDataAt:
      inputs.lastDataEnd === null
        ? null
        : new Date(inputs.lastDataEnd).toISOString(),
    ignoredBuckets: inputs.ignoredBuckets,
  };
}

/**
 * Computes the status of an SLO from raw count buckets at `now`: SLI, error
 * budget, burn rates over `sloLookbackSeconds` (`BURN_RATE_WINDOWS` plus any
 * window its rules need), time to exhaustion, period-to-date burn and the
 * alert state by the SLO's own rules:
 *
 * - an OpenSLO SLO with AlertPolicies: its burn-rate conditions
 *   (`evaluateAlertConditions`); the Workbook table does not apply;
 * - a Sloth SLO: Sloth's windows without the alerts its author disabled
 *   (`alertRulesOf`); with both disabled it never alerts;
 * - any other SLO: the multiwindow table of `options.rules` (default the
 *   SRE Workbook's, `evaluateBurnRateAlerts`).
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
  const minEvents = options.minEvents ?? DEFAULT_MIN_EVENTS;
  const resolved = resolveWindow(definition.window, nowMs);
  const sli = computeSli(
    definition,
    buckets,
    resolved.startMs,
    Math.min(resolved.endMs, nowMs),
  );

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

  return statusFromInputs(
    definition,
    {
      sli,
      burnRateAt: (atMs, lookbackSeconds) =>
        computeBurnRate(definition, buckets, atMs, lookbackSeconds, {
          minEvents,
        }),
      lastDataEnd,
      ignoredBuckets,
    },
    nowMs,
    options,
  );
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
  } else if (definition.threshold) {
    const slices = thresholdSlices(
      buckets,
      startMs,
      dataEnd,
      definition.timeSliceWindowSeconds ?? 300,
      definition.threshold,
    );
    denominator = slices.length;
    for (const slice of slices) {
      bad.push({
        time: Math.max(slice.start, startMs),
        amount: slice.good ? 0 : 1,
      });
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
