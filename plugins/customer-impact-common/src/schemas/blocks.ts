import {
  CompoundEntityRef,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { daysInMonth } from '../time/calendar';

/**
 * The zod building blocks every push schema of the suite is made of: ISO 8601
 * timestamps with a zone, entity refs normalised to lower case, and the check
 * that no natural key occurs twice in one batch. The facets keep their own
 * wording of the messages (clients and tests read them); the rules are these.
 */

// Date and time with seconds optional, fraction optional, and an explicit zone
// (Z or an offset): a timestamp without a zone means a different instant in
// every time zone, so it is refused rather than guessed.
const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * Parses an ISO 8601 timestamp with an explicit zone (`Z` or an offset) and
 * returns it in UTC as `YYYY-MM-DDTHH:mm:ss.SSSZ`, or null when the text is not
 * such a timestamp or names a moment that does not exist (`2027-02-30T...`).
 *
 * @public
 */
export function normaliseIsoTimestamp(text: string): string | null {
  const trimmed = text.trim();
  const utc = commonUtcTimestamp(trimmed);
  if (utc !== undefined) {
    return utc;
  }
  if (!ISO_TIMESTAMP.test(trimmed)) {
    return null;
  }
  const parsed = DateTime.fromISO(trimmed, { setZone: true });
  return parsed.isValid ? parsed.toUTC().toISO() : null;
}

/** `YYYY-MM-DDTHH:mm:ss[.fraction]Z`, what `Date.prototype.toISOString` and most clients send. */
const COMMON_UTC_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * What luxon makes of a timestamp in the common UTC form, without luxon (a
 * tenth of the time; a push holds thousands): the instant in UTC, or null for
 * a day past the month's end. Undefined for any other form, and for the
 * edges this does not decide (hour 24, years before 1000), which luxon
 * reads. A property test compares the two.
 */
function commonUtcTimestamp(trimmed: string): string | null | undefined {
  const m = COMMON_UTC_TIMESTAMP.exec(trimmed);
  if (!m) {
    return undefined;
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  if (m[7]?.length === 3) {
    // Already the form it is returned in (what toISOString writes): only
    // the day is left to check.
    return day <= daysInMonth(year, month) ? trimmed : null;
  }
  // Milliseconds as luxon reads a fraction: floor(0.fraction × 1000).
  const ms = m[7] ? Math.floor(parseFloat(`0.${m[7]}`) * 1000) : 0;
  const date = new Date(
    Date.UTC(year, month - 1, day, hour, minute, second, ms),
  );
  // A day past the month's end (2027-02-29) rolls over into the next month.
  return date.getUTCDate() === day ? date.toISOString() : null;
}

/**
 * The longest timestamp text a push may hold (`2027-03-01T09:30:00.123456789+01:00`
 * is 35 characters).
 *
 * @public
 */
export const MAX_TIMESTAMP_LENGTH = 64;

/**
 * The longest entity ref text a push may hold: the catalog allows 63
 * characters for each of kind, namespace and name.
 *
 * @public
 */
export const MAX_ENTITY_REF_LENGTH = 255;

/**
 * Whether a text is free of the NUL character (`\u0000`), which PostgreSQL
 * cannot store in text.
 *
 * @public
 */
export function hasNoNulCharacter(text: string): boolean {
  return !text.includes('\u0000');
}

/**
 * A zod schema for free text of at most `max` characters without the NUL
 * character: `must be at most 255 characters long`, `must not contain the NUL
 * character (\u0000)`.
 *
 * @public
 */
export function plainTextSchema(max: number) {
  return z
    .string()
    .max(max)
    .refine(hasNoNulCharacter, 'must not contain the NUL character (\\u0000)');
}

/**
 * Options of {@link isoTimestampSchema}.
 *
 * @public
 */
export interface IsoTimestampSchemaOptions {
  /** An example shown in the default message. Default `2027-03-01T09:30:00Z`. */
  example?: string;
  /** The message for a refused value (`raw` is the value as sent). */
  message?: (raw: string) => string;
}

/**
 * A zod schema for an ISO 8601 timestamp with a zone (see
 * {@link normaliseIsoTimestamp}); its output is the instant in UTC,
 * `2027-03-01T09:30:00.000Z`. The default message is
 * `must be an ISO 8601 timestamp with a zone, such as "<example>", got "<raw>"`.
 *
 * @public
 */
export function isoTimestampSchema(options: IsoTimestampSchemaOptions = {}) {
  const example = options.example ?? '2027-03-01T09:30:00Z';
  const message =
    options.message ??
    ((raw: string) =>
      `must be an ISO 8601 timestamp with a zone, such as ${JSON.stringify(
        example,
      )}, got ${JSON.stringify(raw)}`);
  return z
    .string()
    .max(MAX_TIMESTAMP_LENGTH)
    .transform((raw, ctx) => {
      const normalised = normaliseIsoTimestamp(raw);
      if (normalised === null) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: message(raw) });
        return z.NEVER;
      }
      return normalised;
    });
}

const entityValidator = makeValidator();

/**
 * Options of {@link normaliseEntityRef} and {@link entityRefSchema}.
 *
 * @public
 */
