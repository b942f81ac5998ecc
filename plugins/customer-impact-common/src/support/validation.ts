import { z } from 'zod';
import { inBatchDuplicates } from '../schemas';
import {
  inputErrorFromProblems,
  inputErrorFromZodError,
  parseOrThrowInputError,
  safeParseReadable,
} from '../validation';
import {
  SUPPORT_EVENT_BATCH_LIMIT,
  SupportEvent,
  supportEventSchema,
} from './schema';
import { WellFormedMemo, wellFormedSupportEvent } from './wellFormed';

const envelopeSchema = z
  .object({
    events: z
      .array(z.unknown())
      .min(1, 'must hold at least one event')
      .max(
        SUPPORT_EVENT_BATCH_LIMIT,
        `must hold at most ${SUPPORT_EVENT_BATCH_LIMIT} events; split the push into several batches`,
      ),
  })
  .strict();

/** Events validated between two pauses of {@link parseSupportEventBatchInSlices}. */
const SLICE = 200;

/**
 * The events of a batch validated one after another, pausing (`yield`) after
 * every `slice` of them. Each event is checked by hand (see `wellFormed.ts`);
 * one the hand checks are not sure of is parsed by `supportEventSchema`, whose
 * issues are gathered under `events[i]` as the batch schema
 * (`supportEventBatchSchema`) would report them, in the same order.
 */
function* validateEvents(
  body: unknown,
  slice: number,
): Generator<void, SupportEvent[]> {
  // The envelope first, so an oversized batch is refused before its items are read.
  const { events: raw } = parseOrThrowInputError(envelopeSchema, body);
  const memo = new WellFormedMemo();
  const events: SupportEvent[] = new Array(raw.length);
  const issues: z.ZodIssue[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (i > 0 && i % slice === 0) {
      yield;
    }
    const event = wellFormedSupportEvent(raw[i], memo);
    if (event) {
      events[i] = event;
      continue;
    }
    const result = safeParseReadable(supportEventSchema, raw[i]);
    if (result.success) {
      events[i] = result.data;
    } else {
      for (const issue of result.error.issues) {
        issues.push({ ...issue, path: ['events', i, ...issue.path] });
      }
    }
  }
  if (issues.length > 0) {
    throw inputErrorFromZodError(new z.ZodError(issues));
  }

  // Only once every event is valid: a repeated key of an invalid event is noise.
  const problems = inBatchDuplicates(events, e => [e.source, e.externalId]).map(
    ({ index, first, item }) => ({
      path: `events[${index}]`,
      message: `duplicates events[${first}]: both have source ${JSON.stringify(
        item.source,
      )} and externalId ${JSON.stringify(item.externalId)}`,
    }),
  );
  if (problems.length > 0) {
    throw inputErrorFromProblems(problems);
  }
  return events;
}

/**
 * Validates and normalises the body of a support push, `{ "events": [...] }`,
 * as a whole: either every event is valid and the normalised events are
 * returned, or an `InputError` is thrown that names each item index and field
 * at fault, e.g. `events[3].openedAt: must be an ISO 8601 timestamp ...`.
 *
 * Rules:
 * - 1 to {@link SUPPORT_EVENT_BATCH_LIMIT} (1000) events; unknown fields are refused.
 * - `source` (≤ 64 characters, lower-cased) and `externalId` (≤ 256) are
 *   required, and no (source, externalId) may occur twice in one batch.
 * - `entityRef` must be a full entity ref with its kind; the namespace
 *   defaults to `default`. `consumerRef` defaults to kind `group`. Both are
 *   returned as `kind:namespace/name` in lower case.
 * - `openedAt` and `resolvedAt` are ISO 8601 timestamps with a zone, returned
 *   in UTC; `resolvedAt` may not be before `openedAt`.
 * - `url` must be an absolute http(s) URL. `category` is lower-cased.
 * - `null` for an optional field means absent; an empty string is refused.
 *
 * The result and every message are those of `supportEventBatchSchema`.
 *
 * @public
 */
export function parseSupportEventBatch(body: unknown): SupportEvent[] {
  const steps = validateEvents(body, Number.MAX_SAFE_INTEGER);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value;
    }
  }
}

/**
 * {@link parseSupportEventBatch}, letting other work run between slices of
 * the batch: `pause` is awaited after every 200 events (a server passes one
 * that lets its event loop turn, e.g. `setImmediate`). The same result and
 * the same messages.
 *
 * @public
 */
export async function parseSupportEventBatchInSlices(
  body: unknown,
  pause: () => Promise<void>,
): Promise<SupportEvent[]> {
  const steps = validateEvents(body, SLICE);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value;
    }
    await pause();
  }
}
