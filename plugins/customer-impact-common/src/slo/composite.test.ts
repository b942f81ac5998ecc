import {
  compositeBudgetBurndown,
  computeCompositeStatus,
  CompositeMemberInput,
} from './composite';
import { SloBucket, SloDefinition } from './types';

// A composite SLO (OpenSLO objectives with their own indicators, weighted by
// compositeWeight): its budget is the weighted mean of its members' budgets.
// Every figure below is computed by hand.

const T = Date.UTC(2026, 10, 21, 12, 0);
const MIN = 60_000;

function member(key: string, target: number): SloDefinition {
  return {
    key,
    name: 'checkout-journey',
    displayName: key,
    description: null,
    service: 'checkout',
    target,
    budgetingMethod: 'Occurrences',
    timeSliceTarget: null,
    timeSliceWindowSeconds: null,
    window: { kind: 'rolling', duration: '30d', durationSeconds: 30 * 86400 },
    indicator: {
      kind: 'ratio',
      name: null,
      counter: false,
      good: null,
      bad: { query: 'b', dataSourceRef: null, dataSourceType: null, spec: {} },
      total: {
        query: 't',
        dataSourceRef: null,
        dataSourceType: null,
        spec: {},
      },
      dataSourceRef: null,
    },
    objectiveIndex: 0,
    objectiveName: null,
    alertPolicies: [],
    alerting: { kind: 'workbook' },
    compositeOf: { key: 'checkout-journey', weight: 1 },
    origin: { source: 'c.yaml', documentIndex: 0, format: 'openslo' },
  };
}

/** The last hour: 12 buckets of 1,000 events with `bad` bad each. */
const lastHour = (bad: number): SloBucket[] =>
  Array.from({ length: 12 }, (_, i) => ({
    start: T - (i + 1) * 5 * MIN,
    durationSeconds: 300,
    good: 1000 - bad,
    total: 1000,
  }));

function composite(
  members: Array<{ key: string; target: number; weight: number }>,
): SloDefinition {
  const weights = members.reduce((s, m) => s + m.weight, 0);
  return {
    ...member('checkout-journey', 0.99),
    key: 'checkout-journey',
    target: members.reduce((s, m) => s + m.target * m.weight, 0) / weights,
    indicator: {
      kind: 'composite',
      name: null,
      members: members.map(m => ({ key: m.key, weight: m.weight })),
    },
    compositeOf: null,
  };
}

describe('computeCompositeStatus', () => {
  // API: target 0.999, weight 3, 1 bad per 1,000 → error 0.001 → C = 1.0
  // Payments: target 0.99, weight 1, 5 bad per 1,000 → 0.005 / 0.01 = 0.5
  // Search: weight 2, no data at all → left out (not 0, not 1).
  const api = member('checkout-journey:0', 0.999);
  const payments = member('checkout-journey:1', 0.99);
  const search = member('checkout-journey:2', 0.995);
  const members: CompositeMemberInput[] = [
    { definition: api, buckets: lastHour(1), weight: 3 },
    { definition: payments, buckets: lastHour(5), weight: 1 },
    { definition: search, buckets: [], weight: 2 },
  ];
  const definition = composite([
    { key: api.key, target: 0.999, weight: 3 },
    { key: payments.key, target: 0.99, weight: 1 },
    { key: search.key, target: 0.995, weight: 2 },
  ]);

  it('weighs the members’ budgets: C = (3 · 1.0 + 1 · 0.5) / 4 = 0.875', () => {
    const { status, members: figures } = computeCompositeStatus(
      definition,
      members,
      T,
    );
    expect(figures.map(m => [m.weight, m.status.budgetConsumed])).toEqual([
      [3, expect.closeTo(1, 12)],
      [1, expect.closeTo(0.5, 12)],
      [2, null],
    ]);
    expect(status.budgetConsumed).toBeCloseTo(0.875, 12);
    expect(status.budgetRemaining).toBeCloseTo(0.125, 12);
    // T = (3 · 0.999 + 0.99 + 2 · 0.995) / 6 = 5.977 / 6 = 0.996166…
    // SLI = 1 − 0.875 · (1 − 0.996166…) = 1 − 0.875 · 0.003833… = 0.996645…
    expect(status.target).toBeCloseTo(5.977 / 6, 12);
    expect(status.sli).toBeCloseTo(1 - 0.875 * (1 - 5.977 / 6), 12);
    // Events of the members with data: 2 × 12,000; bad 12 + 60.
    expect(status.eventsInWindow).toBe(24_000);
    expect(status.badEventsInWindow).toBe(72);
    // Burn rate over 1 h: API 0.001 / 0.001 = 1, payments 0.5:
    // (3 · 1 + 1 · 0.5) / 4 = 0.875.
    expect(status.burnRates.find(b => b.window === '1h')!.rate).toBeCloseTo(
      0.875,
      12,
    );
    expect(status.state).toBe('ok');
  });

  it('alerts on the weighted burn rate: a heavy member that burns pages, a light one only tickets', () => {
    // API burns 20 bad per 1,000: 0.02 / 0.001 = 20 over 5 m and 1 h.
    // Weights 3 and 1: (3 · 20 + 0.5) / 4 = 15.125 > 14.4 → page.
    // Weights 1 and 3: (20 + 3 · 0.5) / 4 = 5.375 < 14.4 over 1 h, < 6 over
    // 6 h (which holds the same hour): no page; above 1 over 3 d and 6 h
    // → ticket.
    const burning = (apiWeight: number, paymentsWeight: number) =>
      computeCompositeStatus(
        composite([
          { key: api.key, target: 0.999, weight: apiWeight },
          { key: payments.key, target: 0.99, weight: paymentsWeight },
        ]),
        [
          { definition: api, buckets: lastHour(20), weight: apiWeight },
          {
            definition: payments,
            buckets: lastHour(5),
            weight: paymentsWeight,
          },
        ],
        T,
      );
    const heavy = burning(3, 1);
    expect(
      heavy.status.burnRates.find(b => b.window === '1h')!.rate,
    ).toBeCloseTo(15.125, 9);
    expect(heavy.status.state).toBe('page');
    const light = burning(1, 3);
    expect(
      light.status.burnRates.find(b => b.window === '1h')!.rate,
    ).toBeCloseTo(5.375, 9);
    expect(light.status.state).toBe('ticket');
    // Each member keeps its own state: the API pages on its own.
    expect(light.members.map(m => m.status.state)).toEqual(['page', 'ok']);
  });

  it('has no data when no member has', () => {
    const { status } = computeCompositeStatus(
      definition,
      members.map(m => ({ ...m, buckets: [] })),
      T,
    );
    expect(status.sli).toBeNull();
    expect(status.budgetRemaining).toBeNull();
    expect(status.state).toBe('no-data');
  });

  it('burns down as the weighted mean of the members’ remaining budgets', () => {
    const points = compositeBudgetBurndown(definition, members, T, 3);
    // The last point is now: members 1 − 1.0 = 0 and 1 − 0.5 = 0.5 left;
    // (3 · 0 + 1 · 0.5) / 4 = 0.125, the status' remaining budget.
    expect(points[2].remaining).toBeCloseTo(0.125, 12);
    // The first point is the window start: every member full.
    expect(points[0].remaining).toBeCloseTo(1, 12);
  });
});
