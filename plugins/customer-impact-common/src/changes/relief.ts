import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  JourneyEvent,
  JourneyFeedback,
  JourneyFigure,
  computeJourneyFigures,
} from '../journey/figures';
import { journeySteps } from '../journey/helpers';
import { JourneyEntityV1alpha1 } from '../journey/types';
import { SliMethod, computeSli } from '../slo/budget';
import { burnRateFromErrorRatio } from '../slo/burnRate';
import { SloBucket } from '../slo/types';
import { SUPPORT_EVENT_KINDS, SupportEventKind } from '../support/types';
import { WEEK_MS } from '../time';
import {
  JourneyStepRelief,
  PerWeekFigures,
  ReliefWindow,
  ReliefWindows,
  SloRelief,
  SloWindowBurn,
  SupportRelief,
} from './types';

/**
 * The weeks a relief compares on each side of a change unless asked otherwise.
 *
 * @public
 */
export const DEFAULT_RELIEF_WEEKS = 4;

/**
 * The most weeks a relief may compare on each side (half a year).
 *
 * @public
 */
export const MAX_RELIEF_WEEKS = 26;

/**
 * The words every relief uses when less than a week has passed since the change.
 *
 * @public
 */
export const TOO_EARLY_TO_TELL = 'too early to tell';

function toMs(value: Date | string | number): number {
  if (value instanceof Date) return value.getTime();
  return typeof value === 'number' ? value : Date.parse(value);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The two windows a relief compares, for a change at `at`, seen at `now`:
 *
 * - before: `[at − weeks, at)`;
 * - after: `[at, at + weeks)`, or, while fewer than `weeks` whole weeks have
 *   passed, `[at, at + weeksAfterElapsed)` over the whole weeks elapsed so
 *   far (a week is 7 × 24 h).
 *
 * Both are half-open, so an event exactly on a boundary belongs to the window
 * on its right: one at `at − weeks` is before, one at `at` is after, one at
 * `at + weeksAfterElapsed` is in neither. When less than one week has passed
 * the after window is null and the relief is "too early to tell"; when the
 * change lies in the future the before window is null too (it is not over).
 *
 * @public
 */
export function reliefWindows(options: {
  at: Date | string | number;
  now: Date | string | number;
  weeks?: number;
}): ReliefWindows {
  const weeks = options.weeks ?? DEFAULT_RELIEF_WEEKS;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_RELIEF_WEEKS) {
    throw new RangeError(
      `weeks must be a whole number from 1 to ${MAX_RELIEF_WEEKS}, got ${weeks}`,
    );
  }
  const atMs = toMs(options.at);
  const nowMs = toMs(options.now);
  if (!Number.isFinite(atMs) || !Number.isFinite(nowMs)) {
    throw new RangeError('at and now must be valid instants');
  }
  const weeksAfterElapsed = Math.max(
    0,
    Math.min(weeks, Math.floor((nowMs - atMs) / WEEK_MS)),
  );
  const windows: ReliefWindows = {
    weeks,
    weeksAfterElapsed,
    before: null,
    after: null,
    tooEarly: weeksAfterElapsed < 1,
  };
  if (atMs > nowMs) {
    windows.beforeReason = `the change is dated ${iso(
      atMs,
    )}, after now: its before window is not over yet`;
  } else {
    windows.before = {
      from: iso(atMs - weeks * WEEK_MS),
      to: iso(atMs),
      weeks,
    };
  }
  if (weeksAfterElapsed < 1) {
    windows.afterReason = `${TOO_EARLY_TO_TELL}: less than a week has passed since the change (${iso(
      atMs,
    )})`;
  } else {
    windows.after = {
      from: iso(atMs),
      to: iso(atMs + weeksAfterElapsed * WEEK_MS),
      weeks: weeksAfterElapsed,
    };
  }
  return windows;
}

/**
 * How many instants fall in `[window.from, window.to)`.
 *
 * @public
 */
export function countInWindow(
  instants: ReadonlyArray<Date | string | number>,
  window: ReliefWindow,
): number {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  let n = 0;
  for (const instant of instants) {
    const ms = toMs(instant);
    if (ms >= from && ms < to) n += 1;
  }
  return n;
}

/**
 * One support event as the relief reads it.
 *
 * @public
 */
export interface ReliefSupportEvent {
  /** When it was opened (ISO 8601). */
  openedAt: string;
  /** Ticket, page, escalation or manual exception. */
  kind: SupportEventKind;
  /** The team that raised it, when known. */
  consumerRef?: string;
}

