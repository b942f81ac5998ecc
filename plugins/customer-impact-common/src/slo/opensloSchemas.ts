import { IANAZone } from 'luxon';
import { z } from 'zod';
import {
  SLO_DATA_RESOLUTION_SECONDS,
  fixedDurationSeconds,
  isCalendarUnit,
  parseSloDuration,
} from './duration';
import {
  durationSchema,
  fixedDurationSchema,
  metadataSchema,
} from './definitionsShared';
import { parseCalendarStartTime } from './windows';

// The zod schemas of the OpenSLO v1 kinds this package reads. Messages read
// as the second half of `spec.objectives[0].target must be in [0, 1)`.
// Optional fields written without a value (YAML null) are removed before
// these schemas see a document (`dropNulls`), so they read as absent.

export const comparison = z.enum(['lt', 'lte', 'gt', 'gte'], {
  errorMap: () => ({ message: 'must be one of lt, lte, gt, gte' }),
});

export const metricSourceSchema = z
  .object({
    metricSourceRef: z.string().min(1).optional(),
    type: z.string().min(1).optional(),
    spec: z.record(z.unknown()).optional(),
  })
  .passthrough();

export const metricSchema = z
  .object({ metricSource: metricSourceSchema })
  .passthrough();

export const ratioMetricSchema = z
  .object({
    counter: z.boolean().optional(),
    good: metricSchema.optional(),
    bad: metricSchema.optional(),
    total: metricSchema.optional(),
    rawType: z.enum(['success', 'failure']).optional(),
    raw: metricSchema.optional(),
  })
  .passthrough()
  .superRefine((metric, ctx) => {
    if (metric.raw) {
      if (!metric.rawType) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['rawType'],
          message: 'is required with raw (success or failure)',
        });
      }
      return;
    }
    if (!metric.total) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['total'],
        message: 'is required (or use raw with rawType)',
      });
    }
    if (Boolean(metric.good) === Boolean(metric.bad)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [],
        message: 'needs exactly one of good and bad',
      });
    }
  });

export const sliSpecSchema = z
  .object({
    description: z.string().optional(),
    thresholdMetric: metricSchema.optional(),
    ratioMetric: ratioMetricSchema.optional(),
  })
  .passthrough()
  .superRefine((spec, ctx) => {
    if (Boolean(spec.thresholdMetric) === Boolean(spec.ratioMetric)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [],
        message: 'needs exactly one of thresholdMetric and ratioMetric',
      });
    }
  });

export const sliDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: sliSpecSchema,
});

export const inlineIndicatorSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: sliSpecSchema,
});

/** A duration that is a whole number of the data's 5-minute buckets. */
export function resolvableSeconds(seconds: number): boolean {
  return seconds > 0 && seconds % SLO_DATA_RESOLUTION_SECONDS === 0;
}

export const timeWindowSchema = z
  .object({
    duration: durationSchema,
    isRolling: z.boolean().optional(),
    calendar: z
      .object({
        startTime: z.string().optional(),
        timeZone: z.string({ required_error: 'is required' }),
      })
      .optional(),
  })
  .passthrough()
  .superRefine((window, ctx) => {
    const duration = parseSloDuration(window.duration);
    if (!window.calendar) {
      if (window.isRolling !== true) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['isRolling'],
          message:
            'must be true for a rolling window; a calendar window needs calendar.timeZone',
        });
      } else if (duration && isCalendarUnit(duration.unit)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['duration'],
          message: `a rolling window needs a fixed duration (m, h, d, w), got "${window.duration}"`,
        });
      }
      return;
    }
    if (window.isRolling === true) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['calendar'],
        message: 'a rolling window (isRolling: true) cannot have a calendar',
      });
      return;
    }
    const zone = window.calendar.timeZone;
    if (!IANAZone.isValidZone(zone)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['calendar', 'timeZone'],
        message: `"${zone}" is not an IANA time zone`,
      });
      return;
    }
    const startTime = window.calendar.startTime;
    if (startTime !== undefined && !parseCalendarStartTime(startTime, zone)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['calendar', 'startTime'],
        message: `"${startTime}" is not a local date-time "YYYY-MM-DD HH:mm:ss" (without a zone)`,
      });
    }
  });

