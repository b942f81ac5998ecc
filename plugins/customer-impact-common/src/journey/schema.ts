import { z } from 'zod';
import {
  entityRefSchema,
  isoTimestampSchema,
  plainTextSchema,
  uniqueInBatch,
} from '../schemas';
import { JOURNEY_KIND } from './constants';

/**
 * The kinds of journey event.
 *
 * @public
 */
export const JOURNEY_EVENT_TYPES = [
  'started',
  'completed',
  'abandoned',
] as const;

/**
 * The kinds of step feedback: "done" (I did it) and "I'm stuck here".
 *
 * @public
 */
export const JOURNEY_FEEDBACK_KINDS = ['done', 'stuck'] as const;

/**
 * The most items one journey push (events or feedback) may hold.
 *
 * @public
 */
export const JOURNEY_PUSH_BATCH_LIMIT = 5000;

const MAX_COMMENT = 2000;

/** `journey:namespace/name` in lower case; kind and namespace may be left out. */
const journeyRef = z
  .string()
  .min(1)
  .max(255)
  .pipe(
    entityRefSchema({
      example: 'journey:default/first-deploy',
      defaultKind: JOURNEY_KIND,
      kind: JOURNEY_KIND,
      message: raw =>
        `must be a Journey entity ref such as journey:default/first-deploy, got ${JSON.stringify(
          raw,
        )}`,
    }),
  );

/** An ISO 8601 timestamp with a zone or offset, normalised to UTC (`…000Z`). */
const timestamp = isoTimestampSchema({
  example: '2026-11-01T09:00:00Z',
  message: raw =>
    `must be an ISO 8601 timestamp with a zone or offset (2026-11-01T09:00:00Z), got ${JSON.stringify(
      raw,
    )}`,
});

const effort = z
  .number()
  .int('must be a whole number from 1 (very easy) to 7 (very hard)')
  .min(1)
  .max(7);

const id = plainTextSchema(255).pipe(z.string().min(1));
const subject = plainTextSchema(1000).pipe(z.string().min(1));
const comment = plainTextSchema(MAX_COMMENT);

/**
 * 1 to {@link JOURNEY_PUSH_BATCH_LIMIT} items, refusing an id (`key`) that an
 * earlier item of the batch already has.
 */
function pushBatch<T extends z.ZodTypeAny>(item: T, name: string, key: string) {
  return z
    .array(item)
    .min(1)
    .max(JOURNEY_PUSH_BATCH_LIMIT)
    .superRefine(
      uniqueInBatch<z.output<T>>({
        keyOf: value => value[key],
        field: [key],
        message: ({ first, item: repeat }) =>
          `repeats ${name}[${first}].${key} ${JSON.stringify(
            repeat[key],
          )}; an id is sent once per batch`,
      }),
    );
}

/**
 * The zod schema of one event of `POST /v1/journey-events`. Its output has
 * `journeyRef` as `journey:namespace/name` in lower case and `at` in UTC.
 *
 * @public
 */
export const journeyEventSchema = z
  .object({
    /** Unique id of the event: pushing it again changes nothing. */
    eventId: id,
    /** The journey, `journey:namespace/name` (kind and namespace may be left out). */
    journeyRef,
    /** `id` of the step in the journey's spec. */
    stepId: id,
    /** Opaque id of the person (employee id, email, user entity ref). Never stored as is. */
    subject,
    type: z.enum(JOURNEY_EVENT_TYPES),
    /** ISO 8601 timestamp with a zone or offset. */
    at: timestamp,
  })
  .strict();

/**
 * One journey event as a client pushes it (`POST /v1/journey-events`).
 * `subject` is an opaque person id: the backend stores only its keyed hash.
 *
 * @public
 */
export type JourneyEventInput = z.infer<typeof journeyEventSchema>;

/**
 * The zod schema of the body of `POST /v1/journey-events`: 1 to
 * {@link JOURNEY_PUSH_BATCH_LIMIT} events, each `eventId` once.
 *
 * @public
 */
export const journeyEventsRequestSchema = z
  .object({ events: pushBatch(journeyEventSchema, 'events', 'eventId') })
  .strict();

/**
 * Body of `POST /v1/journey-events`.
 *
 * @public
 */
export type JourneyEventsPushRequest = z.infer<
  typeof journeyEventsRequestSchema
>;

/**
 * The zod schema of one answer of `POST /v1/journey-feedback`.
 *
 * @public
 */
export const journeyFeedbackSchema = z
  .object({
    /** Unique id of the answer: pushing it again changes nothing. */
    feedbackId: id,
    journeyRef,
    stepId: id,
    /** Opaque id of the person; never stored as is. */
    subject,
    kind: z.enum(JOURNEY_FEEDBACK_KINDS),
    /** Free text; stored, never returned by any endpoint. */
    comment: comment.optional(),
    /** Customer Effort Score, 1 (very easy) to 7 (very hard). */
    effort: effort.optional(),
    /** ISO 8601 timestamp with a zone or offset. */
    at: timestamp,
  })
  .strict();

/**
 * One step feedback answer as a machine client pushes it
 * (`POST /v1/journey-feedback`), e.g. from an onboarding survey tool.
 *
 * @public
 */
export type JourneyFeedbackInput = z.infer<typeof journeyFeedbackSchema>;

/**
 * The zod schema of the body of `POST /v1/journey-feedback`: 1 to
 * {@link JOURNEY_PUSH_BATCH_LIMIT} answers, each `feedbackId` once.
 *
 * @public
 */
export const journeyFeedbackRequestSchema = z
  .object({
    feedback: pushBatch(journeyFeedbackSchema, 'feedback', 'feedbackId'),
  })
  .strict();

/**
 * Body of `POST /v1/journey-feedback`.
 *
 * @public
 */
export type JourneyFeedbackPushRequest = z.infer<
  typeof journeyFeedbackRequestSchema
>;

/**
 * The zod schema of the body of
 * `POST /v1/journeys/{namespace}/{name}/steps/{stepId}/feedback`. A blank
 * comment is left out.
 *
 * @public
 */
export const journeyStepFeedbackSchema = z
  .object({
    kind: z.enum(JOURNEY_FEEDBACK_KINDS),
    comment: comment
      .optional()
      .transform(c =>
        c === undefined || c.trim() === '' ? undefined : c.trim(),
      ),
    /** Customer Effort Score, an integer from 1 (very easy) to 7 (very hard). */
    effort: effort.optional(),
  })
  .strict();

/**
 * Body of `POST /v1/journeys/{namespace}/{name}/steps/{stepId}/feedback`: the
 * signed-in person's answer on one step. Every answer is kept.
 *
 * @public
 */
export type JourneyStepFeedbackRequest = z.infer<
  typeof journeyStepFeedbackSchema
>;
