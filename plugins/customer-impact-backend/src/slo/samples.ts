import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MAX_FUTURE_SKEW_MS,
  ValidationProblem,
  parseValidEntityRef,
  inputErrorFromProblems,
  parseSloSamplesRequestInSlices,
} from '@customer-impact/plugin-customer-impact-common';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { SloSampleRow } from './SloSampleStore';

/** Samples turned into rows between two pauses. */
const SLICE = 2000;

/**
 * Validates a push body as a whole (`sloSamplesRequestSchema` of `-common`):
 * every problem names the sample's index and field
 * (`samples[3].good: must be at most total (10)`). Samples that start before
 * `fineHorizonMs` (already rolled up into hourly buckets) are refused:
 * accepting them would add to a roll-up instead of replacing. So is a bucket
 * (entity, SLO, start) given twice in one push, and a bucket that starts more
 * than 10 minutes after `nowMs`.
 *
 * A push holds up to 20,000 samples: they are checked in slices, with the
 * event loop (the backend's, shared with every plugin) let run between them
 * (`pause`).
 */
export async function validateSamples(
  body: unknown,
  fineHorizonMs: number,
  fineRetentionDays: number,
  nowMs: number,
  pause: () => Promise<void> = yieldToEventLoop,
): Promise<SloSampleRow[]> {
  const { samples } = await parseSloSamplesRequestInSlices(body, pause);
  const refs = new Map<string, string>();
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, number>();
  const rows: SloSampleRow[] = [];
  for (let index = 0; index < samples.length; index++) {
    if (index > 0 && index % SLICE === 0) {
      await pause();
    }
    const s = samples[index];
    let entityRef = refs.get(s.entityRef);
    if (entityRef === undefined) {
      // Valid by the schema: kind, namespace and name by the catalog's rules.
      entityRef = stringifyEntityRef(parseValidEntityRef(s.entityRef)!);
      refs.set(s.entityRef, entityRef);
    }
    const start = Date.parse(s.start);
    // A threshold metric's sample is one measurement of a value: stored as
    // 1 of 1 with the value as the bucket's lowest and highest.
    const value = s.value;
    const total = value !== undefined ? 1 : s.total!;
    let good = total;
    if (value === undefined) {
      good = s.good !== undefined ? s.good : total - (s.bad ?? 0);
    }
    if (start < fineHorizonMs) {
      problems.push({
        path: `samples[${index}].start`,
        message: `is older than the ${fineRetentionDays} days kept in 5-minute buckets (before ${new Date(
          fineHorizonMs,
        ).toISOString()}); that time is already rolled up into hourly buckets`,
      });
    }
    if (start > nowMs + MAX_FUTURE_SKEW_MS) {
      problems.push({
        path: `samples[${index}].start`,
        message: `must not be more than 10 minutes in the future (now is ${new Date(
          nowMs,
        ).toISOString()}), got ${JSON.stringify(s.start)}`,
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
    rows.push({
      entityRef,
      slo: s.slo,
      start,
      durationSeconds: s.durationSeconds,
      good,
      total,
      valueMin: value ?? null,
      valueMax: value ?? null,
    });
  }
  if (problems.length > 0) {
    throw inputErrorFromProblems(problems);
  }
  return rows;
}