/**
 * Options of {@link supportRelief}.
 *
 * @public
 */
export interface SupportReliefOptions {
  /**
   * Since when support events are recorded for the change's entities: null
   * when no event was ever recorded for them (nothing is measured, no figure
   * is given); otherwise when collection began (the backend gives Monday
   * 00:00 UTC of the week of the earliest event stored, the support facet's
   * convention). A window that begins before it is not covered: its figure
   * is null with the reason, never a 0.
   */
  dataSince: string | null;
}

function emptyByKind(): Record<SupportEventKind, PerWeekFigures> {
  const byKind = {} as Record<SupportEventKind, PerWeekFigures>;
  for (const kind of SUPPORT_EVENT_KINDS) {
    byKind[kind] = { beforePerWeek: null, afterPerWeek: null };
  }
  return byKind;
}

/** Why a window is not covered by support data; undefined when it is. */
function supportGap(
  window: ReliefWindow,
  dataSince: string | null,
): string | undefined {
  if (dataSince === null) {
    return 'no support event was ever recorded for these entities';
  }
  if (Date.parse(dataSince) > Date.parse(window.from)) {
    return `support events are recorded only since ${dataSince}, after this window began (${window.from})`;
  }
  return undefined;
}

/**
 * Support events a week before and after a change, in total and per kind:
 * `beforePerWeek` = events opened in the before window ÷ its weeks,
 * `afterPerWeek` = events opened in the after window ÷ its weeks (see
 * {@link reliefWindows}). Pass the events of one team to get its relief.
 * A side that cannot be measured (too early, not covered by data) is null
 * with its reason.
 *
 * @example
 * A change at Monday 1 March 2027 00:00 UTC, 4 weeks, seen on 22 March
 * (3 weeks later): 12 events in [1 Feb, 1 Mar) and 1 in [1 Mar, 22 Mar) give
 * 12 ÷ 4 = 3.0 before and 1 ÷ 3 ≈ 0.33 after.
 *
 * @public
 */
export function supportRelief(
  events: readonly ReliefSupportEvent[],
  windows: ReliefWindows,
  options: SupportReliefOptions,
): SupportRelief {
  const result: SupportRelief = {
    beforePerWeek: null,
    afterPerWeek: null,
    before: null,
    after: null,
    byKind: emptyByKind(),
  };
  const sides = [
    ['before', windows.before, windows.beforeReason],
    ['after', windows.after, windows.afterReason],
  ] as const;
  for (const [side, window, windowReason] of sides) {
    const reason = window
      ? supportGap(window, options.dataSince)
      : windowReason;
    if (!window || reason !== undefined) {
      result[`${side}Reason`] = reason;
      continue;
    }
    const count = countInWindow(
      events.map(e => e.openedAt),
      window,
    );
    result[side] = count;
    result[`${side}PerWeek`] = count / window.weeks;
    for (const kind of SUPPORT_EVENT_KINDS) {
      result.byKind[kind][`${side}PerWeek`] =
        countInWindow(
          events.filter(e => e.kind === kind).map(e => e.openedAt),
          window,
        ) / window.weeks;
    }
  }
  return result;
}

/**
 * The support relief of each consuming team: the teams named in `teamRefs`
 * (e.g. the owners of the entities that consume the change's entities) and
 * every team that raised an event in either window. Events without a team
 * count for no team. Ordered by events a week before the change, most first
 * (a team not measured last), then by ref.
 *
 * @public
 */
export function supportReliefByTeam(
  events: readonly ReliefSupportEvent[],
  windows: ReliefWindows,
  options: SupportReliefOptions & { teamRefs?: readonly string[] },
): Array<{ teamRef: string; support: SupportRelief }> {
  const inAWindow = (e: ReliefSupportEvent) =>
    [windows.before, windows.after].some(
      w => w !== null && countInWindow([e.openedAt], w) === 1,
    );
  const teams = new Set(options.teamRefs ?? []);
  for (const event of events) {
    if (event.consumerRef && inAWindow(event)) {
      teams.add(event.consumerRef);
    }
  }
  return [...teams]
    .map(teamRef => ({
      teamRef,
      support: supportRelief(
        events.filter(e => e.consumerRef === teamRef),
        windows,
        options,
      ),
    }))
    .sort(
      (a, b) =>
        (b.support.beforePerWeek ?? -1) - (a.support.beforePerWeek ?? -1) ||
        a.teamRef.localeCompare(b.teamRef),
    );
}

