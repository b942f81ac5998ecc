import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import { nearestRankPercentile } from '../stats';
import { daysInMonth } from '../time/calendar';
import { JOURNEY_KIND } from './constants';
import { journeySteps } from './helpers';
import { JourneyEntityV1alpha1 } from './types';
import { parseIsoDurationSeconds } from './validation';
import { complementaryWithheld } from './privacy';
import {
  HelpMoments,
  JourneySupportEvent,
  addHelpMoment,
  addSupportHelpMoments,
  newHelpMoments,
  readingUpToEachStep,
  selfServedUntil,
} from './selfService';

/**
 * The default minimum number of distinct people an aggregate must cover before
 * it is shown (k-anonymity threshold).
 *
 * @public
 */
export const JOURNEY_DEFAULT_K = 5;

/**
 * One thing that happened to one person on one journey step.
 *
 * @public
 */
export interface JourneyEvent {
  /** Unique id of the event; a repeated id counts once. */
  eventId: string;
  /** Entity ref of the journey, e.g. `journey:default/first-deploy`. */
  journeyRef: string;
  /** `id` of the step in the journey's spec. */
  stepId: string;
  /** Pseudonymous id of the person; never appears in any output. */
  subjectHash: string;
  type: 'started' | 'completed' | 'abandoned';
  /** ISO 8601 timestamp with a zone or offset. */
  at: string;
}

/**
 * One person's feedback on one step of the journey being computed.
 *
 * @public
 */
export interface JourneyFeedback {
  stepId: string;
  /** Pseudonymous id of the person; never appears in any output. */
  subjectHash: string;
  /** `done` (I did it) or `stuck` (I'm stuck here). */
  kind: 'done' | 'stuck';
  /** Free text; not used by the figures and never copied to their output. */
  comment?: string;
  /** Customer Effort Score, an integer from 1 (very easy) to 7 (very hard). */
  effort?: number;
  /** ISO 8601 timestamp with a zone or offset. */
  at: string;
}

/**
 * A figure that covers at least k people.
 *
 * @public
 */
export interface JourneyMeasuredFigure {
  status: 'ok';
  value: number;
  /** How many distinct people the figure covers (at least k). */
  people: number;
}

/**
 * A figure over fewer than k people, withheld to protect them.
 *
 * @public
 */
export interface JourneyWithheldFigure {
  status: 'withheld';
  /**
   * How many distinct people there were: 1 to k − 1, or (the other reasons)
   * k or more.
   */
  people: number;
  k: number;
  /**
   * - `fewer than k people`;
   * - `protects a smaller group`: shown, it would give away a withheld figure
   *   of fewer than k people by difference with the total (see
   *   {@link complementaryWithheld});
   * - `one person's extreme`: a percentile whose nearest rank is the
   *   smallest or the largest value is one person's own time (the p90 of
   *   fewer than 10 people is the slowest person's).
   */
  reason:
    | 'fewer than k people'
    | 'protects a smaller group'
    | "one person's extreme";
}

/**
 * A figure with nothing to measure: never shown as 0.
 *
 * @public
 */
export interface JourneyNoDataFigure {
  status: 'no-data';
  /** Why there is nothing to measure, when it is not simply "nobody yet". */
  reason?: string;
}

/**
 * A number aggregated over people: measured, withheld, or without data.
 *
 * @public
 */
export type JourneyFigure =
  | JourneyMeasuredFigure
  | JourneyWithheldFigure
  | JourneyNoDataFigure;

/**
 * The figures shared by a whole journey and each of its steps.
 *
 * @public
 */
