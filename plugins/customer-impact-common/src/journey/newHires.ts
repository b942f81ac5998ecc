import { JourneyAtEntity } from './api';
import { JourneyFigure, JourneyStepFigures } from './figures';

/**
 * What new hires go through at one entity: the step of a new-hire journey at
 * the entity that takes longest against its expected time, with its
 * self-service rate and what they must have read by then.
 *
 * @public
 */
export interface NewHireExperience {
  /** The new-hire journey the step belongs to. */
  journeyRef: string;
  /** The journey's title. */
  journey: string;
  /** The step's id in the journey's spec. */
  stepId: string;
  /** The step's title, e.g. "First deploy". */
  step: string;
  /** Median time / expected time at the step (3.4 = 3.4× the expected time). */
  timeVsExpected: JourneyFigure;
  /** The step's self-service rate (completers on their own). */
  selfServiceRate: JourneyFigure;
  /** Distinct docs to read up to and including the step. */
  docsUpToHere: number;
  /** Distinct concepts to learn up to and including the step. */
  conceptsUpToHere: number;
  /** How many steps of new-hire journeys are at the entity. */
  steps: number;
}

/**
 * The persona of new hires in the Journey kind.
 *
 * @public
 */
export const NEW_HIRE_PERSONA = 'new-hire';

function rank(figure: JourneyFigure): number {
  // Measured first (highest first), then withheld, then no data.
  if (figure.status === 'ok') return figure.value;
  return figure.status === 'withheld' ? -1 : -2;
}

/**
 * What new hires go through at an entity, from the journeys that pass
 * through it (the summary's `journeys.journeys`): among the steps at the
 * entity of journeys for the `new-hire` persona, the one with the highest
 * measured time against its expected time (a withheld or unmeasured step
 * only when none is measured; ties: the earlier journey and step). Null when
 * no new-hire journey has a step here.
 *
 * @example
 * Steps at the entity: "First deploy" at 3.4× and "Request a database" at
 * 1.1×: the answer is "First deploy" (3.4 is the highest).
 *
 * @public
 */
export function newHireExperienceAt(
  journeys: ReadonlyArray<JourneyAtEntity>,
): NewHireExperience | null {
  let best: {
    journey: JourneyAtEntity;
    step: JourneyStepFigures;
  } | null = null;
  let count = 0;
  for (const journey of journeys) {
    if (journey.persona !== NEW_HIRE_PERSONA) continue;
    for (const step of journey.steps) {
      count += 1;
      if (!best || rank(step.timeVsExpected) > rank(best.step.timeVsExpected)) {
        best = { journey, step };
      }
    }
  }
  if (!best) {
    return null;
  }
  return {
    journeyRef: best.journey.journeyRef,
    journey: best.journey.title,
    stepId: best.step.stepId,
    step: best.step.title,
    timeVsExpected: best.step.timeVsExpected,
    selfServiceRate: best.step.selfServiceRate,
    docsUpToHere: best.step.docsUpToHere,
    conceptsUpToHere: best.step.conceptsUpToHere,
    steps: count,
  };
}
