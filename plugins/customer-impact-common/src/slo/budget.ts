import { SloBucket, SloBudgetingMethod, SloComparisonOp } from './types';

/**
 * The parts of a definition the SLI computation needs (a `SloDefinition`
 * fits).
 *
 * @public
 */
export interface SliMethod {
  budgetingMethod: SloBudgetingMethod;
  /** Required for `Timeslices`. */
  timeSliceTarget: number | null;
  /** Required for `Timeslices` and `RatioTimeslices`. */
  timeSliceWindowSeconds: number | null;
  /**
   * A threshold metric (`Timeslices` only): a slice is good when its value
   * compares with `value` by `op`. Null or absent for event counts.
   */
  threshold?: { op: SloComparisonOp; value: number } | null;
}

/**
 * Event counts summed over a window.
 *
 * @public
 */
export interface EventCounts {
  good: number;
  total: number;
  /** `total − good`. */
  bad: number;
}

/**
 * One time slice of a timeslice SLO. `total` 0 means the slice saw no
 * traffic: it is not measured.
 *
 * @public
 */
export interface TimeSlice {
  /** Slice start, epoch milliseconds (slices are aligned on the Unix epoch). */
  start: number;
  good: number;
  total: number;
}

/**
 * The SLI over a window.
 *
 * @public
 */
export interface SliResult {
  /** In [0, 1]; null when nothing was measured (0/0 is no data, never 0 or 1). */
  sli: number | null;
  /**
   * 1 − SLI, computed directly (bad/total, bad slices/measured slices, or the
   * mean of the per-slice error ratios) to avoid rounding; null with `sli`.
   */
  errorRatio: number | null;
  /**
   * Events in the window. For a threshold metric, which has no events, the
   * measured slices (good, bad, total).
   */
  events: EventCounts;
  /** For the timeslice methods: measured slices and good slices; null for `Occurrences`. */
  slices: { measured: number; good: number; zeroTraffic: number } | null;
}

/**
 * Makes a bucket safe to add up: null when its counts are not finite
 * non-negative numbers (the bucket is ignored); `good` is clamped to
 * `[0, total]`.
 *
 * @public
 */
export function sanitizeBucket(bucket: SloBucket): SloBucket | null {
  const { start, durationSeconds, good, total, valueMin, valueMax } = bucket;
  if (
    !Number.isFinite(start) ||
    !Number.isFinite(durationSeconds) ||
    durationSeconds < 0 ||
    !Number.isFinite(good) ||
    !Number.isFinite(total) ||
    total < 0 ||
    good < 0
  ) {
    return null;
  }
  const out: SloBucket = {
    start,
    durationSeconds,
    good: Math.min(good, total),
    total,
  };
  if (Number.isFinite(valueMin) && Number.isFinite(valueMax)) {
    out.valueMin = valueMin;
    out.valueMax = valueMax;
  }
  return out;
}

/**
 * True when a threshold metric's value is good: `value op threshold`
 * (`lte 0.25`: at most 0.25).
 *
 * @public
 */
export function meetsThreshold(
  value: number,
  threshold: { op: SloComparisonOp; value: number },
): boolean {
  switch (threshold.op) {
    case 'lt':
      return value < threshold.value;
    case 'lte':
      return value <= threshold.value;
    case 'gt':
      return value > threshold.value;
    case 'gte':
    default:
      return value >= threshold.value;
  }
}

/**
 * The time slices of a threshold metric in `[startMs, endMs)`, aligned on
 * the Unix epoch: each bucket with a value belongs to the slice that
 * contains its start, and a slice's value is its worst: the highest for
 * `lt`/`lte` (e.g. latency), the lowest for `gt`/`gte` (e.g. throughput).
 * So a slice is good when every value measured in it meets the threshold.
 * Slices without a value are not returned (not measured). Sorted by start.
 *
 * @public
 */
export function thresholdSlices(
  buckets: readonly SloBucket[],
  startMs: number,
  endMs: number,
  sliceSeconds: number,
  threshold: { op: SloComparisonOp; value: number },
): Array<{ start: number; value: number; good: boolean }> {
  const sliceMs = sliceSeconds * 1000;
  const high = threshold.op === 'lt' || threshold.op === 'lte';
  const worst = new Map<number, number>();
  for (const raw of buckets) {
    const bucket = sanitizeBucket(raw);
    if (
      !bucket ||
      bucket.valueMin === undefined ||
      bucket.valueMin === null ||
      !bucketInWindow(bucket, startMs, endMs)
    ) {
      continue;
    }
    const slice = Math.floor(bucket.start / sliceMs) * sliceMs;
    const value = high ? bucket.valueMax! : bucket.valueMin;
    const before = worst.get(slice);
    if (before === undefined) {
      worst.set(slice, value);
    } else {
      worst.set(
        slice,
        high ? Math.max(before, value) : Math.min(before, value),
      );
    }
  }
  return [...worst.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, value]) => ({
      start,
      value,
      good: meetsThreshold(value, threshold),
    }));
}

