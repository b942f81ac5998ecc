import { z } from 'zod';
import {
  entityRefSchema,
  hasNoNulCharacter,
  isoTimestampSchema,
  uniqueInBatch,
} from '../schemas';

/**
 * The most changes one push (`POST /v1/changes`) may hold. Changes are rare
 * (a deploy, a migration, a new self-service flow); a larger push is refused
 * as a whole.
 *
 * @public
 */
export const CHANGE_BATCH_LIMIT = 100;

/**
 * The most entities one change may concern.
 *
 * @public
 */
export const CHANGE_ENTITY_REFS_LIMIT = 50;

/** Longest id, title and URL of a change. */
const MAX_ID = 200;
const MAX_TITLE = 200;
const MAX_URL = 2048;

/**
 * A change id: a letter or digit, then letters, digits, `.`, `_`, `:` or `-`,
 * at most 200 characters (a deploy id, `PLAT-123`, a git SHA): it is a path
 * segment of `DELETE /v1/changes/{id}` and needs no encoding.
 */
const CHANGE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

const changeId = z
  .string()
  .min(1)
  .max(MAX_ID)
  .regex(
    CHANGE_ID,
    'must start with a letter or digit and hold only letters, digits, ".", "_", ":" and "-"',
  );

const title = z
  .string()
  .transform(s => s.trim())
  .pipe(
    z
      .string()
      .min(1)
      .max(MAX_TITLE)
      // PostgreSQL cannot store it.
      .refine(
        hasNoNulCharacter,
        'must not contain the NUL character (\\u0000)',
      ),
  );

const entityRef = z
  .string()
  .max(255)
  .pipe(entityRefSchema({ example: 'component:default/payments' }));

const httpUrl = z.string().transform((raw, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be an absolute http(s) URL, got ${JSON.stringify(raw)}`,
    });
    return z.NEVER;
  }
  if (url.toString().length > MAX_URL) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be at most ${MAX_URL} characters long`,
    });
    return z.NEVER;
  }
  return url.toString();
});

/**
 * The zod schema of one change of a push: `{ id, title, at, entityRefs, url? }`.
 * Its output has `at` in UTC (`2027-03-01T09:30:00.000Z`), the refs as
 * `kind:namespace/name` in lower case (in the order sent) and no `url` key
 * when none was sent (`null` means none).
 *
 * @public
 */
export const changeSchema = z
  .object({
    /** The change's own id, its natural key: the same id sent again updates or leaves it. */
    id: changeId,
    /** What was changed, for a person to read: "Self-service API keys". */
    title,
    /** When the change took effect (ISO 8601 with a zone). */
    at: isoTimestampSchema({ example: '2027-03-01T09:30:00Z' }),
    /** The catalog entities it concerns: 1 to 50 refs, each once. */
    entityRefs: z
      .array(entityRef)
      .min(1, 'must name at least one entity')
      .max(CHANGE_ENTITY_REFS_LIMIT)
      .superRefine(
        uniqueInBatch<string>({
          keyOf: ref => ref,
          message: ({ first, item }) =>
            `repeats entityRefs[${first}] (${item}); name an entity once`,
        }),
      ),
    /** A link to the change: pull request, release notes, ticket. */
    url: httpUrl.nullish().transform(v => v ?? undefined),
  })
  .strict()
  .transform((change): Change => {
    // leave an absent url out rather than carrying `undefined`
    const { url, ...rest } = change;
    return url === undefined ? rest : { ...rest, url };
  });

/**
 * One change as a client sends it (`null` allowed for `url`).
 *
 * @public
 */
export type ChangeInput = z.input<typeof changeSchema>;

/**
 * One change after validation (the output of {@link changeSchema}).
 *
 * @public
 */
export interface Change {
  /** The change's own id (its natural key). */
  id: string;
  /** What was changed, trimmed. */
  title: string;
  /** When it took effect: ISO 8601 in UTC with milliseconds. */
  at: string;
  /** The entities it concerns: `kind:namespace/name` in lower case, each once, in the order sent. */
  entityRefs: string[];
  /** A link to the change (http or https); absent when none was sent. */
  url?: string;
}

/**
 * The zod schema of the body of `POST /v1/changes`, `{ "changes": [...] }`:
 * 1 to {@link CHANGE_BATCH_LIMIT} changes, each `id` once, no other field.
 *
 * @public
 */
export const changeBatchSchema = z
  .object({
    changes: z
      .array(changeSchema)
      .min(1, 'must hold at least one change')
      .max(
        CHANGE_BATCH_LIMIT,
        `must hold at most ${CHANGE_BATCH_LIMIT} changes; split the push into several batches`,
      )
      .superRefine(
        uniqueInBatch<Change>({
          keyOf: change => change.id,
          field: ['id'],
          message: ({ first, item }) =>
            `repeats changes[${first}].id ${JSON.stringify(
              item.id,
            )}; an id is sent once per batch`,
        }),
      ),
  })
  .strict();

/**
 * The body of `POST /v1/changes` as a client sends it.
 *
 * @public
 */
export type ChangeBatchInput = z.input<typeof changeBatchSchema>;

/**
 * The body of `POST /v1/changes` after validation.
 *
 * @public
 */
export type ChangeBatch = z.output<typeof changeBatchSchema>;