export interface JourneyFrictionFigures {
  /** Distinct people who started (the step, or any step of the journey). */
  peopleStarted: number;
  /** Median time taken in seconds (nearest-rank), over the people who completed. */
  medianSeconds: JourneyFigure;
  /** 90th percentile of the time taken in seconds (nearest-rank). */
  p90Seconds: JourneyFigure;
  /** Share (0..1) of the people who started that completed. */
  completionRate: JourneyFigure;
  /** Share (0..1) of the people who started that did not complete: 1 − completionRate. */
  dropOff: JourneyFigure;
  /** Share (0..1) of the people who started that said they gave up (an `abandoned` event) and did not complete. */
  abandoned: JourneyFigure;
  /** Number of "I'm stuck" reports; covers the people who gave any feedback. */
  stuckReports: JourneyFigure;
  /** Distinct people who reported being stuck at least once; covers the people who gave any feedback. */
  peopleStuck: JourneyFigure;
  /** Mean Customer Effort Score (1–7), each person's latest score per step counting once. */
  meanEffort: JourneyFigure;
  /** The expected duration from the spec, in seconds; null when the spec has none. */
  expectedSeconds: number | null;
  /** Median time taken divided by the expected duration (1 = as expected, 2 = twice as long). */
  timeVsExpected: JourneyFigure;
  /**
   * Share (0..1) of the people who completed that did so on their own: no
   * "I'm stuck here" and no support event of theirs naming the step (on the
   * step's entity) at or before their completion. For the whole journey: on
   * no step of it, up to their first success. Over the people who started
   * (gate) and completed (people).
   */
  selfServiceRate: JourneyFigure;
  /** Distinct doc URLs in the spec. */
  docs: number;
  /** Distinct concepts in the spec (compared case-insensitively). */
  concepts: number;
}

/**
 * The friction figures of one step.
 *
 * @public
 */
export interface JourneyStepFigures extends JourneyFrictionFigures {
  stepId: string;
  title: string;
  /** Name of the step's stage. */
  stage: string;
  /** Index of the step in the whole journey (0 for the first). */
  position: number;
  /**
   * Share (0..1) of the people who completed the previous step that never
   * started this one; no data for the first step.
   */
  dropOffFromPreviousStep: JourneyFigure;
  /** Distinct docs a newcomer reads from the first step up to and including this one. */
  docsUpToHere: number;
  /** Distinct concepts (case-insensitive) a newcomer learns up to and including this step. */
  conceptsUpToHere: number;
}

/**
 * Time to first success of the people whose first `started` event of the
 * journey fell in one calendar month (UTC).
 *
 * @public
 */
export interface JourneyStartCohort {
  /** `YYYY-MM` (UTC). */
  month: string;
  peopleStarted: number;
  /** Share (0..1) of the cohort that completed the journey's last step. */
  completionRate: JourneyFigure;
  /** Seconds from first start to first completion of the last step (nearest-rank). */
  medianSeconds: JourneyFigure;
  p25Seconds: JourneyFigure;
  p75Seconds: JourneyFigure;
  /** Share (0..1) of the cohort's people who got to first success who did so on their own. */
  selfServiceRate: JourneyFigure;
}

/**
 * The friction figures of a journey as a whole. Its time taken is the time to
 * first success: from a person's first `started` event on any step to their
 * first `completed` event of the journey's last step.
 *
 * @public
 */
export interface JourneyWholeFigures extends JourneyFrictionFigures {
  /** One entry per month in which someone first started, oldest first. */
  startCohorts: JourneyStartCohort[];
}

/**
 * Friction figures of a journey and each of its steps. Holds no subject hash,
 * comment or per-person value.
 *
 * @public
 */
export interface JourneyFigures {
  /** The journey's entity ref, `journey:namespace/name`. */
  journeyRef: string;
  /** The k used: every aggregate over fewer than k people is withheld. */
  k: number;
  journey: JourneyWholeFigures;
  /** One entry per step, in journey order. */
  steps: JourneyStepFigures[];
  /** Inputs that were left out, and why they can be. */
  ignored: {
    /** Duplicate ids, other journeys, unknown steps or types, unreadable timestamps. */
    events: number;
    /** Unknown steps or kinds, unreadable timestamps. */
    feedback: number;
    /** Effort values that are not integers from 1 to 7 (the rest of the feedback counts). */
    effortValues: number;
    /** Support events naming another journey, an unknown step or another entity than the step's. */
    supportEvents: number;
  };
}

const NO_DATA: JourneyNoDataFigure = { status: 'no-data' };

/**
 * A figure over `people` distinct people, inside an enclosing population of
 * `gate` people (for example a step's starters around its completers). When
 * the enclosing population is under k, the figure is withheld with the
 * enclosing count, so that two withheld counts never give away a withheld rate.
 */
function gatedFigure(
  k: number,
  gate: number,
  people: number,
  value: () => number,
): JourneyFigure {
  if (gate === 0) {
    return { ...NO_DATA };
  }
  if (gate < k) {
    return withheld(gate, k);
  }
  if (people === 0) {
    return { ...NO_DATA };
  }
  if (people < k) {
    return withheld(people, k);
  }
  return { status: 'ok', value: value(), people };
}

