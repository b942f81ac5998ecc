import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  SloSamplesRequest,
  ValidationProblem,
  inputErrorFromProblems,
  parseOrThrowInputError,
} from '@customer-impact/plugin-customer-impact-common';
import { z } from 'zod';
import { HOUR_MS, SloSampleRow } from './SloStore';

/** At most this many samples per push. */
export const MAX_SAMPLES_PER_PUSH = 50_000;

const ISO_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

const count = z.number().finite().nonnegative();

const sampleSchema = z
  .object({
    entityRef: z
      .string()
      .min(1)
      .superRefine((value, ctx) => {
        try {
          parseEntityRef(value);
        } catch {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'must be an entity ref such as component:default/checkout',
          });
        }
      }),
    slo: z.string().min(1).max(255),
    start: z
      .string()
      .regex(
        ISO_WITH_ZONE,
        'must be an ISO 8601 timestamp with a time zone, e.g. 2026-11-21T10:05:00Z',
      )
      .refine(v => !Number.isNaN(Date.parse(v)), 'must be a valid date'),
    durationSeconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(1)
      .max(3600),
    good: count.optional(),
    bad: count.optional(),
    total: count,
  })
  .strict()
  .superRefine((s, ctx) => {
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

const requestSchema = z
  .object({
    samples: z.array(sampleSchema).min(1).max(MAX_SAMPLES_PER_PUSH),
  })
  .strict();

/** Samples as validated, to be written. */
export interface ValidatedSamples {
  rows: SloSampleRow[];
}

/**
 * Validates a push body as a whole: every problem names the sample's index
 * and field (`samples[3].good: must be at most total (10)`). Samples that
 * start before `fineHorizonMs` (already rolled up into hourly buckets) are
 * refused: accepting them would add to a roll-up instead of replacing.
 */
export function validateSamples(
  body: unknown,
  fineHorizonMs: number,
  fineRetentionDays: number,
): SloSampleRow[] {
  // Well-formed bodies (the usual case) take a plain loop that accepts a
  // subset of what the zod schema accepts; anything else goes through zod,
  // which names every field at fault.
  let samples = fastPath(body);
  if (!samples) {
    const parsed: SloSamplesRequest = parseOrThrowInputError(
      requestSchema,
      body,
    );
    samples = parsed.samples;
  }
  const refs = new Map<string, string>();
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, number>();
  const rows = samples.map((s, index) => {
    let entityRef = refs.get(s.entityRef);
    if (entityRef === undefined) {
      entityRef = stringifyEntityRef(parseEntityRef(s.entityRef));
      refs.set(s.entityRef, entityRef);
    }
    const start = Date.parse(s.start);
    const total = s.total;
    const good = s.good !== undefined ? s.good : total - (s.bad ?? 0);
    if (start < fineHorizonMs) {
      problems.push({
        path: `samples[${index}].start`,
        message: `is older than the ${fineRetentionDays} days kept in 5-minute buckets (before ${new Date(
          fineHorizonMs,
        ).toISOString()}); that time is already rolled up into hourly buckets`,
      });
    }
    const key = `${entityRef}\u0000${s.slo}\u0000${start}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        path: `samples[${index}].start`,
        message: `is the same bucket (entityRef, slo, start) as samples[${first}]`,
      });
    } else {
      seen.set(key, index);
    }
    return {
      entityRef,
      slo: s.slo,
      start,
      durationSeconds: s.durationSeconds,
      good,
      total,
    };
  });
  if (problems.length > 0) {
    throw inputErrorFromProblems(problems);
  }
  return rows;
}

const SAMPLE_KEYS = new Set([
  'entityRef',
  'slo',
  'start',
  'durationSeconds',
  'good',
  'bad',
  'total',
]);

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * The samples when every one of them is valid by the schema's rules, else
 * undefined (then zod reports the problems).
 */
function fastPath(body: unknown): SloSamplesRequest['samples'] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return undefined;
  }
  const keys = Object.keys(body);
  const samples = (body as { samples?: unknown }).samples;
  if (
    keys.length !== 1 ||
    !Array.isArray(samples) ||
    samples.length === 0 ||
    samples.length > MAX_SAMPLES_PER_PUSH
  ) {
    return undefined;
  }
  const goodRefs = new Set<string>();
  for (const s of samples) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      return undefined;
    }
    for (const key in s) {
      if (!SAMPLE_KEYS.has(key)) {
        return undefined;
      }
    }
    const { entityRef, slo, start, durationSeconds, good, bad, total } =
      s as Record<string, unknown>;
    if (typeof entityRef !== 'string' || entityRef.length === 0) {
      return undefined;
    }
    if (!goodRefs.has(entityRef)) {
      try {
        parseEntityRef(entityRef);
      } catch {
        return undefined;
      }
      goodRefs.add(entityRef);
    }
    if (
      typeof slo !== 'string' ||
      slo.length === 0 ||
      slo.length > 255 ||
      typeof start !== 'string' ||
      !ISO_WITH_ZONE.test(start) ||
      Number.isNaN(Date.parse(start)) ||
      typeof durationSeconds !== 'number' ||
      !Number.isInteger(durationSeconds) ||
      durationSeconds < 1 ||
      durationSeconds > 3600 ||
      !isCount(total)
    ) {
      return undefined;
    }
    if (good !== undefined) {
      if (bad !== undefined || !isCount(good) || good > total) {
        return undefined;
      }
    } else if (bad === undefined || !isCount(bad) || bad > total) {
      return undefined;
    }
  }
  return samples as SloSamplesRequest['samples'];
}

/** The start of the hour that contains `ms`. */
export function floorHour(ms: number): number {
  return ms - (((ms % HOUR_MS) + HOUR_MS) % HOUR_MS);
}
