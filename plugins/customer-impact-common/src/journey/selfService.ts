import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import { JOURNEY_KIND, JOURNEY_STEP_DEFAULT_ENTITY_KIND } from './constants';
import { JourneyStepInContext } from './types';

/**
 * A support event (ticket, page, escalation, manual exception) that a person
 * raised and that names a step of a journey: the person asked a human for
 * help at that step. Read from the support facet's events that carry a
 * `requester`, a `journeyRef` and a `journeyStepId`.
 *
 * @public
 */
export interface JourneySupportEvent {
  /** The person who raised it: the same pseudonym as in their journey events. */
  subjectHash: string;
  /** The journey the event names, e.g. `journey:default/first-service`. */
  journeyRef: string;
  /** The step of that journey the event names. */
  stepId: string;
  /** The entity the event concerns, `kind:namespace/name`. */
  entityRef: string;
  /** When it was opened (ISO 8601 with a zone). */
  at: string;
}

/**
 * When each person asked for help at each step (an "I'm stuck here" or a
 * support event naming the step), as epoch milliseconds: step id → person →
 * moments.
 */
export type HelpMoments = Map<string, Map<string, number[]>>;

/** An empty {@link HelpMoments} for the steps of a journey. */
export function newHelpMoments(steps: ReadonlyArray<{ id: string }>) {
  return new Map(
    steps.map(s => [s.id, new Map<string, number[]>()]),
  ) as HelpMoments;
}

/** Records that `person` asked for help at `stepId` at `at` (ms). */
export function addHelpMoment(
  moments: HelpMoments,
  stepId: string,
  person: string,
  at: number,
) {
  const byPerson = moments.get(stepId);
  if (!byPerson) {
    return;
  }
  const list = byPerson.get(person) ?? [];
  list.push(at);
  byPerson.set(person, list);
}

function normalise(
  ref: string,
  defaultKind: string,
  defaultNamespace: string,
): string | null {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), { defaultKind, defaultNamespace }),
    );
  } catch {
    return null;
  }
}

/**
 * Adds the support events that count against self-service: those that name
 * a step of this journey and concern the step's entity (a step without an
 * entity is named by the event alone). Returns how many events were left
 * out (another journey, an unknown step, another entity, an unreadable time).
 */
export function addSupportHelpMoments(
  moments: HelpMoments,
  options: {
    journeyRef: string;
    /** The journey's namespace: step refs without one are in it. */
    namespace: string;
    steps: ReadonlyArray<JourneyStepInContext>;
    supportEvents: ReadonlyArray<JourneySupportEvent>;
  },
): number {
  const stepEntity = new Map(
    options.steps.map(s => [
      s.id,
      s.entityRef
        ? normalise(
            s.entityRef,
            JOURNEY_STEP_DEFAULT_ENTITY_KIND,
            options.namespace,
          )
        : null,
    ]),
  );
  let ignored = 0;
  for (const event of options.supportEvents) {
    const at = DateTime.fromISO(event.at, { setZone: true });
    const journeyRef = normalise(event.journeyRef, JOURNEY_KIND, 'default');
    const expected = stepEntity.get(event.stepId);
    const entityRef = normalise(
      event.entityRef,
      JOURNEY_STEP_DEFAULT_ENTITY_KIND,
      'default',
    );
    if (
      journeyRef !== options.journeyRef ||
      expected === undefined ||
      (expected !== null && entityRef !== expected) ||
      typeof event.subjectHash !== 'string' ||
      !at.isValid
    ) {
      ignored += 1;
      continue;
    }
    addHelpMoment(moments, event.stepId, event.subjectHash, at.toMillis());
  }
  return ignored;
}

/**
 * Whether a person completed on their own: no help moment at or before the
 * moment they completed (`completedAt`, ms). Help asked for after they were
 * done does not make them less self-served.
 *
 * @public
 */
export function selfServedUntil(
  helpMoments: ReadonlyArray<number> | undefined,
  completedAt: number,
): boolean {
  return !(helpMoments ?? []).some(at => at <= completedAt);
}

/**
 * Distinct docs and concepts a newcomer reads up to and including each step,
 * in journey order (docs by URL, concepts case-insensitively): what the
 * journey asks them to learn by the time they get there.
 *
 * @public
 */
export function readingUpToEachStep(
  steps: ReadonlyArray<Pick<JourneyStepInContext, 'docs' | 'concepts'>>,
): Array<{ docs: number; concepts: number }> {
  const docs = new Set<string>();
  const concepts = new Set<string>();
  return steps.map(step => {
    for (const doc of step.docs ?? []) {
      if (doc.trim() !== '') docs.add(doc.trim());
    }
    for (const concept of step.concepts ?? []) {
      if (concept.trim() !== '') {
        concepts.add(concept.trim().toLocaleLowerCase('en-US'));
      }
    }
    return { docs: docs.size, concepts: concepts.size };
  });
}