function withheld(people: number, k: number): JourneyWithheldFigure {
  return { status: 'withheld', people, k, reason: 'fewer than k people' };
}

/**
 * The nearest-rank `p`th percentile of `times` (the people of a group of
 * `gate`), withheld like any figure under k people, and withheld as well when
 * its rank is the first or the last: then it is the fastest or the slowest
 * person's own time.
 */
function percentileFigure(
  k: number,
  gate: number,
  times: readonly number[],
  p: number,
): JourneyFigure {
  const figure = gatedFigure(
    k,
    gate,
    times.length,
    () => nearestRankPercentile(times, p)!,
  );
  const rank = Math.max(1, Math.ceil((p * times.length) / 100));
  if (figure.status === 'ok' && (rank === 1 || rank === times.length)) {
    return {
      status: 'withheld',
      people: times.length,
      k,
      reason: "one person's extreme",
    };
  }
  return figure;
}

/** A figure over k or more people withheld by complementary suppression. */
function protecting(
  figure: JourneyFigure,
  people: number,
  k: number,
): JourneyFigure {
  return figure.status === 'ok'
    ? { status: 'withheld', people, k, reason: 'protects a smaller group' }
    : figure;
}

/** Years 0 to 9999 start and end here (epoch ms). */
const FOUR_DIGIT_YEARS = [
  new Date('0000-01-01T00:00:00.000Z').getTime(),
  new Date('9999-12-31T23:59:59.999Z').getTime(),
];

/**
 * `YYYY-MM` (UTC) of an instant: of its ISO form for four-digit years, as
 * luxon writes it for the rest. Exported for its test only.
 */
export function utcMonth(ms: number): string {
  if (ms >= FOUR_DIGIT_YEARS[0] && ms <= FOUR_DIGIT_YEARS[1]) {
    return new Date(ms).toISOString().slice(0, 7);
  }
  return DateTime.fromMillis(ms, { zone: 'utc' }).toFormat('yyyy-MM');
}

/** The form the stores hand timestamps in: UTC with milliseconds. */
const STORED_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The number written by the digits of `text` from `start` to `end`. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    n = n * 10 + text.charCodeAt(i) - 48;
  }
  return n;
}

/**
 * Epoch ms of an ISO 8601 timestamp, null when it is not one. The stored
 * form with every field in its range (the day within its month) is read
 * field by field, a journey's thousands of events in a few milliseconds;
 * every other string by luxon, which decides. Exported for its test only.
 */
export function parseTime(at: unknown): number | null {
  if (typeof at !== 'string') {
    return null;
  }
  if (STORED_UTC.test(at)) {
    const year = digits(at, 0, 4);
    const month = digits(at, 5, 7);
    const day = digits(at, 8, 10);
    const hour = digits(at, 11, 13);
    const minute = digits(at, 14, 16);
    const second = digits(at, 17, 19);
    if (
      // Date.UTC reads years 0 to 99 as 1900 to 1999.
      year >= 100 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59
    ) {
      return Date.UTC(
        year,
        month - 1,
        day,
        hour,
        minute,
        second,
        digits(at, 20, 23),
      );
    }
  }
  const time = DateTime.fromISO(at, { setZone: true });
  return time.isValid ? time.toMillis() : null;
}

function normaliseJourneyRef(ref: unknown): string | null {
  if (typeof ref !== 'string') {
    return null;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), {
        defaultKind: JOURNEY_KIND,
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return null;
  }
}

/** What one person did on one step. */
interface Trace {
  firstStarted: number | null;
  completions: number[];
  abandoned: boolean;
}

/** First completion at or after `from`; null when there is none. */
function firstCompletionFrom(trace: Trace | undefined, from: number) {
  let first: number | null = null;
  for (const at of trace?.completions ?? []) {
    if (at >= from && (first === null || at < first)) {
      first = at;
    }
  }
  return first;
}

/** Per person: first start, time taken (null when not completed), gave up. */
interface Attempt {
  person: string;
  startedAt: number;
  seconds: number | null;
  abandoned: boolean;
  /** Completed without asking for help (null when not completed). */
  selfServed: boolean | null;
}

