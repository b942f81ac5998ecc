import { JourneySupportEvent } from '@customer-impact/plugin-customer-impact-common';
import { JourneyRecords } from './JourneyStore';

/*
 * A journey's records and windows over them: which records of each list lie
 * in a window, found by binary search over instants parsed once when the
 * records are kept (`JourneyService` keeps a journey's records per replica
 * and its figures over a window under the runs found here).
 */

/** A journey's events and answers, and the support events naming its steps. */
export type JourneyInputs = JourneyRecords & {
  supportEvents: JourneySupportEvent[];
};

/** Instants `[from, to)`, epoch ms. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** The lists of {@link JourneyInputs} that a window selects from. */
const TIMED_LISTS = ['events', 'feedback', 'supportEvents'] as const;

/**
 * A journey's records as read, with each list's instants (epoch ms) if the
 * list is in time order, else null.
 */
export interface KeptRecords {
  inputs: JourneyInputs;
  times: Record<(typeof TIMED_LISTS)[number], number[] | null>;
}

/** The instants of records in time order; null if they are not (or one does not parse). */
function timesInOrder(
  records: ReadonlyArray<{ at: string }>,
): number[] | null {
  const times: number[] = new Array(records.length);
  let previous = -Infinity;
  for (let i = 0; i < records.length; i++) {
    const at = Date.parse(records[i].at);
    if (!(at >= previous)) {
      return null;
    }
    times[i] = previous = at;
  }
  return times;
}

/** The records with each list's instants, for windows over them. */
export function withTimes(inputs: JourneyInputs): KeptRecords {
  return {
    inputs,
    times: {
      events: timesInOrder(inputs.events),
      feedback: timesInOrder(inputs.feedback),
      supportEvents: timesInOrder(inputs.supportEvents),
    },
  };
}

/** The first index whose instant is at least `at` (`times` ascending). */
function firstAtOrAfter(times: number[], at: number): number {
  let [low, high] = [0, times.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle] < at) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Per list, the `[start, end)` indexes of its records in the window. */
export type Runs = Array<[number, number]>;

/**
 * Each list's records in the window as one run of indexes (the lists in time
 * order); null if a list is not in time order.
 */
export function runsIn(records: KeptRecords, window: TimeWindow): Runs | null {
  const runs: Runs = [];
  for (const list of TIMED_LISTS) {
    const times = records.times[list];
    if (times === null) {
      return null;
    }
    runs.push([
      firstAtOrAfter(times, window.from),
      firstAtOrAfter(times, window.to),
    ]);
  }
  return runs;
}

/** The records of each list's run. */
export function sliceRuns(inputs: JourneyInputs, runs: Runs): JourneyInputs {
  const [events, feedback, supportEvents] = runs;
  return {
    ...inputs,
    events: inputs.events.slice(...events),
    feedback: inputs.feedback.slice(...feedback),
    supportEvents: inputs.supportEvents.slice(...supportEvents),
  };
}

/** The records at instants in the window, list by list. */
export function recordsIn(
  inputs: JourneyInputs,
  window: TimeWindow,
): JourneyInputs {
  const inWindow = (r: { at: string }) => {
    const at = Date.parse(r.at);
    return at >= window.from && at < window.to;
  };
  return {
    ...inputs,
    events: inputs.events.filter(inWindow),
    feedback: inputs.feedback.filter(inWindow),
    supportEvents: inputs.supportEvents.filter(inWindow),
  };
}
