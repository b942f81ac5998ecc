import {
  DAY_MS,
  HOUR_MS,
  MAX_SLO_LOOKBACK_SECONDS,
  SloDefinition,
  floorToHour,
  resolveWindow,
} from '@customer-impact/plugin-customer-impact-common';
import { RollUpResult, SloSampleStore } from './SloSampleStore';
import { SloStateStore } from './SloStateStore';

/**
 * The fine-bucket horizon at `nowMs`: the hour `fineRetentionDays` ago.
 * Pushes before it are refused; the roll-up moves data before it into hours.
 */
export function fineHorizon(nowMs: number, fineRetentionDays: number): number {
  return floorToHour(nowMs - fineRetentionDays * DAY_MS);
}

/**
 * Whether an SLO's figures need its fine buckets over its whole window: a
 * time-slice SLO (`Timeslices`, `RatioTimeslices`, threshold metrics) whose
 * slices are not whole hours. An hourly roll-up sums its hour's buckets, so
 * the slices inside the hour can no longer be told apart: one bad 5-minute
 * slice in an hour otherwise good is one bad slice in the fine buckets, and
 * either none or twelve in the hour's sum. Slices of whole hours, and
 * `Occurrences`, come out the same from the roll-ups.
 */
export function needsFineBucketsOverWindow(definition: SloDefinition): boolean {
  return (
    definition.budgetingMethod !== 'Occurrences' &&
    definition.timeSliceWindowSeconds !== null &&
    (definition.timeSliceWindowSeconds * 1000) % HOUR_MS !== 0
  );
}

/**
 * From when an SLO's buckets are read from the fine buckets at `nowMs`
 * (before it: the hourly roll-ups): the fine horizon, or, for an SLO that
 * needs its fine buckets over its whole window
 * ({@link needsFineBucketsOverWindow}), the hour its window starts in, if
 * that is earlier.
 */
export function fineReadsFrom(
  definition: SloDefinition,
  nowMs: number,
  fineRetentionDays: number,
): number {
  const horizon = fineHorizon(nowMs, fineRetentionDays);
  return needsFineBucketsOverWindow(definition)
    ? Math.min(
        horizon,
        floorToHour(resolveWindow(definition.window, nowMs).startMs),
      )
    : horizon;
}

/**
 * The roll-up and expiry job of the SLO facet: drops the fine buckets older
 * than the fine retention (their hours stay as roll-ups), and deletes what
 * is older than the longest window of any stored SLO (at least 30 days and
 * the fine retention), plus a day. The fine buckets are kept longer when a
 * stored time-slice SLO with slices shorter than an hour has a longer window
 * ({@link needsFineBucketsOverWindow}): as long as the longest of those.
 */
export class SloRetention {
  private readonly samples: SloSampleStore;
  private readonly state: SloStateStore;
  private readonly fineRetentionDays: number;
  private readonly now: () => Date;

  constructor(options: {
    samples: SloSampleStore;
    state: SloStateStore;
    fineRetentionDays: number;
    now: () => Date;
  }) {
    this.samples = options.samples;
    this.state = options.state;
    this.fineRetentionDays = options.fineRetentionDays;
    this.now = options.now;
  }

  async apply(): Promise<RollUpResult> {
    const nowMs = this.now().getTime();
    // At least 30 days (the usual window), even for data whose definitions
    // have not been read yet.
    let longestMs = Math.max(this.fineRetentionDays, 30) * DAY_MS;
    let fineFrom = fineHorizon(nowMs, this.fineRetentionDays);
    for (const stored of await this.state.listDefinitions()) {
      for (const definition of stored.result?.slos ?? []) {
        const window = resolveWindow(definition.window, nowMs);
        longestMs = Math.max(
          longestMs,
          nowMs - window.startMs,
          MAX_SLO_LOOKBACK_SECONDS * 1000,
        );
        fineFrom = Math.min(
          fineFrom,
          fineReadsFrom(definition, nowMs, this.fineRetentionDays),
        );
      }
    }
    // A day of slack, so a window never loses its first buckets to the job.
    return this.samples.rollUp(
      fineFrom,
      floorToHour(nowMs - longestMs - DAY_MS),
    );
  }
}