function timeFigures(
  attempts: Attempt[],
  k: number,
  expectedSeconds: number | null,
) {
  const times = attempts
    .map(a => a.seconds)
    .filter((s): s is number => s !== null);
  const started = attempts.length;
  const completed = times.length;
  const selfServed = attempts.filter(a => a.selfServed === true).length;
  const gave = attempts.filter(a => a.abandoned && a.seconds === null).length;
  const percentile = (p: number) => percentileFigure(k, started, times, p);
  const medianSeconds = percentile(50);
  let timeVsExpected: JourneyFigure;
  if (expectedSeconds === null) {
    timeVsExpected = {
      status: 'no-data',
      reason: 'the spec has no expectedDuration',
    };
  } else if (medianSeconds.status === 'ok') {
    timeVsExpected = {
      status: 'ok',
      value: medianSeconds.value / expectedSeconds,
      people: medianSeconds.people,
    };
  } else {
    timeVsExpected = medianSeconds;
  }
  return {
    peopleStarted: started,
    medianSeconds,
    p90Seconds: percentile(90),
    completionRate: gatedFigure(k, started, started, () => completed / started),
    dropOff: gatedFigure(
      k,
      started,
      started,
      () => (started - completed) / started,
    ),
    abandoned: gatedFigure(k, started, started, () => gave / started),
    selfServiceRate: gatedFigure(
      k,
      started,
      completed,
      () => selfServed / completed,
    ),
    expectedSeconds,
    timeVsExpected,
  };
}

/** Feedback of the people on one step (or the whole journey). */
interface FeedbackTally {
  people: Set<string>;
  stuckReports: number;
  stuckPeople: Set<string>;
  /** Latest valid effort per person (per step), as [at, effort]. */
  efforts: Map<string, [number, number]>;
}

function newTally(): FeedbackTally {
  return {
    people: new Set(),
    stuckReports: 0,
    stuckPeople: new Set(),
    efforts: new Map(),
  };
}

function feedbackFigures(
  tallies: FeedbackTally[],
  k: number,
): Pick<JourneyFrictionFigures, 'stuckReports' | 'peopleStuck' | 'meanEffort'> {
  const people = new Set<string>();
  const stuckPeople = new Set<string>();
  const effortPeople = new Set<string>();
  let stuckReports = 0;
  const efforts: number[] = [];
  for (const tally of tallies) {
    tally.people.forEach(p => people.add(p));
    tally.stuckPeople.forEach(p => stuckPeople.add(p));
    stuckReports += tally.stuckReports;
    for (const [person, [, effort]] of tally.efforts) {
      effortPeople.add(person);
      efforts.push(effort);
    }
  }
  const gate = people.size;
  return {
    stuckReports: gatedFigure(k, gate, gate, () => stuckReports),
    peopleStuck: gatedFigure(k, gate, gate, () => stuckPeople.size),
    meanEffort: gatedFigure(
      k,
      gate,
      effortPeople.size,
      () => efforts.reduce((sum, e) => sum + e, 0) / efforts.length,
    ),
  };
}

function distinctCount(values: Array<string | undefined>, fold = false) {
  const set = new Set<string>();
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') {
      set.add(fold ? value.trim().toLocaleLowerCase('en-US') : value.trim());
    }
  }
  return set.size;
}

/**
 * Computes the friction figures of one journey from its events and feedback.
 *
 * @remarks
 *
 * Definitions, per step: a person started when they have a `started` event; the
 * time taken runs from their first `started` to their first `completed` at or
 * after it (in seconds); they completed when there is such a `completed` event.
 * For the whole journey the time taken is the time to first success: from the
 * person's first `started` event on any step to their first `completed` event of
 * the last step (last step of the last stage) at or after it; the start-month
 * cohort is the UTC month of that first `started` event.
 *
 * Percentiles (median, p25, p75, p90) use the nearest-rank method, see
 * {@link nearestRankPercentile}.
 *
 * Privacy: every aggregate over fewer than `k` distinct people is withheld
 * (`{ status: 'withheld', people, k, reason }`), and so is every figure inside
 * a population under k (a step's completers inside its starters, a month's
 * completers inside the month's starters). Nothing to measure is
 * `{ status: 'no-data' }`, never 0. The output holds no subject hash and no comment.
 *
 * Events of other journeys, of steps not in the spec, with a repeated `eventId`
 * or an unreadable `at` are left out and counted in `ignored`; so is feedback on
 * unknown steps. Feedback is taken to be about this journey.
 *
 * @public
 */
