import {
  CompoundEntityRef,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  ValidationProblem,
  inputErrorFromProblems,
  parseOrThrowInputError,
} from '../validation';
import { SupportEvent } from './types';

/**
 * The most events one support push may hold. Larger pushes are rejected as a
 * whole; split them into several batches.
 *
 * @public
 */
export const SUPPORT_EVENT_BATCH_LIMIT = 1000;

const entityValidator = makeValidator();

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
  if (!ISO_TIMESTAMP.test(trimmed)) {
    return null;
  }
  const parsed = DateTime.fromISO(trimmed, { setZone: true });
  return parsed.isValid ? parsed.toUTC().toISO() : null;
}

function normaliseRef(
  raw: string,
  defaults: { defaultKind?: string },
): string | null {
  let ref: CompoundEntityRef;
  try {
    // Refs compare case-insensitively in Backstage; lower-case before checking,
    // as namespaces are lower-case DNS labels.
    ref = parseEntityRef(raw.trim().toLocaleLowerCase('en-US'), {
      defaultKind: defaults.defaultKind,
      defaultNamespace: 'default',
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
  return stringifyEntityRef(ref);
}

function trimmedText(max: number) {
  return z
    .string()
    .transform(s => s.trim())
    .pipe(z.string().min(1).max(max));
}

function optional<T extends z.ZodTypeAny>(schema: T) {
  // null means "not known", the same as leaving the field out
  return schema.nullish().transform(v => v ?? undefined);
}

const timestamp = z.string().transform((raw, ctx) => {
  const normalised = normaliseIsoTimestamp(raw);
  if (normalised === null) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be an ISO 8601 timestamp with a zone, such as "2027-03-01T09:30:00Z", got ${JSON.stringify(
        raw,
      )}`,
    });
    return z.NEVER;
  }
  return normalised;
});

function entityRef(example: string, defaultKind?: string) {
  return z.string().transform((raw, ctx) => {
    const normalised = normaliseRef(raw, { defaultKind });
    if (normalised === null) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be an entity ref such as "${example}", got ${JSON.stringify(
          raw,
        )}`,
      });
      return z.NEVER;
    }
    return normalised;
  });
}

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
  if (url.toString().length > 2048) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must be at most 2048 characters long',
    });
    return z.NEVER;
  }
  return url.toString();
});

const supportEventSchema = z
  .object({
    source: trimmedText(64).transform(s => s.toLocaleLowerCase('en-US')),
    externalId: trimmedText(256),
    entityRef: entityRef('component:default/payments'),
    consumerRef: optional(entityRef('group:default/checkout', 'group')),
    kind: z.enum(['ticket', 'page', 'escalation', 'manual-exception']),
    openedAt: timestamp,
    resolvedAt: optional(timestamp),
    category: optional(
      trimmedText(100).transform(s => s.toLocaleLowerCase('en-US')),
    ),
    severity: optional(trimmedText(32)),
    title: optional(trimmedText(500)),
    url: optional(httpUrl),
  })
  .strict()
  .superRefine((event, ctx) => {
    // A field that failed its own check arrives here as a non-string: skip.
    if (
      typeof event.resolvedAt === 'string' &&
      typeof event.openedAt === 'string' &&
      // both are normalised to the same UTC format, so text order is time order
      event.resolvedAt < event.openedAt
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['resolvedAt'],
        message: `must not be before openedAt (${event.openedAt}), got ${event.resolvedAt}`,
      });
    }
  })
  .transform(event => {
    // leave absent optional fields out rather than carrying `undefined`
    const result: SupportEvent = {
      source: event.source,
      externalId: event.externalId,
      entityRef: event.entityRef,
      kind: event.kind,
      openedAt: event.openedAt,
    };
    for (const key of [
      'consumerRef',
      'resolvedAt',
      'category',
      'severity',
      'title',
      'url',
    ] as const) {
      const value = event[key];
      if (value !== undefined) {
        result[key] = value;
      }
    }
    return result;
  });

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

const batchSchema = z.object({ events: z.array(supportEventSchema) });

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
  const { events } = parseOrThrowInputError(batchSchema, body);

  const firstIndex = new Map<string, number>();
  const problems: ValidationProblem[] = [];
  events.forEach((event, index) => {
    const key = JSON.stringify([event.source, event.externalId]);
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
    } else {
      problems.push({
        path: `events[${index}]`,
        message: `duplicates events[${first}]: both have source ${JSON.stringify(
          event.source,
        )} and externalId ${JSON.stringify(event.externalId)}`,
      });
    }
  });
  if (problems.length > 0) {
    throw inputErrorFromProblems(problems);
  }
  return events;
}
