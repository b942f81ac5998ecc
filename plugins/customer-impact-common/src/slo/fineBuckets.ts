import { DAY_MS, HOUR_MS, floorToHour } from '../time/grid';
import { SloDefinition } from './types';

/**
 * The fine-bucket horizon at `nowMs`: the hour `fineRetentionDays` ago.
 * Before it, a store that keeps hourly roll-ups holds only those, except for
 * the SLOs of {@link needsFineBucketsOverWindow}.
 *
 * @public
 */
export function fineHorizon(nowMs: number, fineRetentionDays: number): number {
  return floorToHour(nowMs - fineRetentionDays * DAY_MS);
}

/**
 * Whether an SLO's figures need its fine (5-minute) buckets over its whole
 * window: a time-slice SLO (`Timeslices`, `RatioTimeslices`, threshold
 * metrics) whose slices are not whole hours. An hourly roll-up sums its
 * hour's buckets, so the slices inside the hour can no longer be told apart:
 * one bad 5-minute slice in an hour otherwise good is one bad slice in the
 * fine buckets, and either none or twelve in the hour's sum. Slices of whole
 * hours, and `Occurrences`, come out the same from the roll-ups.
 *
 * @public
 */
export function needsFineBucketsOverWindow(
  definition: Pick<SloDefinition, 'budgetingMethod' | 'timeSliceWindowSeconds'>,
): boolean {
  return (
    definition.budgetingMethod !== 'Occurrences' &&
    definition.timeSliceWindowSeconds !== null &&
    (definition.timeSliceWindowSeconds * 1000) % HOUR_MS !== 0
  );
}

/**
 * From when an SLO's buckets are kept, pulled and read as fine buckets
 * (before it: the hourly roll-ups). `fineHorizonMs` ({@link fineHorizon}),
 * or, for an SLO that needs its fine buckets over its whole window
 * ({@link needsFineBucketsOverWindow}), the hour its window starts in
 * (`windowStartMs`, the start of its window resolved at the same instant),
 * if that is earlier.
 *
 * @public
 */
export function fineReadsFrom(
  definition: Pick<SloDefinition, 'budgetingMethod' | 'timeSliceWindowSeconds'>,
  windowStartMs: number,
  fineHorizonMs: number,
): number {
  return needsFineBucketsOverWindow(definition)
    ? Math.min(fineHorizonMs, floorToHour(windowStartMs))
    : fineHorizonMs;
}
