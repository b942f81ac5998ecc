import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isCalendarUnit, parseSloDuration } from './duration';
import {
  durationSchema,
  fixedDurationSchema,
  metadataSchema,
} from './definitionsShared';
import { parseCalendarStartTime } from './windows';

// The zod schemas of the OpenSLO v1 kinds this package reads. Messages read
// as the second half of `spec.objectives[0].target must be in [0, 1)`.

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

export const objectiveSchema = z
  .object({
    displayName: z.string().optional(),
    op: z.enum(['lt', 'lte', 'gt', 'gte']).optional(),
    value: z.number().optional(),
    target: z
      .number()
      .gte(0, 'must be in [0, 1)')
      .lt(1, 'must be in [0, 1)')
      .optional(),
    targetPercent: z
      .number()
      .gte(0, 'must be in [0, 100)')
      .lt(100, 'must be in [0, 100)')
      .optional(),
    timeSliceTarget: z
      .number()
      .gte(0, 'must be in [0, 1]')
      .lte(1, 'must be in [0, 1]')
      .optional(),
    timeSliceWindow: fixedDurationSchema.optional(),
  })
  .passthrough()
  .superRefine((objective, ctx) => {
    if (
      (objective.target === undefined) ===
      (objective.targetPercent === undefined)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['target'],
        message:
          'needs exactly one of target (0..1) and targetPercent (0..100)',
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

export const alertConditionSpecSchema = z
  .object({
    description: z.string().optional(),
    severity: z.string().optional(),
    condition: z
      .object({
        kind: z.literal('burnrate', {
          errorMap: () => ({ message: 'only kind burnrate is defined' }),
        }),
        op: z.enum(['lt', 'lte', 'gt', 'gte']),
        threshold: z.number(),
        lookbackWindow: fixedDurationSchema,
        alertAfter: fixedDurationSchema,
      })
      .passthrough(),
  })
  .passthrough();

export const alertPolicyDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: z
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
        )
        .min(1, 'needs at least one condition'),
      notificationTargets: z.array(z.unknown()).optional(),
    })
    .passthrough(),
});
