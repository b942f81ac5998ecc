import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MAX_FUTURE_SKEW_MS,
  ValidationProblem,
  parseValidEntityRef,
  inputErrorFromProblems,
  parseSloSamplesRequestInSlices,
} from '@customer-impact/plugin-customer-impact-common';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { SloSampleRow, seriesKey } from './SloSampleStore';

/** Samples turned into rows between two pauses. */
const SLICE = 2000;

/** How far back a push may reach (see {@link validateSamples}). */
export interface PushHorizon {
  /** The fine horizon at now (`fineHorizon` of -common). */
  fineHorizonMs: number;
  /** `customerImpact.slo.fineRetentionDays`, for the messages. */
  fineRetentionDays: number;
  /**
   * For the series (entity and SLO, keyed by `seriesKey` of the sample store) that
   * have samples before the horizon: from when each keeps its fine buckets
   * (`fineReadsFrom` of its stored definition). A series left out keeps
   * them from the horizon.
   */
  keptFrom?: (
    series: ReadonlyArray<{ entityRef: string; slo: string }>,
  ) => Promise<ReadonlyMap<string, number>>;
}

/**
 * Validates a push body as a whole (`sloSamplesRequestSchema` of `-common`):
 * every problem names the sample's index and field
 * (`samples[3].good: must be at most total (10)`). Samples that start before
 * the fine horizon are refused (the time is kept as hourly roll-ups, and a
 * roll-up cannot take a 5-minute bucket), except those of an SLO that keeps
 * its fine buckets further back (a time-slice SLO of slices shorter than an
 * hour, over its window: `horizon.keptFrom`), as far back as it keeps them.
 * So is a bucket (entity, SLO, start) given twice in one push, and a bucket
 * that starts more than 10 minutes after `nowMs`.
 *
 * A push holds up to 20,000 samples: they are checked in slices, with the
 * event loop (the backend's, shared with every plugin) let run between them
 * (`pause`).
 */
export async function validateSamples(
  body: unknown,
  horizon: PushHorizon,
  nowMs: number,
  pause: () => Promise<void> = yieldToEventLoop,
): Promise<SloSampleRow[]> {
  const { fineHorizonMs } = horizon;
  const { samples } = await parseSloSamplesRequestInSlices(body, pause);
  const refs = new Map<string, string>();
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, number>();
  const rows: SloSampleRow[] = [];
  /** The samples that start before the fine horizon. */
  const early: number[] = [];
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
      early.push(index);
    }
    if (start > nowMs + MAX_FUTURE_SKEW_MS) {
      problems.push({
        path: `samples[${index}].start`,
        message: `must not be more than 10 minutes in the future (now is ${new Date(
          nowMs,
        ).toISOString()}), got ${JSON.stringify(s.start)}`,
      });
    }
    const key = `${seriesKey(entityRef, s.slo)}\u0000${start}`;
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
  if (early.length > 0) {
    problems.push(...(await tooEarly(rows, early, horizon)));
    // In the samples' order, as the other problems are (a sort is stable).
    problems.sort((a, b) => sampleIndexOf(a.path) - sampleIndexOf(b.path));
  }
  if (problems.length > 0) {
    throw inputErrorFromProblems(problems);
  }
  return rows;
}

/** The sample a problem's path names (`samples[12].start`: 12). */
function sampleIndexOf(path: string): number {
  return Number(/^samples\[(\d+)\]/.exec(path)?.[1] ?? -1);
}

/** The samples at `early` (before the fine horizon) that their series does not keep as fine buckets. */
async function tooEarly(
  rows: readonly SloSampleRow[],
  early: readonly number[],
  horizon: PushHorizon,
): Promise<ValidationProblem[]> {
  const series = new Map<string, { entityRef: string; slo: string }>();
  for (const index of early) {
    const { entityRef, slo } = rows[index];
    series.set(seriesKey(entityRef, slo), { entityRef, slo });
  }
  const kept = horizon.keptFrom
    ? await horizon.keptFrom([...series.values()])
    : new Map<string, number>();
  const problems: ValidationProblem[] = [];
  for (const index of early) {
    const { entityRef, slo, start } = rows[index];
    const from = Math.min(
      kept.get(seriesKey(entityRef, slo)) ?? horizon.fineHorizonMs,
      horizon.fineHorizonMs,
    );
    if (start >= from) {
      continue;
    }
    problems.push({
      path: `samples[${index}].start`,
      message:
        from === horizon.fineHorizonMs
          ? `is older than the ${
              horizon.fineRetentionDays
            } days kept in 5-minute buckets (before ${new Date(
              from,
            ).toISOString()}); that time is already rolled up into hourly buckets`
          : `is older than the 5-minute buckets kept for this SLO's window (from ${new Date(
              from,
            ).toISOString()})`,
    });
  }
  return problems;
}
