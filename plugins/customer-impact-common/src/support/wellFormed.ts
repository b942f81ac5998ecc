import {
  MAX_ENTITY_REF_LENGTH,
  MAX_TIMESTAMP_LENGTH,
  hasNoNulCharacter,
  normaliseEntityRef,
  normaliseIsoTimestamp,
} from '../schemas';
import { SUPPORT_EVENT_FIELDS, SupportEvent } from './schema';
import { SUPPORT_EVENT_KINDS } from './types';

/*
 * The support event schema's checks written out by hand, for the common case
 * of a batch in which every event is valid: the same rules and the same
 * normalised output as `supportEventSchema`, without zod's per-field
 * bookkeeping (60–90 ms per 1,000 events). It decides only "valid, and this is
 * the event" or "not sure": anything it does not accept is parsed again by the
 * zod schema, which then says what is wrong in its own words. So an accepted
 * event is one the schema accepts with the same output (a property test
 * compares the two), and every refusal keeps the schema's message.
 */

const KNOWN_FIELDS: ReadonlySet<string> = new Set(SUPPORT_EVENT_FIELDS);

const KINDS: ReadonlySet<string> = new Set(SUPPORT_EVENT_KINDS);

/** Marks "not sure: let the schema decide". */
const NOT_SURE = Symbol('not sure');
type Checked<T> = T | typeof NOT_SURE;

function timestamp(raw: unknown): Checked<string> {
  if (typeof raw !== 'string' || raw.length > MAX_TIMESTAMP_LENGTH) {
    return NOT_SURE;
  }
  return normaliseIsoTimestamp(raw) ?? NOT_SURE;
}

/** `trimmedText(max)` of the schema: trimmed, 1 to `max` characters, no NUL. */
function trimmedText(raw: unknown, max: number): Checked<string> {
  if (typeof raw !== 'string') {
    return NOT_SURE;
  }
  const text = raw.trim();
  return text.length >= 1 && text.length <= max && hasNoNulCharacter(text)
    ? text
    : NOT_SURE;
}

/** `lowerCasedText(max)` of the schema: trimmed and lower-cased, then as trimmedText. */
function lowerCasedText(
  raw: unknown,
  max: number,
  memo: Map<string, string>,
): Checked<string> {
  if (typeof raw !== 'string') {
    return NOT_SURE;
  }
  let text = memo.get(raw);
  if (text === undefined) {
    text = raw.trim().toLocaleLowerCase('en-US');
    memo.set(raw, text);
  }
  return text.length >= 1 && text.length <= max && hasNoNulCharacter(text)
    ? text
    : NOT_SURE;
}

/** `entityRefSchema` of the schema; a batch names few entities, each normalised once. */
function entityRef(
  raw: unknown,
  defaultKind: string | undefined,
  memo: Map<string, string | null>,
): Checked<string> {
  if (typeof raw !== 'string' || raw.length > MAX_ENTITY_REF_LENGTH) {
    return NOT_SURE;
  }
  let ref = memo.get(raw);
  if (ref === undefined) {
    ref = normaliseEntityRef(raw, { defaultKind });
    memo.set(raw, ref);
  }
  return ref ?? NOT_SURE;
}

/** `httpUrl` of the schema: an absolute http(s) URL of at most 2,048 characters, as the URL parser writes it. */
function httpUrl(raw: unknown): Checked<string> {
  if (typeof raw !== 'string') {
    return NOT_SURE;
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return NOT_SURE;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return NOT_SURE;
  }
  const text = url.toString();
  return text.length <= 2048 ? text : NOT_SURE;
}

/**
 * What was normalised already, for the events of one batch: its refs and
 * lower-cased texts repeat.
 *
 * @internal
 */
export class WellFormedMemo {
  readonly component = new Map<string, string | null>();
  readonly group = new Map<string, string | null>();
  readonly journey = new Map<string, string | null>();
  readonly lower = new Map<string, string>();
}

/** The optional fields' checks, in the schema's order. */
const OPTIONAL_FIELDS: ReadonlyArray<
  [keyof SupportEvent, (v: unknown, memo: WellFormedMemo) => Checked<string>]
> = [
  ['consumerRef', (v, memo) => entityRef(v, 'group', memo.group)],
  ['resolvedAt', timestamp],
  ['category', (v, memo) => lowerCasedText(v, 100, memo.lower)],
  ['severity', v => trimmedText(v, 32)],
  ['title', v => trimmedText(v, 500)],
  ['url', httpUrl],
  ['requester', v => trimmedText(v, 1000)],
  ['journeyRef', (v, memo) => entityRef(v, 'journey', memo.journey)],
  ['journeyStepId', v => trimmedText(v, 100)],
];

/**
 * The event as `supportEventSchema` returns it when the hand checks find it
 * valid; undefined when it is not valid or they are not sure, for the schema
 * to parse (and report).
 *
 * @internal
 */
export function wellFormedSupportEvent(
  raw: unknown,
  memo: WellFormedMemo,
): SupportEvent | undefined {
  if (
    typeof raw !== 'object' ||
    raw === null ||
    Object.getPrototypeOf(raw) !== Object.prototype
  ) {
    return undefined;
  }
  const input = raw as Record<string, unknown>;
  // `for … in`, as zod's strict object looks for unknown keys.
  for (const key in input) {
    if (!KNOWN_FIELDS.has(key)) {
      return undefined;
    }
  }
  const source = lowerCasedText(input.source, 64, memo.lower);
  const externalId = trimmedText(input.externalId, 256);
  const ref = entityRef(input.entityRef, undefined, memo.component);
  const kind = input.kind;
  const openedAt = timestamp(input.openedAt);
  if (
    source === NOT_SURE ||
    externalId === NOT_SURE ||
    ref === NOT_SURE ||
    typeof kind !== 'string' ||
    !KINDS.has(kind) ||
    openedAt === NOT_SURE
  ) {
    return undefined;
  }
  const event: SupportEvent = {
    source,
    externalId,
    entityRef: ref,
    kind: kind as SupportEvent['kind'],
    openedAt,
  };

  // The optional fields, in the schema's order; null is the same as absent.
  for (const [key, check] of OPTIONAL_FIELDS) {
    const value = input[key];
    if (value === undefined || value === null) {
      continue;
    }
    const checked = check(value, memo);
    if (checked === NOT_SURE) {
      return undefined;
    }
    (event as Record<string, string>)[key] = checked;
  }

  // The schema's refinements: both normalised to the same UTC format, so
  // text order is time order; a journey step is named by both fields or none.
  if (event.resolvedAt !== undefined && event.resolvedAt < event.openedAt) {
    return undefined;
  }
  if (
    (event.journeyRef === undefined) !==
    (event.journeyStepId === undefined)
  ) {
    return undefined;
  }
  return event;
}