export interface EntityRefOptions {
  /** The kind of a ref written without one; without it a ref must name its kind. */
  defaultKind?: string;
  /** The namespace of a ref written without one. Default `default`. */
  defaultNamespace?: string;
  /** Only refs of this kind are accepted (compared in lower case). */
  kind?: string;
}

/**
 * Parses an entity ref the way the catalog does (`parseEntityRef`, after
 * trimming) and checks kind, namespace and name against the catalog's own
 * field rules. Case is kept. Null when the ref is malformed.
 *
 * @public
 */
export function parseValidEntityRef(
  raw: string,
  options: Pick<EntityRefOptions, 'defaultKind' | 'defaultNamespace'> = {},
): CompoundEntityRef | null {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(raw.trim(), {
      defaultKind: options.defaultKind,
      defaultNamespace: options.defaultNamespace ?? 'default',
    });
  } catch {
    return null;
  }
  if (
    !entityValidator.isValidKind(ref.kind) ||
    !entityValidator.isValidNamespace(ref.namespace) ||
    !entityValidator.isValidEntityName(ref.name)
  ) {
    return null;
  }
  return ref;
}

/**
 * A full entity ref, `kind:namespace/name` in lower case, or null when `raw` is
 * not a valid entity ref (or not of `options.kind`). Refs compare
 * case-insensitively in Backstage, so they are lower-cased before anything
 * else; kind, namespace and name must pass the catalog's own field rules.
 *
 * @example
 * `normaliseEntityRef(' Component:Payments ')` is
 * `component:default/payments`, and `normaliseEntityRef('Payments')` is null
 * (no kind, and no default kind).
 *
 * @public
 */
export function normaliseEntityRef(
  raw: string,
  options: EntityRefOptions = {},
): string | null {
  const ref = parseValidEntityRef(raw.toLocaleLowerCase('en-US'), {
    defaultKind: options.defaultKind?.toLocaleLowerCase('en-US'),
    defaultNamespace: options.defaultNamespace?.toLocaleLowerCase('en-US'),
  });
  if (
    ref === null ||
    (options.kind !== undefined &&
      ref.kind !== options.kind.toLocaleLowerCase('en-US'))
  ) {
    return null;
  }
  return stringifyEntityRef(ref);
}

/**
 * Options of {@link entityRefSchema}.
 *
 * @public
 */
export interface EntityRefSchemaOptions extends EntityRefOptions {
  /** An example shown in the default message, e.g. `component:default/payments`. */
  example: string;
  /** The message for a refused value (`raw` is the value as sent). */
  message?: (raw: string) => string;
}

/**
 * A zod schema for an entity ref (see {@link normaliseEntityRef}); its output
 * is `kind:namespace/name` in lower case. The default message is
 * `must be an entity ref such as "<example>", got "<raw>"`.
 *
 * @public
 */
export function entityRefSchema(options: EntityRefSchemaOptions) {
  const message =
    options.message ??
    ((raw: string) =>
      `must be an entity ref such as ${JSON.stringify(
        options.example,
      )}, got ${JSON.stringify(raw)}`);
  return z
    .string()
    .max(MAX_ENTITY_REF_LENGTH)
    .transform((raw, ctx) => {
      const normalised = normaliseEntityRef(raw, options);
      if (normalised === null) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: message(raw) });
        return z.NEVER;
      }
      return normalised;
    });
}

/**
 * An item of a batch whose natural key an earlier item already has.
 *
 * @public
 */
export interface InBatchDuplicate<T> {
  /** Index of the repeating item. */
  index: number;
  /** Index of the first item with the same key. */
  first: number;
  item: T;
}

/**
 * The items of a batch whose natural key an earlier item already has, in
 * order. Keys are compared as JSON, so a key may be a tuple
 * (`[source, externalId]`); the first item with a key is never listed.
 *
 * @public
 */
export function inBatchDuplicates<T>(
  items: readonly T[],
  keyOf: (item: T) => unknown,
): InBatchDuplicate<T>[] {
  const firstIndex = new Map<string, number>();
  const duplicates: InBatchDuplicate<T>[] = [];
  items.forEach((item, index) => {
    const key = JSON.stringify(keyOf(item));
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
    } else {
      duplicates.push({ index, first, item });
    }
  });
  return duplicates;
}

/**
 * Options of {@link uniqueInBatch}.
 *
 * @public
 */
export interface UniqueInBatchOptions<T> {
  /** The natural key of an item. */
  keyOf: (item: T) => unknown;
  /** Path of the issue below the item, e.g. `['eventId']`. Default: the item. */
  field?: Array<string | number>;
  /** The message for a repeated key. */
  message: (duplicate: InBatchDuplicate<T>) => string;
}

/**
 * A zod refinement for an array of items that refuses a natural key repeated
 * in the batch, one issue per repeat at `[index, ...field]`:
 * `z.array(item).superRefine(uniqueInBatch({ keyOf: e => e.eventId, ... }))`.
 *
 * @public
 */
export function uniqueInBatch<T>(options: UniqueInBatchOptions<T>) {
  return (items: T[], ctx: z.RefinementCtx) => {
    for (const duplicate of inBatchDuplicates(items, options.keyOf)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [duplicate.index, ...(options.field ?? [])],
        message: options.message(duplicate),
      });
    }
  };
}
