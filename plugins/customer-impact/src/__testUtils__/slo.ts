import {
  BURN_RATE_WINDOWS,
  DefinitionProblem,
  EntitySlo,
  SloFacetConfigured,
} from '@customer-impact/plugin-customer-impact-common';

/**
 * Burn-rate figures of the standard windows. `rates` maps a window (`1h`) to
 * its rate; windows left out have no events (rate null).
 */
export function burnRates(
  rates: Record<string, number>,
  options: { events?: number; lowConfidence?: string[]; target?: number } = {},
) {
  const events = options.events ?? 1000;
  const budget = 1 - (options.target ?? 0.999);
  return BURN_RATE_WINDOWS.map(w => {
    const rate = rates[w.window];
    const known = rate !== undefined;
    return {
      window: w.window,
      seconds: w.seconds,
      rate: known ? rate : null,
      lowConfidence: !known || (options.lowConfidence ?? []).includes(w.window),
      events: known ? events : 0,
      // bad = rate · budget · events (e.g. 14.4 · 0.001 · 1000 = 14.4 → 14)
      badEvents: known ? Math.round(rate * budget * events) : 0,
    };
  });
}

/** An SLO as the summary lists it; a healthy 99.9 % over 30 days by default. */
export function makeSlo(overrides: Partial<EntitySlo> = {}): EntitySlo {
  return {
    key: 'availability',
    name: 'availability',
    displayName: 'Checkout availability',
    service: 'checkout',
    target: 0.999,
    budgetingMethod: 'Occurrences',
    window: 'rolling 30d',
    windowStart: '2026-10-22T12:00:00.000Z',
    windowEnd: '2026-11-21T12:00:00.000Z',
    windowSeconds: 30 * 86400,
    elapsedFraction: 1,
    computedAt: '2026-11-21T12:00:00.000Z',
    sli: 0.9995,
    budgetConsumed: 0.5,
    budgetRemaining: 0.5,
    periodToDateBurn: null,
    burnRates: burnRates({
      '5m': 0.5,
      '30m': 0.5,
      '1h': 0.5,
      '2h': 0.5,
      '6h': 0.5,
      '1d': 0.5,
      '3d': 0.5,
    }),
    timeToExhaustionSeconds: null,
    state: 'ok',
    firedRule: null,
    suppressedRules: [],
    lowConfidence: false,
    eventsInWindow: 1_000_000,
    badEventsInWindow: 500,
    slices: null,
    lastDataAt: '2026-11-21T11:55:00.000Z',
    ignoredBuckets: 0,
    description: null,
    sourceUrl: 'https://git.example.com/checkout/slos.yaml',
    sourceLocation: 'https://git.example.com/checkout/slos.yaml',
    supported: true,
    lastSampleAt: '2026-11-21T11:55:00.000Z',
    collection: null,
    problems: [],
    ...overrides,
  };
}

export function makeFacet(
  slos: EntitySlo[],
  overrides: Partial<SloFacetConfigured> = {},
): SloFacetConfigured {
  return {
    status: 'ok',
    annotation: './slos.yaml',
    sourceLocation: 'https://git.example.com/checkout/slos.yaml',
    sourceUrl: 'https://git.example.com/checkout/slos.yaml',
    fetchedAt: '2026-11-21T11:00:00.000Z',
    fetchError: null,
    lastUpdatedAt: '2026-11-21T11:55:00.000Z',
    problems: slos.flatMap(s => s.problems),
    slos,
    burningDependencies: [],
    internalCustomersAffected: [],
    ...overrides,
  };
}

export const targetProblem: DefinitionProblem = {
  severity: 'error',
  source: 'slos/checkout.yaml',
  documentIndex: 2,
  line: 31,
  kind: 'SLO',
  name: 'latency',
  path: 'spec.objectives[0].target',
  message: 'target must be at least 0 and below 1',
};