export const dataSourceDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: z
    .object({
      description: z.string().optional(),
      type: z.string({ required_error: 'is required' }).min(1, 'is required'),
      connectionDetails: z.record(z.unknown()).optional(),
    })
    .passthrough(),
});

/** `lookbackWindow`: a fixed duration of whole 5-minute buckets. */
const lookbackSchema = fixedDurationSchema.refine(
  text => {
    const parsed = parseSloDuration(text);
    return !parsed || resolvableSeconds(fixedDurationSeconds(parsed) ?? 0);
  },
  text => ({
    message: `"${text}" is finer than the 5-minute buckets the data is stored in: use a whole number of 5 minutes (5m, 30m, 1h)`,
  }),
);

/**
 * `alertAfter`: optional (the spec's default is `0m`); a fixed duration of
 * whole 5-minute evaluations, `0m` allowed.
 */
const alertAfterSchema = z.string().superRefine((text, ctx) => {
  if (/^0[mhdw]$/.test(text.trim())) return;
  const parsed = parseSloDuration(text);
  const seconds = parsed ? fixedDurationSeconds(parsed) : null;
  if (seconds === null) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `invalid duration "${text}": expected 0m or a whole number and one of m h d w (e.g. 5m, 1h)`,
    });
  } else if (!resolvableSeconds(seconds)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `"${text}" is finer than the 5-minute evaluations: use 0m or a whole number of 5 minutes (5m, 15m, 1h)`,
    });
  }
});

export const alertConditionSpecSchema = z
  .object({
    description: z.string().optional(),
    severity: z
      .string({
        required_error: 'is required (e.g. page or ticket)',
        invalid_type_error: 'must be text (e.g. page or ticket)',
      })
      .min(1, 'is required (e.g. page or ticket)'),
    condition: z
      .object({
        kind: z
          .literal('burnrate', {
            errorMap: () => ({ message: 'only kind burnrate is defined' }),
          })
          .optional(),
        op: comparison.optional(),
        threshold: z.number({ required_error: 'is required' }).finite(),
        lookbackWindow: lookbackSchema,
        alertAfter: alertAfterSchema.optional(),
      })
      .passthrough(),
  })
  .passthrough();

export const alertConditionDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: alertConditionSpecSchema,
});

export const alertPolicySpecSchema = z
  .object({
    description: z.string().optional(),
    alertWhenNoData: z.boolean().optional(),
    alertWhenResolved: z.boolean().optional(),
    alertWhenBreaching: z.boolean().optional(),
    conditions: z
      .array(
        z
          .object({
            conditionRef: z.string().min(1).optional(),
            kind: z.string().optional(),
            metadata: metadataSchema.optional(),
            spec: alertConditionSpecSchema.optional(),
          })
          .passthrough()
          .superRefine((condition, ctx) => {
            if (Boolean(condition.conditionRef) === Boolean(condition.spec)) {
              ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: [],
                message:
                  'needs exactly one of conditionRef and an inline AlertCondition (spec)',
              });
            }
          }),
        { required_error: 'is required (at least one condition)' },
      )
      .min(1, 'needs at least one condition'),
    // Read leniently: only their names are shown (notifications go to the
    // entity's owner in Backstage).
    notificationTargets: z.array(z.unknown()).optional(),
  })
  .passthrough();

export const alertPolicyDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: alertPolicySpecSchema,
});

export const alertNotificationTargetDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: z
    .object({
      target: z.string({ required_error: 'is required' }).min(1),
      description: z.string().optional(),
    })
    .passthrough(),
});

/** An AlertPolicy written inline in an SLO's `spec.alertPolicies`. */
export const inlineAlertPolicySchema = z
  .object({
    kind: z
      .literal('AlertPolicy', {
        errorMap: () => ({ message: 'must be AlertPolicy' }),
      })
      .optional(),
    metadata: metadataSchema,
    spec: alertPolicySpecSchema,
  })
  .passthrough();
