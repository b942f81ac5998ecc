import { z } from 'zod';
import {
  entityRefSchema,
  isoTimestampSchema,
  plainTextSchema,
} from '../schemas';
import { SUPPORT_EVENT_KINDS } from './types';

/**
 * The most events one support push may hold. Larger pushes are rejected as a
 * whole; split them into several batches.
 *
 * @public
 */
export const SUPPORT_EVENT_BATCH_LIMIT = 1000;

function trimmedText(max: number) {
  return z
    .string()
    .transform(s => s.trim())
    .pipe(plainTextSchema(max).pipe(z.string().min(1)));
}

/** Trimmed and lower-cased; the length is checked on the lower-cased text ("İ" becomes two characters). */
function lowerCasedText(max: number) {
  return z
    .string()
    .transform(s => s.trim().toLocaleLowerCase('en-US'))
    .pipe(plainTextSchema(max).pipe(z.string().min(1)));
}

function optional<T extends z.ZodTypeAny>(schema: T) {
  // null means "not known", the same as leaving the field out
  return schema.nullish().transform(v => v ?? undefined);
}

const timestamp = isoTimestampSchema({ example: '2027-03-01T09:30:00Z' });

function entityRef(example: string, defaultKind?: string) {
  return entityRefSchema({ example, defaultKind });
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

const supportEventFields = z
  .object({
    source: lowerCasedText(64),
    externalId: trimmedText(256),
    entityRef: entityRef('component:default/payments'),
    consumerRef: optional(entityRef('group:default/checkout', 'group')),
    kind: z.enum(SUPPORT_EVENT_KINDS),
    openedAt: timestamp,
    resolvedAt: optional(timestamp),
    category: optional(lowerCasedText(100)),
    severity: optional(trimmedText(32)),
    title: optional(trimmedText(500)),
    url: optional(httpUrl),
    requester: optional(trimmedText(1000)),
    journeyRef: optional(entityRef('journey:default/first-service', 'journey')),
    journeyStepId: optional(trimmedText(100)),
  })
  .strict();

/**
 * The fields a support event may have (its schema's keys): the fast path of
 * `wellFormed.ts` refuses any other, as the strict schema does.
 *
 * @internal
 */
export const SUPPORT_EVENT_FIELDS: readonly string[] = Object.keys(
  supportEventFields.shape,
);

/**
 * The zod schema of one support event of a push (`POST /v1/support-events`):
 * validates it and returns it normalised (see {@link parseSupportEventBatch}
 * for the rules). Its output type is {@link SupportEvent}.
 *
 * @public
 */
export const supportEventSchema = supportEventFields
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
    // A journey step is named by both: the journey and the step's id.
    if (event.journeyRef !== undefined && event.journeyStepId === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['journeyStepId'],
        message: 'is required with journeyRef: name the step of the journey',
      });
    }
    if (event.journeyStepId !== undefined && event.journeyRef === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['journeyRef'],
        message: 'is required with journeyStepId: name the journey of the step',
      });
    }
  })
  .transform((event): z.output<typeof supportEventFields> => {
    // leave absent optional fields out rather than carrying `undefined`
    const result: z.output<typeof supportEventFields> = {
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
      'requester',
      'journeyRef',
      'journeyStepId',
    ] as const) {
      const value = event[key];
      if (value !== undefined) {
        result[key] = value;
      }
    }
    return result;
  });

/**
 * One unit of support load, as pushed by a ticketing or paging system and as
 * stored: the output of {@link supportEventSchema}. Its natural key is
 * (`source`, `externalId`).
 *
 * After validation every ref is `kind:namespace/name` in lower case and every
 * timestamp is ISO 8601 in UTC (`2027-03-01T09:30:00.000Z`). Absent optional
 * fields are left out, never `null` or empty.
 *
 * - `source`: the system the event comes from, e.g. `jira` or `pagerduty` (lower case).
 * - `externalId`: the event's id in that system, e.g. `OPS-1234`.
 * - `entityRef`: the catalog entity the load concerns, e.g. `component:default/payments`.
 * - `consumerRef`: the consuming team that caused or raised it, e.g. `group:default/checkout`, when known.
 * - `openedAt`, `resolvedAt`: when it was opened, and resolved (absent while open).
 * - `category`: the request category (lower case), used for the long-tail share.
 * - `severity`: as the source system names it, e.g. `SEV2` or `P3`.
 * - `url`: link to the event in its source system (http or https).
 * - `requester`: the person who raised it, an opaque id (the same as the
 *   `subject` of their journey events); the backend stores only its keyed
 *   hash and never returns it.
 * - `journeyRef`, `journeyStepId`: the journey step the event is about (both
 *   or neither); with `requester`, it counts against the step's self-service
 *   rate.
 *
 * @public
 */
export type SupportEvent = z.output<typeof supportEventSchema>;

/**
 * One support event as a client may send it: the input of
 * {@link supportEventSchema} (`null` is allowed for an optional field).
 *
 * @public
 */
export type SupportEventInput = z.input<typeof supportEventSchema>;

/**
 * The zod schema of the body of a support push, `{ "events": [...] }`: 1 to
 * {@link SUPPORT_EVENT_BATCH_LIMIT} events, no other field. The check that no
 * (source, externalId) occurs twice is made by {@link parseSupportEventBatch}
 * once every event is valid.
 *
 * @public
 */
export const supportEventBatchSchema = z
  .object({
    events: z
      .array(supportEventSchema)
      .min(1, 'must hold at least one event')
      .max(
        SUPPORT_EVENT_BATCH_LIMIT,
        `must hold at most ${SUPPORT_EVENT_BATCH_LIMIT} events; split the push into several batches`,
      ),
  })
  .strict();

/**
 * The body of a support push, `POST /v1/support-events`, after validation.
 *
 * @public
 */
export type SupportEventBatch = z.output<typeof supportEventBatchSchema>;
