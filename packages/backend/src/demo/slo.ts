import { DemoSeedContext, DemoSeeder } from './seeders';

const BUCKET_SECONDS = 300;
const BUCKET_MS = BUCKET_SECONDS * 1000;
const DAYS = 30;
const BATCH = 5000;

/** A small deterministic generator (mulberry32), so every start looks alike. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Requests per 5 minutes: a daily wave between `base` × 0.4 and `base` × 1.6. */
function traffic(time: number, base: number, noise: () => number): number {
  const hour = (time / 3_600_000) % 24;
  const wave = 1 + 0.6 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
  return Math.max(1, Math.round(base * wave * (0.9 + 0.2 * noise())));
}

interface SeriesSpec {
  entityRef: string;
  slo: string;
  /** Mean requests per 5 minutes. */
  base: number;
  /** Error ratio of a bucket that starts `ageMs` before now. */
  errorRatio(ageMs: number, noise: () => number): number;
  /** Push `bad` instead of `good` (the definition's ratio metric uses `bad`). */
  pushBad?: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The demo's SLO histories (definitions in examples/slos):
 * - checkout-web: healthy (0.1 % errors against a 0.5 % budget; latency
 *   slices almost always fast);
 * - payments-service: a fast burn: 2 % errors for the last 50 minutes against
 *   a 0.1 % budget, a burn rate of 20 over 5 min and about 17 over 1 h, above
 *   the page threshold 14.4 → page;
 * - billing-service: a slow burn: 0.25 % errors for the last 3 days against a
 *   0.1 % budget (burn rate 2.5: above the ticket threshold 1 over 3 d and
 *   6 h, below the page thresholds 6 and 14.4) → ticket;
 * - search-service: definitions but no data → "no data".
 */
export const SLO_SERIES: SeriesSpec[] = [
  {
    entityRef: 'component:default/checkout-web',
    slo: 'checkout-availability',
    base: 900,
    errorRatio: (_age, noise) => 0.001 * (0.5 + noise()),
  },
  {
    entityRef: 'component:default/checkout-web',
    slo: 'checkout-latency',
    base: 900,
    // 2 % slow loads; one slice in about 400 has a slow spell (10 % slow).
    errorRatio: (_age, noise) => (noise() < 0.0025 ? 0.1 : 0.02),
  },
  {
    entityRef: 'component:default/payments-service',
    slo: 'payments-availability',
    base: 1200,
    errorRatio: (age, noise) =>
      age < 50 * 60_000 ? 0.02 : 0.0003 * (0.5 + noise()),
  },
  {
    entityRef: 'component:default/billing-service',
    slo: 'invoice-runs',
    base: 400,
    errorRatio: (age, noise) =>
      age < 3 * DAY ? 0.0025 * (0.9 + 0.2 * noise()) : 0.0002 * (0.5 + noise()),
    pushBad: true,
  },
];

/** The samples of one series: 30 days of 5-minute buckets up to `now`. */
export function sloSamples(spec: SeriesSpec, now: Date, seed: number) {
  const noise = random(seed);
  const end = now.getTime() - (now.getTime() % BUCKET_MS);
  const samples: Array<Record<string, unknown>> = [];
  for (let start = end - DAYS * DAY; start < end; start += BUCKET_MS) {
    const total = traffic(start, spec.base, noise);
    const bad = Math.min(
      total,
      Math.round(total * spec.errorRatio(end - start, noise)),
    );
    samples.push({
      entityRef: spec.entityRef,
      slo: spec.slo,
      start: new Date(start).toISOString(),
      durationSeconds: BUCKET_SECONDS,
      ...(spec.pushBad ? { bad } : { good: total - bad }),
      total,
    });
  }
  return samples;
}

/** Pushes the SLO histories through `POST /v1/slo-samples`, in batches. */
export const sloDemoSeeder: DemoSeeder = {
  name: 'slo',
  async seed({ push, now, logger }: DemoSeedContext) {
    let inserted = 0;
    let pushed = 0;
    for (const [index, spec] of SLO_SERIES.entries()) {
      const samples = sloSamples(spec, now, 1000 + index);
      for (let i = 0; i < samples.length; i += BATCH) {
        const result = (await push('/v1/slo-samples', {
          samples: samples.slice(i, i + BATCH),
        })) as { inserted: number };
        inserted += result.inserted;
        pushed += Math.min(BATCH, samples.length - i);
      }
    }
    logger.info(`Pushed ${pushed} SLO samples (${inserted} new)`);
  },
};
