import {
  MAX_TIMESTAMP_LENGTH,
  hasNoNulCharacter,
  normaliseEntityRef,
  normaliseIsoTimestamp,
} from '../schemas';
import { parseOrThrowInputError } from '../validation';
import { JOURNEY_KIND } from './constants';
import {
  JOURNEY_EVENT_TYPES,
  JOURNEY_PUSH_BATCH_LIMIT,
  JourneyEventsPushRequest,
  journeyEventsRequestSchema,
} from './schema';

/*
 * The checks of `journeyEventsRequestSchema` written out by hand for the
 * common case, a batch in which every event is valid: the same rules and the
 * same output, without zod's per-field bookkeeping, in slices. A batch they
 * are not sure of (one event not valid, an eventId twice, anything unusual)
 * is parsed by the schema, whose messages name what is wrong. A property test
 * compares the two.
 */

/** Events checked between two pauses. */
const SLICE = 500;

const EVENT_FIELDS = new Set([
  'eventId',
  'journeyRef',
  'stepId',
  'subject',
  'type',
  'at',
]);
const TYPES: ReadonlySet<string> = new Set(JOURNEY_EVENT_TYPES);

type JourneyEventOut = JourneyEventsPushRequest['events'][number];

/** `plainTextSchema(max).pipe(z.string().min(1))`: 1 to `max` characters, no NUL, not trimmed. */
function text(raw: unknown, max: number): raw is string {
  return (
    typeof raw === 'string' &&
    raw.length >= 1 &&
    raw.length <= max &&
    hasNoNulCharacter(raw)
  );
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    Object.getPrototypeOf(raw) === Object.prototype
  );
}

/** Only the known keys, looked for as zod's strict object does (`for … in`). */
function onlyKeys(raw: Record<string, unknown>, known: ReadonlySet<string>) {
  for (const key in raw) {
    if (!known.has(key)) {
      return false;
    }
  }
  return true;
}

function wellFormedJourneyEvent(
  raw: unknown,
  refs: Map<string, string | null>,
): JourneyEventOut | undefined {
  if (!isPlainObject(raw) || !onlyKeys(raw, EVENT_FIELDS)) {
    return undefined;
  }
  const { eventId, journeyRef, stepId, subject, type, at } = raw;
  if (
    !text(eventId, 255) ||
    !text(stepId, 255) ||
    !text(subject, 1000) ||
    typeof type !== 'string' ||
    !TYPES.has(type) ||
    typeof journeyRef !== 'string' ||
    journeyRef.length < 1 ||
    journeyRef.length > 255 ||
    typeof at !== 'string' ||
    at.length > MAX_TIMESTAMP_LENGTH
  ) {
    return undefined;
  }
  let ref = refs.get(journeyRef);
  if (ref === undefined) {
    ref = normaliseEntityRef(journeyRef, {
      defaultKind: JOURNEY_KIND,
      kind: JOURNEY_KIND,
    });
    refs.set(journeyRef, ref);
  }
  const instant = normaliseIsoTimestamp(at);
  if (ref === null || instant === null) {
    return undefined;
  }
  return {
    eventId,
    journeyRef: ref,
    stepId,
    subject,
    type: type as JourneyEventOut['type'],
    at: instant,
  };
}

/**
 * The events of a `POST /v1/journey-events` body when the hand checks find
 * the whole batch valid; undefined otherwise. Pauses (`yield`) every slice.
 */
function* wellFormedJourneyEvents(
  body: unknown,
  slice: number,
): Generator<void, JourneyEventOut[] | undefined> {
  if (!isPlainObject(body) || !onlyKeys(body, new Set(['events']))) {
    return undefined;
  }
  const raw = body.events;
  if (
    !Array.isArray(raw) ||
    raw.length < 1 ||
    raw.length > JOURNEY_PUSH_BATCH_LIMIT
  ) {
    return undefined;
  }
  const refs = new Map<string, string | null>();
  const ids = new Set<string>();
  const events: JourneyEventOut[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    if (i > 0 && i % slice === 0) {
      yield;
    }
    const event = wellFormedJourneyEvent(raw[i], refs);
    if (!event || ids.has(event.eventId)) {
      return undefined;
    }
    ids.add(event.eventId);
    events[i] = event;
  }
  return events;
}

/**
 * Validates the body of `POST /v1/journey-events` as
 * `journeyEventsRequestSchema` does, with the same result and the same
 * messages: a well-formed batch is checked by hand in slices of 500 events,
 * awaiting `pause` between them (a server passes one that lets its event loop
 * turn); any other is parsed by the schema.
 *
 * @public
 */
export async function parseJourneyEventsInSlices(
  body: unknown,
  pause: () => Promise<void>,
): Promise<JourneyEventsPushRequest> {
  const steps = wellFormedJourneyEvents(body, SLICE);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value
        ? { events: step.value }
        : parseOrThrowInputError(journeyEventsRequestSchema, body);
    }
    await pause();
  }
}

/**
 * The hand checks alone, without pauses: the events, or undefined when the
 * schema decides.
 *
 * @internal
 */
export function wellFormedJourneyEventBatch(
  body: unknown,
): JourneyEventOut[] | undefined {
  const steps = wellFormedJourneyEvents(body, Number.MAX_SAFE_INTEGER);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value;
    }
  }
}
