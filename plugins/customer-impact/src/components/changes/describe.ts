import {
  JourneyFigure,
  SUPPORT_EVENT_KINDS,
  SloWindowBurn,
  SupportRelief,
  TOO_EARLY_TO_TELL,
} from '@customer-impact/plugin-customer-impact-common';
import { formatBurnRate, formatDuration, formatPerWeek } from '../format';
import { kindLabel } from '../support/labels';

/**
 * How a relief reads: `relief` (the pain went down), `worse`, `same`,
 * `early` (less than a week has passed) or `no-data`.
 */
export type ReliefTone = 'relief' | 'worse' | 'same' | 'early' | 'no-data';

/** A sentence about one relief figure and how it reads. */
export interface ReliefSentence {
  text: string;
  tone: ReliefTone;
}

function isTooEarly(reason: string | undefined): boolean {
  return reason?.startsWith(TOO_EARLY_TO_TELL) ?? false;
}

function toneOf(before: number, after: number): ReliefTone {
  if (after < before) return 'relief';
  if (after > before) return 'worse';
  return 'same';
}

/**
 * What a team's events are called: the kind when every event in either
 * window is of one kind ("tickets"), else "support events".
 */
export function supportUnit(support: SupportRelief): string {
  const kinds = SUPPORT_EVENT_KINDS.filter(
    kind =>
      (support.byKind[kind].beforePerWeek ?? 0) > 0 ||
      (support.byKind[kind].afterPerWeek ?? 0) > 0,
  );
  return kinds.length === 1 ? kindLabel(kinds[0], 2) : 'support events';
}

/**
 * "Checkout team: 3.0 → 0.3 tickets a week"; "Checkout team: 3.0 tickets a
 * week before, after: too early to tell"; "Checkout team: no data".
 */
export function describeSupportRelief(
  who: string,
  support: SupportRelief,
): ReliefSentence {
  const unit = supportUnit(support);
  const { beforePerWeek: before, afterPerWeek: after } = support;
  if (before !== null && after !== null) {
    return {
      text: `${who}: ${formatPerWeek(before)} → ${formatPerWeek(
        after,
      )} ${unit} a week`,
      tone: toneOf(before, after),
    };
  }
  if (after === null && isTooEarly(support.afterReason)) {
    return {
      text:
        before === null
          ? `${who}: ${TOO_EARLY_TO_TELL}`
          : `${who}: ${formatPerWeek(
              before,
            )} ${unit} a week before; after: ${TOO_EARLY_TO_TELL}`,
      tone: 'early',
    };
  }
  if (before === null && after !== null) {
    return {
      text: `${who}: no data before → ${formatPerWeek(after)} ${unit} a week`,
      tone: 'no-data',
    };
  }
  if (before !== null) {
    return {
      text: `${who}: ${formatPerWeek(before)} ${unit} a week → no data`,
      tone: 'no-data',
    };
  }
  return { text: `${who}: no data`, tone: 'no-data' };
}

function burn(side: SloWindowBurn | null, reason: string | undefined) {
  if (side?.burnRate !== null && side?.burnRate !== undefined) {
    return formatBurnRate(side.burnRate);
  }
  return isTooEarly(reason) ? TOO_EARLY_TO_TELL : 'no data';
}

/** "Payments availability: burn rate 1.50× → 0.20×". */
export function describeSloRelief(slo: {
  title: string;
  before: SloWindowBurn | null;
  after: SloWindowBurn | null;
  beforeReason?: string;
  afterReason?: string;
}): ReliefSentence {
  const before = slo.before?.burnRate ?? null;
  const after = slo.after?.burnRate ?? null;
  let tone: ReliefTone = 'no-data';
  if (before !== null && after !== null) {
    tone = toneOf(before, after);
  } else if (isTooEarly(slo.afterReason)) {
    tone = 'early';
  }
  return {
    text: `${slo.title}: burn rate ${burn(
      slo.before,
      slo.beforeReason,
    )} → ${burn(slo.after, slo.afterReason)}`,
    tone,
  };
}

/** A journey figure as a person reads it: the value, "withheld (fewer than 5 people)", "no data". */
export function describeJourneyFigure(
  figure: JourneyFigure,
  format: (value: number) => string,
): string {
  if (figure.status === 'ok') return format(figure.value);
  if (figure.status === 'withheld') {
    return `withheld (fewer than ${figure.k} people)`;
  }
  return isTooEarly(figure.reason) ? TOO_EARLY_TO_TELL : 'no data';
}

/** "median 3 h → 30 min; stuck reports 1.3 → withheld (fewer than 5 people) a week". */
export function describeJourneyStepRelief(step: {
  medianSeconds: { before: JourneyFigure; after: JourneyFigure };
  stuckReportsPerWeek: { before: JourneyFigure; after: JourneyFigure };
}): ReliefSentence {
  const { medianSeconds: m, stuckReportsPerWeek: s } = step;
  let tone: ReliefTone = 'no-data';
  if (m.before.status === 'ok' && m.after.status === 'ok') {
    tone = toneOf(m.before.value, m.after.value);
  } else if (s.before.status === 'ok' && s.after.status === 'ok') {
    tone = toneOf(s.before.value, s.after.value);
  } else if (m.after.status === 'no-data' && isTooEarly(m.after.reason)) {
    tone = 'early';
  }
  return {
    text: `median ${describeJourneyFigure(
      m.before,
      formatDuration,
    )} → ${describeJourneyFigure(
      m.after,
      formatDuration,
    )}; stuck reports ${describeJourneyFigure(
      s.before,
      formatPerWeek,
    )} → ${describeJourneyFigure(s.after, formatPerWeek)} a week`,
    tone,
  };
}