/**
 * True when a bucket belongs to `[startMs, endMs)`: a bucket belongs to the
 * window that contains its start time.
 *
 * @public
 */
export function bucketInWindow(
  bucket: SloBucket,
  startMs: number,
  endMs: number,
): boolean {
  return bucket.start >= startMs && bucket.start < endMs;
}

/**
 * Sums the good and total counts of the buckets that start in `[startMs, endMs)`.
 * Invalid buckets (see `sanitizeBucket`) are skipped.
 *
 * @public
 */
export function sumBuckets(
  buckets: readonly SloBucket[],
  startMs: number,
  endMs: number,
): EventCounts {
  let good = 0;
  let total = 0;
  for (const raw of buckets) {
    const bucket = sanitizeBucket(raw);
    if (bucket && bucketInWindow(bucket, startMs, endMs)) {
      good += bucket.good;
      total += bucket.total;
    }
  }
  return { good, total, bad: total - good };
}

/**
 * Groups the buckets that start in `[startMs, endMs)` into time slices of
 * `sliceSeconds`, aligned on the Unix epoch. A bucket longer than a slice is
 * spread over the slices it covers in proportion to the overlap (which keeps
 * its ratio). Slices with no bucket at all are not returned; slices whose
 * buckets all have `total` 0 are returned with `total` 0. Sorted by start.
 *
 * @public
 */
export function timeSlices(
  buckets: readonly SloBucket[],
  startMs: number,
  endMs: number,
  sliceSeconds: number,
): TimeSlice[] {
  if (!(sliceSeconds > 0)) {
    throw new Error(`Time slice length must be positive, got ${sliceSeconds}`);
  }
  const sliceMs = sliceSeconds * 1000;
  const slices = new Map<number, TimeSlice>();
  const add = (sliceStart: number, good: number, total: number) => {
    const slice = slices.get(sliceStart);
    if (slice) {
      slice.good += good;
      slice.total += total;
    } else {
      slices.set(sliceStart, { start: sliceStart, good, total });
    }
  };
  for (const raw of buckets) {
    const bucket = sanitizeBucket(raw);
    if (!bucket || !bucketInWindow(bucket, startMs, endMs)) {
      continue;
    }
    const bucketMs = bucket.durationSeconds * 1000;
    const first = Math.floor(bucket.start / sliceMs) * sliceMs;
    if (bucket.start + bucketMs <= first + sliceMs) {
      add(first, bucket.good, bucket.total);
      continue;
    }
    const bucketEnd = bucket.start + bucketMs;
    for (let s = first; s < bucketEnd; s += sliceMs) {
      const overlap =
        Math.min(bucketEnd, s + sliceMs) - Math.max(bucket.start, s);
      const share = overlap / bucketMs;
      add(s, bucket.good * share, bucket.total * share);
    }
  }
  return [...slices.values()].sort((a, b) => a.start - b.start);
}

/**
 * The SLI over `[startMs, endMs)` by the definition's budgeting method.
 *
 * - `Occurrences`: good / total.
 * - `Timeslices`: good slices / measured slices, where a slice is good when
 *   good/total ≥ `timeSliceTarget`.
 * - `RatioTimeslices`: mean of good/total over the measured slices.
 * - A threshold metric (`Timeslices` with `threshold`): good slices /
 *   measured slices, where a slice is good when its worst value meets the
 *   threshold (see `thresholdSlices`).
 *
 * Zero-traffic policy: a slice with total 0 is *not measured*: it counts
 * neither as good nor as bad, and does not enter the denominator (it is
 * reported in `slices.zeroTraffic`). No measured event or slice → SLI null.
 *
 * @public
 */
