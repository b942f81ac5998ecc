import { z } from 'zod';
import { parseOrThrowInputError } from '../validation';
import { CHANGE_BATCH_LIMIT, Change, changeBatchSchema } from './schema';

const envelopeSchema = z
  .object({
    changes: z
      .array(z.unknown())
      .min(1, 'must hold at least one change')
      .max(
        CHANGE_BATCH_LIMIT,
        `must hold at most ${CHANGE_BATCH_LIMIT} changes; split the push into several batches`,
      ),
  })
  .strict();

/**
 * Validates and normalises the body of `POST /v1/changes`,
 * `{ "changes": [{ id, title, at, entityRefs, url? }] }`, as a whole: either
 * every change is valid and the normalised changes are returned, or an
 * `InputError` is thrown naming each item index and field at fault, e.g.
 * `changes[2].at: must be an ISO 8601 timestamp with a zone ...`.
 *
 * Rules:
 * - 1 to {@link CHANGE_BATCH_LIMIT} (100) changes; unknown fields are refused.
 * - `id`: 1 to 200 characters, a letter or digit first, then letters, digits,
 *   `.`, `_`, `:`, `-`; each id once per batch.
 * - `title`: 1 to 200 characters after trimming.
 * - `at`: an ISO 8601 timestamp with a zone, returned in UTC.
 * - `entityRefs`: 1 to 50 full entity refs (the namespace defaults to
 *   `default`), each once, returned as `kind:namespace/name` in lower case.
 * - `url`: an absolute http(s) URL of at most 2048 characters, or null / absent.
 *
 * @public
 */
export function parseChangeBatch(body: unknown): Change[] {
  // The envelope first, so an oversized batch is refused before its items are read.
  parseOrThrowInputError(envelopeSchema, body);
  return parseOrThrowInputError(changeBatchSchema, body).changes;
}