/**
 * An SLO's budget burn over one window: the window's error ratio by the
 * SLO's budgeting method, ÷ (1 − target). Null burn rate when the window
 * held no event.
 *
 * @public
 */
export function sloWindowBurn(
  definition: SliMethod & { target: number },
  buckets: readonly SloBucket[],
  window: ReliefWindow,
): SloWindowBurn {
  const sli = computeSli(
    definition,
    buckets,
    Date.parse(window.from),
    Date.parse(window.to),
  );
  const burnRate = burnRateFromErrorRatio(sli.errorRatio, definition.target);
  if (sli.slices) {
    return {
      burnRate,
      events: sli.slices.measured,
      badEvents: sli.slices.measured - sli.slices.good,
    };
  }
  return { burnRate, events: sli.events.total, badEvents: sli.events.bad };
}

/**
 * One SLO before and after a change: its burn rate over each window (see
 * {@link sloWindowBurn}). A window without SLI data has a null burn rate and
 * says so in its reason.
 *
 * @public
 */
export function sloRelief(
  definition: SliMethod & {
    key: string;
    name: string;
    displayName: string | null;
    target: number;
  },
  buckets: readonly SloBucket[],
  windows: ReliefWindows,
): SloRelief {
  const result: SloRelief = {
    slo: definition.key,
    title: definition.displayName ?? definition.name,
    target: definition.target,
    before: null,
    after: null,
  };
  const sides = [
    ['before', windows.before, windows.beforeReason],
    ['after', windows.after, windows.afterReason],
  ] as const;
  for (const [side, window, windowReason] of sides) {
    if (!window) {
      result[`${side}Reason`] = windowReason;
      continue;
    }
    const burn = sloWindowBurn(definition, buckets, window);
    result[side] = burn;
    if (burn.burnRate === null) {
      result[
        `${side}Reason`
      ] = `no SLI data between ${window.from} and ${window.to}`;
    }
  }
  return result;
}

function inWindow(at: string, window: ReliefWindow): boolean {
  return countInWindow([at], window) === 1;
}

function perWeek(figure: JourneyFigure, weeks: number): JourneyFigure {
  return figure.status === 'ok'
    ? { ...figure, value: figure.value / weeks }
    : figure;
}

/**
 * The journey steps `stepIds` of `journey` before and after a change: the
 * median time taken (nearest-rank) of the attempts that started and completed
 * inside each window, and the "I'm stuck here" reports given in each window
 * per week. Computed by `computeJourneyFigures` over the events and answers of
 * each window, so every aggregate over fewer than `k` people is withheld; a
 * side that cannot be measured is `no-data` with the reason.
 *
 * @public
 */
export function journeyStepRelief(options: {
  journey: JourneyEntityV1alpha1;
  events: readonly JourneyEvent[];
  feedback: readonly JourneyFeedback[];
  stepIds: readonly string[];
  windows: ReliefWindows;
  k?: number;
}): JourneyStepRelief[] {
  const { journey, windows } = options;
  const figuresIn = (window: ReliefWindow | null) =>
    window
      ? computeJourneyFigures({
          journey,
          events: options.events.filter(e => inWindow(e.at, window)),
          feedback: options.feedback.filter(f => inWindow(f.at, window)),
          k: options.k,
        })
      : null;
  const before = figuresIn(windows.before);
  const after = figuresIn(windows.after);
  const missing = (reason: string | undefined): JourneyFigure => ({
    status: 'no-data',
    ...(reason ? { reason } : {}),
  });
  const journeyRef = stringifyEntityRef(journey).toLocaleLowerCase('en-US');
  const steps = journeySteps(journey);
  const result: JourneyStepRelief[] = [];
  for (const stepId of options.stepIds) {
    const step = steps.find(s => s.id === stepId);
    if (!step) {
      continue; // not a step of this journey
    }
    const b = before?.steps.find(s => s.stepId === stepId);
    const a = after?.steps.find(s => s.stepId === stepId);
    result.push({
      journeyRef,
      journeyTitle: journey.metadata.title ?? journey.metadata.name,
      stepId,
      title: step.title,
      medianSeconds: {
        before: b ? b.medianSeconds : missing(windows.beforeReason),
        after: a ? a.medianSeconds : missing(windows.afterReason),
      },
      stuckReportsPerWeek: {
        before:
          b && windows.before
            ? perWeek(b.stuckReports, windows.before.weeks)
            : missing(windows.beforeReason),
        after:
          a && windows.after
            ? perWeek(a.stuckReports, windows.after.weeks)
            : missing(windows.afterReason),
      },
    });
  }
  return result;
}
