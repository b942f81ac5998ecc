import { DemoSeedContext, DemoSeeder } from './types';

const BUCKET_SECONDS = 300;
const BUCKET_MS = BUCKET_SECONDS * 1000;
const DAYS = 30;
const BATCH = 5000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A number in [0, 1) that depends only on `seed` and `n` (a stateless hash in
 * the style of mulberry32), so that every bucket gets the same noise on every
 * push, whatever was generated before it.
 */
export function noiseAt(seed: number, n: number, draw: number): number {
  let t =
    (Math.imul(seed, 0x9e3779b1) ^
      Math.imul(n, 0x85ebca6b) ^
      Math.imul(draw + 1, 0xc2b2ae35)) >>>
    0;
  t = (t + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  t = Math.imul(t ^ (t >>> 13), t | 5);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Requests per 5 minutes: a daily wave between `base` × 0.4 and `base` × 1.6. */
function traffic(time: number, base: number, noise: number): number {
  const hour = (time / HOUR) % 24;
  const wave = 1 + 0.6 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
  return Math.max(1, Math.round(base * wave * (0.9 + 0.2 * noise)));
}

export interface SeriesSpec {
  entityRef: string;
  slo: string;
  /** Mean requests per 5 minutes. */
  base: number;
  /**
   * Error ratio of the bucket starting at `sinceOriginMs` after the demo's
   * origin (negative: before it); `noise` is in [0, 1).
   */
  errorRatio(sinceOriginMs: number, noise: number): number;
  /** Push `bad` instead of `good` (the definition's ratio metric uses `bad`). */
  pushBad?: boolean;
  /**
   * A threshold metric: push this value per bucket instead of counts
   * (`errorRatio` is then not used).
   */
  value?(sinceOriginMs: number, noise: number): number;
}

/**
 * The demo's SLO histories (definitions in examples/slos). Each pattern is a
 * function of the bucket's start relative to the demo's origin (the instant
 * the demo started), so the state it shows at start continues while the demo
 * runs:
 * - checkout-web: healthy (0.1 % errors against a 0.5 % budget; latency
 *   slices almost always fast), at any time;
 * - payments-service: a fast burn that began 50 minutes before the origin and
 *   goes on: 2 % errors against a 0.1 % budget, a burn rate of 20 over 5 min
 *   and about 17 over 1 h at start (20 later), above the page threshold
 *   14.4 → page. It spends about 2.8 % of the 30-day budget per hour: the
 *   budget (about 88 % left at start) lasts about 30 hours of demo;
 * - billing-service: a slow burn that began 3 days before the origin and goes
 *   on: 0.25 % errors against a 0.1 % budget (burn rate 2.5: above the
 *   ticket threshold 1 over 3 d and 6 h, below the page thresholds 6 and
 *   14.4) → ticket;
 * - subscriptions-service (a Sloth file, page alert disabled): 0.4 %
 *   errors against a 0.1 % budget for the day before the origin and on, and
 *   2 % since 50 minutes before it. Sloth's page rules would fire (20 over
 *   5 m, about 17 over 1 h); paging is disabled, so Sloth's 1 d / 2 h ticket
 *   rule (threshold 3) decides: about 4.5 over 1 d and 10 over 2 h → ticket;
 * - checkout-web's composite checkout-journey: both objectives healthy
 *   (page loads 0.1 % errors against 0.5 %; payment steps 0.3 % against 1 %);
 * - search-service: definitions but no data → "no data".
 */
export const SLO_SERIES: SeriesSpec[] = [
  {
    entityRef: 'component:default/checkout-web',
    slo: 'checkout-availability',
    base: 900,
    errorRatio: (_t, noise) => 0.001 * (0.5 + noise),
  },
  {
    entityRef: 'component:default/checkout-web',
    slo: 'checkout-latency',
    base: 900,
    // 2 % slow loads; one slice in about 400 has a slow spell (10 % slow).
    errorRatio: (_t, noise) => (noise < 0.0025 ? 0.1 : 0.02),
  },
  {
    entityRef: 'component:default/payments-service',
    slo: 'payments-availability',
    base: 1200,
    errorRatio: (t, noise) =>
      t >= -50 * 60_000 ? 0.02 : 0.0001 * (0.5 + noise),
  },
  {
    entityRef: 'component:default/billing-service',
    slo: 'invoice-runs',
    base: 400,
    errorRatio: (t, noise) =>
      t >= -3 * DAY ? 0.0025 * (0.9 + 0.2 * noise) : 0.0002 * (0.5 + noise),
    pushBad: true,
  },
  {
    entityRef: 'component:default/billing-service',
    slo: 'invoice-render-time',
    base: 1,
    errorRatio: () => 0,
    // About 1.2 s; one bucket in 50 over 2 s (about 2 % bad slices against
    // a 5 % budget).
    value: (_t, noise) => (noise < 0.02 ? 2.4 : 1 + 0.4 * noise),
  },
  {
    entityRef: 'component:default/checkout-web',
    slo: 'checkout-journey:0',
    base: 900,
    errorRatio: (_t, noise) => 0.001 * (0.5 + noise),
  },
  {
    entityRef: 'component:default/checkout-web',
    slo: 'checkout-journey:1',
    base: 300,
    errorRatio: (_t, noise) => 0.003 * (0.5 + noise),
    pushBad: true,
  },
  {
    entityRef: 'component:default/subscriptions-service',
    slo: 'subscriptions-renewals',
    base: 600,
    errorRatio: (t, noise) => {
      if (t >= -50 * 60_000) return 0.02;
      if (t >= -DAY) return 0.004 * (0.9 + 0.2 * noise);
      return 0.0002 * (0.5 + noise);
    },
    pushBad: true,
  },
];

/**
 * The counts of one 5-minute bucket of a series: a pure function of the
 * bucket's start and the demo's origin (both epoch ms).
 */
export function demoSliCounts(
  spec: SeriesSpec,
  bucketStart: number,
  origin: number,
  seed: number,
): { good: number; total: number } {
  const n = Math.floor(bucketStart / BUCKET_MS);
  const total = traffic(bucketStart, spec.base, noiseAt(seed, n, 0));
  // Rounded up with the probability of the fraction (a third draw of the
  // noise): at night a bucket of 160 requests at 0.25 % errors expects 0.4
  // bad ones, which plain rounding made 0 in every bucket, so the slow burn
  // looked healthy over the night's 6 hours.
  const bad = Math.min(
    total,
    Math.floor(
      total * spec.errorRatio(bucketStart - origin, noiseAt(seed, n, 1)) +
        noiseAt(seed, n, 2),
    ),
  );
  return { good: total - bad, total };
}

/**
 * The samples of one series that have ended by `now`: the 5-minute buckets
 * of the last 30 days (or, with `from`, those starting at or after `from`),
 * the last one ending at `now` floored to the 5-minute grid. `origin` (default
 * `now`) is the demo's start.
 */
export function sloSamples(
  spec: SeriesSpec,
  now: Date,
  seed: number,
  options: { origin?: Date; from?: Date } = {},
) {
  // On the 5-minute grid: the first evaluation after the start then sees
  // whole buckets of each pattern (50 minutes of the fast burn, not 45).
  const originMs = (options.origin ?? now).getTime();
  const origin = originMs - (originMs % BUCKET_MS);
  const end = now.getTime() - (now.getTime() % BUCKET_MS);
  let first = end - DAYS * DAY;
  if (options.from) {
    const from = options.from.getTime();
    first = Math.max(
      first,
      from - (((from % BUCKET_MS) + BUCKET_MS) % BUCKET_MS),
    );
  }
  const samples: Array<Record<string, unknown>> = [];
  for (let start = first; start < end; start += BUCKET_MS) {
    if (spec.value) {
      const n = Math.floor(start / BUCKET_MS);
      samples.push({
        entityRef: spec.entityRef,
        slo: spec.slo,
        start: new Date(start).toISOString(),
        durationSeconds: BUCKET_SECONDS,
        value: spec.value(start - origin, noiseAt(seed, n, 1)),
      });
      continue;
    }
    const { good, total } = demoSliCounts(spec, start, origin, seed);
    samples.push({
      entityRef: spec.entityRef,
      slo: spec.slo,
      start: new Date(start).toISOString(),
      durationSeconds: BUCKET_SECONDS,
      ...(spec.pushBad ? { bad: total - good } : { good }),
      total,
    });
  }
  return samples;
}

/**
 * Pushes the SLO histories through `POST /v1/slo-samples`, in batches: 30
 * days on the first run, then (every 5 minutes) the buckets that ended since
 * the last successful push, with an hour of overlap (a bucket pushed again
 * has the same counts, so the push reports it unchanged).
 */
export const sloDemoSeeder: DemoSeeder = {
  name: 'slo',
  async seed({ push, now, origin, since, logger }: DemoSeedContext) {
    let inserted = 0;
    let pushed = 0;
    const from = since ? new Date(since.getTime() - HOUR) : undefined;
    for (const [index, spec] of SLO_SERIES.entries()) {
      const samples = sloSamples(spec, now, 1000 + index, { origin, from });
      for (let i = 0; i < samples.length; i += BATCH) {
        const result = (await push('/v1/slo-samples', {
          samples: samples.slice(i, i + BATCH),
        })) as { inserted: number };
        inserted += result.inserted;
        pushed += Math.min(BATCH, samples.length - i);
      }
    }
    const message = `Pushed ${pushed} SLO samples (${inserted} new)`;
    if (since) {
      logger.debug(message);
    } else {
      logger.info(message);
    }
  },
};