export function computeJourneyFigures(
  options: JourneyFiguresOptions,
): JourneyFigures {
  const slices = journeyFigureSlices(options);
  for (;;) {
    const next = slices.next();
    if (next.done) {
      return next.value;
    }
  }
}

/**
 * What {@link computeJourneyFigures} computes from.
 *
 * @public
 */
export interface JourneyFiguresOptions {
  /** The Journey entity: its steps, their expected durations, docs and concepts. */
  journey: JourneyEntityV1alpha1;
  /** The journey's events (others are left out and counted as ignored). */
  events: readonly JourneyEvent[];
  /** The answers given at its steps. */
  feedback: readonly JourneyFeedback[];
  /**
   * Support events naming steps of this journey, raised by people (hashed as
   * in `events`): they count against self-service.
   */
  supportEvents?: readonly JourneySupportEvent[];
  /** Minimum distinct people per aggregate; defaults to {@link JOURNEY_DEFAULT_K}. */
  k?: number;
}

/**
 * {@link computeJourneyFigures} in slices, awaiting `pause` between them
 * (a few thousand records, or a step, each): a backend lets its event loop
 * run there, so that a journey of many events does not hold it for the
 * whole computation. The same figures.
 *
 * @public
 */
export async function computeJourneyFiguresInSlices(
  options: JourneyFiguresOptions,
  pause: () => Promise<void>,
): Promise<JourneyFigures> {
  const slices = journeyFigureSlices(options);
  for (;;) {
    const next = slices.next();
    if (next.done) {
      return next.value;
    }
    await pause();
  }
}

/** Records read between two slices of {@link journeyFigureSlices}. */
const RECORDS_PER_SLICE = 2000;

/**
 * The computation of {@link computeJourneyFigures}, yielding where it may be
 * paused: every {@link RECORDS_PER_SLICE} events or answers read, and after
 * each step's figures.
 */