export function computeSli(
  method: SliMethod,
  buckets: readonly SloBucket[],
  startMs: number,
  endMs: number,
): SliResult {
  if (method.threshold && method.budgetingMethod === 'Timeslices') {
    if (!method.timeSliceWindowSeconds) {
      throw new Error('Timeslices needs timeSliceWindowSeconds');
    }
    const slices = thresholdSlices(
      buckets,
      startMs,
      endMs,
      method.timeSliceWindowSeconds,
      method.threshold,
    );
    const good = slices.filter(s => s.good).length;
    const measured = slices.length;
    const events = { good, total: measured, bad: measured - good };
    if (measured === 0) {
      return {
        sli: null,
        errorRatio: null,
        events,
        slices: { measured: 0, good: 0, zeroTraffic: 0 },
      };
    }
    return {
      sli: good / measured,
      errorRatio: (measured - good) / measured,
      events,
      slices: { measured, good, zeroTraffic: 0 },
    };
  }
  const events = sumBuckets(buckets, startMs, endMs);
  if (method.budgetingMethod === 'Occurrences') {
    if (events.total === 0) {
      return { sli: null, errorRatio: null, events, slices: null };
    }
    return {
      sli: events.good / events.total,
      errorRatio: events.bad / events.total,
      events,
      slices: null,
    };
  }
  if (!method.timeSliceWindowSeconds) {
    throw new Error(`${method.budgetingMethod} needs timeSliceWindowSeconds`);
  }
  const slices = timeSlices(
    buckets,
    startMs,
    endMs,
    method.timeSliceWindowSeconds,
  );
  const measured = slices.filter(s => s.total > 0);
  const zeroTraffic = slices.length - measured.length;
  if (measured.length === 0) {
    return {
      sli: null,
      errorRatio: null,
      events,
      slices: { measured: 0, good: 0, zeroTraffic },
    };
  }
  if (method.budgetingMethod === 'Timeslices') {
    const sliceTarget = method.timeSliceTarget;
    if (sliceTarget === null) {
      throw new Error('Timeslices needs timeSliceTarget');
    }
    const good = measured.filter(s => s.good / s.total >= sliceTarget).length;
    return {
      sli: good / measured.length,
      errorRatio: (measured.length - good) / measured.length,
      events,
      slices: { measured: measured.length, good, zeroTraffic },
    };
  }
  // RatioTimeslices
  let ratioSum = 0;
  let errorSum = 0;
  let good = 0;
  for (const s of measured) {
    ratioSum += s.good / s.total;
    errorSum += (s.total - s.good) / s.total;
    if (
      method.timeSliceTarget !== null &&
      s.good / s.total >= method.timeSliceTarget
    ) {
      good += 1;
    }
  }
  return {
    sli: Math.min(1, Math.max(0, ratioSum / measured.length)),
    errorRatio: Math.min(1, Math.max(0, errorSum / measured.length)),
    events,
    slices: { measured: measured.length, good, zeroTraffic },
  };
}

/**
 * Error budget consumed C = (1 − SLI) / (1 − T), from the error ratio
 * (1 − SLI). Above 1 when the budget is overspent. Null when the error ratio
 * is null (no data).
 *
 * @public
 */
export function budgetConsumed(
  errorRatio: number | null,
  target: number,
): number | null {
  if (errorRatio === null) {
    return null;
  }
  assertTarget(target);
  return errorRatio / (1 - target);
}

/**
 * Error budget remaining R = 1 − C. Negative when overspent, never clamped.
 * Null when C is null.
 *
 * @public
 */
export function budgetRemaining(consumed: number | null): number | null {
  return consumed === null ? null : 1 - consumed;
}

/**
 * Period-to-date burn C / e for a calendar window: 1 means on track to spend
 * exactly the whole budget by the period's end. Null when C is null or no
 * time has elapsed.
 *
 * @public
 */
export function periodToDateBurn(
  consumed: number | null,
  elapsed: number,
): number | null {
  if (consumed === null || !(elapsed > 0)) {
    return null;
  }
  return consumed / elapsed;
}

/**
 * Time to exhaustion ≈ R · W / BR in seconds: how long until the remaining
 * budget is spent if the burn rate BR holds. 0 when the budget is already
 * spent (R ≤ 0); null when R or BR is unknown, or BR ≤ 0 (never exhausted).
 *
 * @public
 */
export function timeToExhaustionSeconds(
  remaining: number | null,
  windowSeconds: number,
  burnRate: number | null,
): number | null {
  if (remaining === null) {
    return null;
  }
  if (remaining <= 0) {
    return 0;
  }
  if (burnRate === null || burnRate <= 0) {
    return null;
  }
  return (remaining * windowSeconds) / burnRate;
}

/** @internal */
export function assertTarget(target: number): void {
  if (!(target >= 0 && target < 1)) {
    throw new Error(`SLO target must be in [0, 1), got ${target}`);
  }
}
