import { z } from 'zod';
import { inBatchDuplicates } from '../schemas';
import { inputErrorFromProblems, parseOrThrowInputError } from '../validation';
import {
  SUPPORT_EVENT_BATCH_LIMIT,
  SupportEvent,
  supportEventBatchSchema,
} from './schema';

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
 * @public
 */
export function parseSupportEventBatch(body: unknown): SupportEvent[] {
  // The envelope first, so an oversized batch is refused before its items are read.
  parseOrThrowInputError(envelopeSchema, body);
  const { events } = parseOrThrowInputError(supportEventBatchSchema, body);

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