function* journeyFigureSlices(
  options: JourneyFiguresOptions,
): Generator<void, JourneyFigures, void> {
  const { journey, events, feedback } = options;
  const k = options.k ?? JOURNEY_DEFAULT_K;
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
  }
  const journeyRef = stringifyEntityRef(journey);
  const steps = journeySteps(journey);
  const stepIds = new Set(steps.map(s => s.id));

  // step id -> person -> trace
  const traces = new Map<string, Map<string, Trace>>(
    steps.map(s => [s.id, new Map()]),
  );
  const ignored = { events: 0, feedback: 0, effortValues: 0, supportEvents: 0 };
  // When each person asked for help at each step.
  const help: HelpMoments = newHelpMoments(steps);
  ignored.supportEvents = addSupportHelpMoments(help, {
    journeyRef,
    namespace: journey.metadata.namespace ?? 'default',
    steps,
    supportEvents: options.supportEvents ?? [],
  });
  const seenEventIds = new Set<string>();
  // Every event of a journey names it alike: each spelling read once.
  const refs = new Map<unknown, string | null>();
  const refOf = (ref: unknown) => {
    let normalised = refs.get(ref);
    if (normalised === undefined) {
      normalised = normaliseJourneyRef(ref);
      refs.set(ref, normalised);
    }
    return normalised;
  };
  let read = 0;
  for (const event of events) {
    if (++read % RECORDS_PER_SLICE === 0) {
      yield;
    }
    const at = parseTime(event.at);
    if (
      seenEventIds.has(event.eventId) ||
      refOf(event.journeyRef) !== journeyRef ||
      !stepIds.has(event.stepId) ||
      typeof event.subjectHash !== 'string' ||
      !['started', 'completed', 'abandoned'].includes(event.type) ||
      at === null
    ) {
      ignored.events += 1;
      continue;
    }
    seenEventIds.add(event.eventId);
    const byPerson = traces.get(event.stepId)!;
    let trace = byPerson.get(event.subjectHash);
    if (!trace) {
      trace = { firstStarted: null, completions: [], abandoned: false };
      byPerson.set(event.subjectHash, trace);
    }
    if (event.type === 'started') {
      if (trace.firstStarted === null || at < trace.firstStarted) {
        trace.firstStarted = at;
      }
    } else if (event.type === 'completed') {
      trace.completions.push(at);
    } else {
      trace.abandoned = true;
    }
  }

  const tallies = new Map<string, FeedbackTally>(
    steps.map(s => [s.id, newTally()]),
  );
  for (const item of feedback) {
    if (++read % RECORDS_PER_SLICE === 0) {
      yield;
    }
    const at = parseTime(item.at);
    if (
      !stepIds.has(item.stepId) ||
      typeof item.subjectHash !== 'string' ||
      (item.kind !== 'done' && item.kind !== 'stuck') ||
      at === null
    ) {
      ignored.feedback += 1;
      continue;
    }
    const tally = tallies.get(item.stepId)!;
    tally.people.add(item.subjectHash);
    if (item.kind === 'stuck') {
      tally.stuckReports += 1;
      tally.stuckPeople.add(item.subjectHash);
      addHelpMoment(help, item.stepId, item.subjectHash, at);
    }
    if (item.effort !== undefined && item.effort !== null) {
      const effort = item.effort;
      if (Number.isInteger(effort) && effort >= 1 && effort <= 7) {
        const latest = tally.efforts.get(item.subjectHash);
        if (!latest || at >= latest[0]) {
          tally.efforts.set(item.subjectHash, [at, effort]);
        }
      } else {
        ignored.effortValues += 1;
      }
    }
  }

  // Steps.
  const stepFigures: JourneyStepFigures[] = [];
  const reading = readingUpToEachStep(steps);
  let previousCompleters: Set<string> | null = null;
  for (const step of steps) {
    yield;
    const byPerson = traces.get(step.id)!;
    const attempts: Attempt[] = [];
    const completers = new Set<string>();
    const starters = new Set<string>();
    for (const [person, trace] of byPerson) {
      if (trace.firstStarted === null) {
        continue;
      }
      starters.add(person);
      const completedAt = firstCompletionFrom(trace, trace.firstStarted);
      if (completedAt !== null) {
        completers.add(person);
      }
      attempts.push({
        person,
        startedAt: trace.firstStarted,
        seconds:
          completedAt === null
            ? null
            : (completedAt - trace.firstStarted) / 1000,
        abandoned: trace.abandoned,
        selfServed:
          completedAt === null
            ? null
            : selfServedUntil(help.get(step.id)!.get(person), completedAt),
      });
    }

    let dropOffFromPreviousStep: JourneyFigure;
    if (previousCompleters === null) {
      dropOffFromPreviousStep = {
        status: 'no-data',
        reason: 'the first step has no previous step',
      };
    } else {
      const before = previousCompleters;
      const neverStarted = [...before].filter(p => !starters.has(p)).length;
      dropOffFromPreviousStep = gatedFigure(
        k,
        before.size,
        before.size,
        () => neverStarted / before.size,
      );
    }
    previousCompleters = completers;

    const expected =
      step.expectedDuration === undefined
        ? null
        : parseIsoDurationSeconds(step.expectedDuration);
    stepFigures.push({
      stepId: step.id,
      title: step.title,
      stage: step.stage,
      position: step.position,
      ...timeFigures(attempts, k, expected),
      ...feedbackFigures([tallies.get(step.id)!], k),
      dropOffFromPreviousStep,
      docs: distinctCount(step.docs ?? []),
      concepts: distinctCount(step.concepts ?? [], true),
      docsUpToHere: reading[step.position].docs,
      conceptsUpToHere: reading[step.position].concepts,
    });
  }

  // The whole journey: time to first success.
  yield;
  const firstStart = new Map<string, number>();
  const gaveUp = new Set<string>();
  for (const byPerson of traces.values()) {
    for (const [person, trace] of byPerson) {
      if (trace.abandoned) {
        gaveUp.add(person);
      }
      if (trace.firstStarted === null) {
        continue;
      }
      const known = firstStart.get(person);
      if (known === undefined || trace.firstStarted < known) {
        firstStart.set(person, trace.firstStarted);
      }
    }
  }
  const lastStep = steps[steps.length - 1];
  const lastTraces = lastStep ? traces.get(lastStep.id)! : new Map();
  const journeyAttempts: Attempt[] = [...firstStart].map(
    ([person, startedAt]) => {
      const completedAt = firstCompletionFrom(
        lastTraces.get(person),
        startedAt,
      );
      return {
        person,
        startedAt,
        seconds: completedAt === null ? null : (completedAt - startedAt) / 1000,
        abandoned: gaveUp.has(person),
        // On their own at every step of the journey, up to first success.
        selfServed:
          completedAt === null
            ? null
            : steps.every(s =>
                selfServedUntil(help.get(s.id)!.get(person), completedAt),
              ),
      };
    },
  );

  const cohorts = new Map<string, Attempt[]>();
  for (const attempt of journeyAttempts) {
    const month = utcMonth(attempt.startedAt);
    const list = cohorts.get(month) ?? [];
    list.push(attempt);
    cohorts.set(month, list);
  }
  const startCohorts: JourneyStartCohort[] = [...cohorts.keys()]
    .sort()
    .map(month => {
      const attempts = cohorts.get(month)!;
      const times = attempts
        .map(a => a.seconds)
        .filter((s): s is number => s !== null);
      const percentile = (p: number) =>
        percentileFigure(k, attempts.length, times, p);
      return {
        month,
        peopleStarted: attempts.length,
        completionRate: gatedFigure(
          k,
          attempts.length,
          attempts.length,
          () => times.length / attempts.length,
        ),
        medianSeconds: percentile(50),
        p25Seconds: percentile(25),
        p75Seconds: percentile(75),
        selfServiceRate: gatedFigure(
          k,
          attempts.length,
          times.length,
          () =>
            attempts.filter(a => a.selfServed === true).length / times.length,
        ),
      };
    });

  // The whole journey's figures cover every cohort: a withheld cohort must
  // not be recoverable as the whole minus the cohorts shown.
  const protectedMonths = complementaryWithheld(
    startCohorts.map(c => ({
      key: c.month,
      people: new Set(cohorts.get(c.month)!.map(a => a.person)),
      withheld: c.peopleStarted < k,
    })),
    k,
  );
  for (const cohort of startCohorts) {
    if (protectedMonths.has(cohort.month)) {
      const n = cohort.peopleStarted;
      cohort.completionRate = protecting(cohort.completionRate, n, k);
      cohort.medianSeconds = protecting(cohort.medianSeconds, n, k);
      cohort.p25Seconds = protecting(cohort.p25Seconds, n, k);
      cohort.p75Seconds = protecting(cohort.p75Seconds, n, k);
    }
  }

  // The journey's feedback figures add up its steps': a withheld step must
  // not be recoverable as the journey minus the steps shown.
  const stuckProtected = complementaryWithheld(
    steps.map((s, i) => ({
      key: s.id,
      people: tallies.get(s.id)!.people,
      withheld: stepFigures[i].stuckReports.status === 'withheld',
    })),
    k,
  );
  const effortProtected = complementaryWithheld(
    steps.map((s, i) => ({
      key: s.id,
      people: new Set(tallies.get(s.id)!.efforts.keys()),
      withheld:
        stepFigures[i].meanEffort.status === 'withheld' ||
        stuckProtected.has(s.id),
    })),
    k,
  );
  for (const figures of stepFigures) {
    const tally = tallies.get(figures.stepId)!;
    if (stuckProtected.has(figures.stepId)) {
      const n = tally.people.size;
      figures.stuckReports = protecting(figures.stuckReports, n, k);
      figures.peopleStuck = protecting(figures.peopleStuck, n, k);
      figures.meanEffort = protecting(figures.meanEffort, n, k);
    }
    if (effortProtected.has(figures.stepId)) {
      figures.meanEffort = protecting(
        figures.meanEffort,
        tally.efforts.size,
        k,
      );
    }
  }

  const stepExpectations = steps.map(s =>
    s.expectedDuration === undefined
      ? null
      : parseIsoDurationSeconds(s.expectedDuration),
  );
  const journeyExpected =
    steps.length > 0 && stepExpectations.every(s => s !== null)
      ? stepExpectations.reduce<number>((sum, s) => sum + s!, 0)
      : null;
  const journeyTimes = timeFigures(journeyAttempts, k, journeyExpected);
  if (journeyExpected === null && steps.length > 0) {
    journeyTimes.timeVsExpected = {
      status: 'no-data',
      reason: 'not every step of the spec has an expectedDuration',
    };
  }

  return {
    journeyRef,
    k,
    journey: {
      ...journeyTimes,
      ...feedbackFigures([...tallies.values()], k),
      docs: distinctCount(steps.flatMap(s => s.docs ?? [])),
      concepts: distinctCount(
        steps.flatMap(s => s.concepts ?? []),
        true,
      ),
      startCohorts,
    },
    steps: stepFigures,
    ignored,
  };
}
