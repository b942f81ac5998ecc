import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  JOURNEY_EVENT_TYPES,
  JOURNEY_FEEDBACK_KINDS,
  JOURNEY_KIND,
} from '@customer-impact/plugin-customer-impact-common';
import { DateTime } from 'luxon';
import { z } from 'zod';

/** At most this many items per push. */
export const MAX_JOURNEY_BATCH = 5000;
const MAX_COMMENT = 2000;

/** `journey:namespace/name` in lower case, or null when `ref` is not a journey ref. */
export function normaliseJourneyRef(ref: string): string | null {
  try {
    const parsed = parseEntityRef(ref.trim(), {
      defaultKind: JOURNEY_KIND,
      defaultNamespace: 'default',
    });
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'journey') {
      return null;
    }
    return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
  } catch {
    return null;
  }
}

const journeyRef = z
  .string()
  .min(1)
  .max(255)
  .transform((value, ctx) => {
    const ref = normaliseJourneyRef(value);
    if (ref === null) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be a Journey entity ref such as journey:default/first-deploy, got ${JSON.stringify(
          value,
        )}`,
      });
      return z.NEVER;
    }
    return ref;
  });

/** An ISO 8601 timestamp with a zone or offset, normalised to UTC (`…000Z`). */
const timestamp = z.string().transform((value, ctx) => {
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid || !/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be an ISO 8601 timestamp with a zone or offset (2026-11-01T09:00:00Z), got ${JSON.stringify(
        value,
      )}`,
    });
    return z.NEVER;
  }
  return parsed.toUTC().toISO()!;
});

const effort = z
  .number()
  .int('must be a whole number from 1 (very easy) to 7 (very hard)')
  .min(1)
  .max(7);

const id = z.string().min(1).max(255);

/** One event of `POST /v1/journey-events`. */
export const journeyEventSchema = z
  .object({
    eventId: id,
    journeyRef,
    stepId: id,
    subject: z.string().min(1).max(1000),
    type: z.enum(JOURNEY_EVENT_TYPES),
    at: timestamp,
  })
  .strict();

function uniqueIds<T>(items: T[], key: keyof T & string, ctx: z.RefinementCtx, name: string) {
  const first = new Map<unknown, number>();
  items.forEach((item, index) => {
    const value = item[key];
    const seen = first.get(value);
    if (seen === undefined) {
      first.set(value, index);
    } else {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [name, index, key],
        message: `repeats ${name}[${seen}].${key} ${JSON.stringify(value)}; an id is sent once per batch`,
      });
    }
  });
}

/** Body of `POST /v1/journey-events`. */
export const journeyEventsRequestSchema = z
  .object({
    events: z.array(journeyEventSchema).min(1).max(MAX_JOURNEY_BATCH),
  })
  .strict()
  .superRefine((body, ctx) => uniqueIds(body.events, 'eventId', ctx, 'events'));

/** One answer of `POST /v1/journey-feedback`. */
export const journeyFeedbackSchema = z
  .object({
    feedbackId: id,
    journeyRef,
    stepId: id,
    subject: z.string().min(1).max(1000),
    kind: z.enum(JOURNEY_FEEDBACK_KINDS),
    comment: z.string().max(MAX_COMMENT).optional(),
    effort: effort.optional(),
    at: timestamp,
  })
  .strict();

/** Body of `POST /v1/journey-feedback`. */
export const journeyFeedbackRequestSchema = z
  .object({
    feedback: z.array(journeyFeedbackSchema).min(1).max(MAX_JOURNEY_BATCH),
  })
  .strict()
  .superRefine((body, ctx) =>
    uniqueIds(body.feedback, 'feedbackId', ctx, 'feedback'),
  );

/** Body of `POST /v1/journeys/{namespace}/{name}/steps/{stepId}/feedback`. */
export const journeyStepFeedbackSchema = z
  .object({
    kind: z.enum(JOURNEY_FEEDBACK_KINDS),
    comment: z
      .string()
      .max(MAX_COMMENT)
      .optional()
      .transform(c => (c === undefined || c.trim() === '' ? undefined : c.trim())),
    effort: effort.optional(),
  })
  .strict();
