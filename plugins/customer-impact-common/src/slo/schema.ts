import {
  MAX_ENTITY_REF_LENGTH,
  parseValidEntityRef,
  plainTextSchema,
} from '../schemas';
import { z } from 'zod';

/**
 * At most this many samples per push (`POST /v1/slo-samples`).
 *
 * @public
 */
export const MAX_SLO_SAMPLES_PER_PUSH = 50_000;

/**
 * Bucket starts: ISO 8601 with a time zone (`Z` or an offset).
 *
 * @internal
 */
export const SLO_SAMPLE_START_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Longest SLO key (`metadata.name`, or `name:objective`) a sample may name.
 *
 * @internal
 */
export const SLO_SAMPLE_MAX_SLO_LENGTH = 255;

/**
 * Longest bucket a sample may describe, in seconds (one hour).
 *
 * @internal
 */
export const SLO_SAMPLE_MAX_DURATION_SECONDS = 3600;

const count = z.number().finite().nonnegative();

/**
 * One pushed SLI sample: the raw event counts of one bucket of one SLO.
 *
 * - `entityRef`: the entity the SLO belongs to, e.g. `component:default/checkout`;
 * - `slo`: the SLO's `metadata.name` (or its key `name:objective` for a
 *   multi-objective SLO);
 * - `start`: bucket start, ISO 8601 with a time zone;
 * - `durationSeconds`: bucket length in seconds (e.g. 300 for 5 minutes);
 * - exactly one of `good` and `bad`, at most `total`; or, for a threshold
 *   metric (a Timeslices SLO whose SLI is a `thresholdMetric`), `value`
 *   alone: the metric's value over the bucket (e.g. its p99 latency).
 *
 * The natural key is (`entityRef`, `slo`, `start`): sending the same bucket
 * again replaces it. Messages read as the second half of
 * `samples[3].good: must be at most total (10)`.
 *
 * @public
 */
export const sloSampleInputSchema = z
  .object({
    entityRef: z
      .string()
      .min(1)
      .max(MAX_ENTITY_REF_LENGTH)
      .superRefine((value, ctx) => {
        if (parseValidEntityRef(value) === null) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'must be an entity ref such as component:default/checkout',
          });
        }
      }),
    slo: plainTextSchema(SLO_SAMPLE_MAX_SLO_LENGTH).pipe(z.string().min(1)),
    start: z
      .string()
      .regex(
        SLO_SAMPLE_START_PATTERN,
        'must be an ISO 8601 timestamp with a time zone, e.g. 2026-11-21T10:05:00Z',
      )
      .refine(v => !Number.isNaN(Date.parse(v)), 'must be a valid date'),
    durationSeconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(1)
      .max(SLO_SAMPLE_MAX_DURATION_SECONDS),
    good: count.optional(),
    bad: count.optional(),
    total: count.optional(),
    value: z.number().finite().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.value !== undefined) {
      for (const key of ['good', 'bad', 'total'] as const) {
        if (s[key] !== undefined) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [key],
            message:
              'must not be given together with value (value is for threshold metrics, good or bad with total for event counts)',
          });
        }
      }
      return;
    }
    if (s.total === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['total'],
        message: 'is required (or give value alone, for a threshold metric)',
      });
      return;
    }
    if (s.good === undefined && s.bad === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['good'],
        message: 'is required (or give bad)',
      });
    } else if (s.good !== undefined && s.bad !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['bad'],
        message: 'must not be given together with good',
      });
    }
    const part = s.good ?? s.bad;
    if (part !== undefined && part > s.total) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [s.good !== undefined ? 'good' : 'bad'],
        message: `must be at most total (${s.total})`,
      });
    }
  });

/**
 * Body of `POST /v1/slo-samples`: 1 to `MAX_SLO_SAMPLES_PER_PUSH` samples.
 *
 * @public
 */
export const sloSamplesRequestSchema = z
  .object({
    samples: z.array(sloSampleInputSchema).min(1).max(MAX_SLO_SAMPLES_PER_PUSH),
  })
  .strict();

/**
 * One pushed SLI sample (see `sloSampleInputSchema`).
 *
 * @public
 */
export type SloSampleInput = z.infer<typeof sloSampleInputSchema>;

/**
 * Body of `POST /v1/slo-samples` (see `sloSamplesRequestSchema`).
 *
 * @public
 */
export type SloSamplesRequest = z.infer<typeof sloSamplesRequestSchema>;
