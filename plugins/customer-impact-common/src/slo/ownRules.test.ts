import { compareBurnRate } from './conditions';
import { computeSloStatus } from './status';
import {
  SloAlertingSpec,
  SloBucket,
  SloBurnRateCondition,
  SloDefinition,
} from './types';

// An SLO alerts by its own rules: its OpenSLO AlertPolicies, or Sloth's
// windows and disables; the SRE Workbook table only when it has neither.
// Every expected figure is computed by hand in the comments.

const T = Date.UTC(2026, 10, 21, 12, 0); // now, on the 5-minute grid
const MIN = 60_000;

function slo(target: number, alerting?: SloAlertingSpec): SloDefinition {
  return {
    key: 'checkout',
    name: 'checkout',
    displayName: null,
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
    alerting,
    origin: { source: 's.yaml', documentIndex: 0, format: 'openslo' },
  };
}

/** 5-minute buckets from `fromMinutes` before T up to T, `total` events, `bad(m)` bad ones for the bucket m minutes before T. */
function buckets(
  fromMinutes: number,
  total: number,
  bad: (minutesBefore: number) => number,
): SloBucket[] {
  const out: SloBucket[] = [];
  for (let m = fromMinutes; m >= 5; m -= 5) {
    out.push({
      start: T - m * MIN,
      durationSeconds: 300,
      good: total - bad(m),
      total,
    });
  }
  return out;
}

function condition(
  overrides: Partial<SloBurnRateCondition> = {},
): SloBurnRateCondition {
  return {
    id: 'paging/fast',
    policy: 'paging',
    name: 'fast',
    severity: 'page',
    action: 'page',
    op: 'gte',
    threshold: 10,
    lookbackWindow: '1h',
    lookbackWindowSeconds: 3600,
    alertAfter: '5m',
    alertAfterSeconds: 300,
    alertWhenBreaching: true,
    alertWhenNoData: false,
    alertWhenResolved: false,
    ...overrides,
  };
}

const policies = (...conditions: SloBurnRateCondition[]): SloAlertingSpec => ({
  kind: 'policies',
  policies: [{ name: 'paging', displayName: null, notificationTargets: [] }],
  conditions,
});

describe('an SLO with its own AlertPolicy', () => {
  // Target 0.99: budget B = 0.01. Two hours of buckets of 1,000 events;
  // the 13 buckets that start 65 … 5 minutes before now hold 100 bad
  // events each (10 %), the older ones none.
  //   at now,        1 h = buckets 60 … 5 min before: 12 bad → 0.1 / 0.01 = 10
  //   at now − 5 m,  1 h = buckets 65 … 10 min before: 12 bad → 10
  //   at now − 10 m, 1 h = buckets 70 … 15 min before: 11 bad of 12
  //                  → 1,100 / 12,000 = 0.0916… / 0.01 = 9.17 < 10
  const data = buckets(120, 1000, m => (m <= 65 ? 100 : 0));

  it('pages when the burn rate has held for alertAfter (5 m: now and 5 minutes ago)', () => {
    const status = computeSloStatus(
      slo(
        0.99,
        policies(condition({ alertAfter: '5m', alertAfterSeconds: 300 })),
      ),
      data,
      T,
    );
    expect(status.state).toBe('page');
    expect(status.firedRule).toBeNull();
    expect(status.alerting).toMatchObject({
      source: 'policies',
      description: 'AlertPolicy paging (1 burn-rate condition)',
      rules: [],
      firedCondition: { id: 'paging/fast', firedBy: 'breaching' },
    });
    const [c] = status.alerting!.conditions;
    expect(c.rate).toBeCloseTo(10, 9);
    expect(c).toMatchObject({ breaching: true, heldSeconds: 300, fired: true });
    // The condition's lookback is among the burn rates shown.
    expect(status.burnRates.find(b => b.seconds === 3600)!.rate).toBeCloseTo(
      10,
      9,
    );
  });

  it('does not alert yet when alertAfter (10 m) is longer than the breach (held 5 m)', () => {
    const status = computeSloStatus(
      slo(
        0.99,
        policies(condition({ alertAfter: '10m', alertAfterSeconds: 600 })),
      ),
      data,
      T,
    );
    expect(status.state).toBe('ok');
    expect(status.alerting!.conditions[0]).toMatchObject({
      breaching: true,
      heldSeconds: 300,
      fired: false,
      firedBy: null,
    });
    // alertAfter 0m alerts at once.
    expect(
      computeSloStatus(
        slo(
          0.99,
          policies(condition({ alertAfter: '0m', alertAfterSeconds: 0 })),
        ),
        data,
        T,
      ).state,
    ).toBe('page');
  });

  it('replaces the Workbook table, which would open a ticket on the same data', () => {
    // Workbook, 30 d, B = 0.01: 6 h holds 24 buckets, 13 bad:
    //   1,300 / 24,000 = 0.0541… / 0.01 = 5.42 < 6 (no page over 6 h / 30 m);
    //   1 h = 10 < 14.4 (no page over 1 h / 5 m);
    //   3 d = the same 24 buckets = 5.42 > 1 and 6 h = 5.42 > 1 → ticket.
    const workbook = computeSloStatus(slo(0.99), data, T);
    expect(workbook.state).toBe('ticket');
    expect(workbook.firedRule?.id).toBe('ticket-3d');
    expect(workbook.alerting?.source).toBe('workbook');
    // Its own policy, with a threshold of 12: 10 < 12 → ok, no ticket.
    const own = computeSloStatus(
      slo(0.99, policies(condition({ threshold: 12 }))),
      data,
      T,
    );
    expect(own.state).toBe('ok');
  });

  it('maps severities: a warning condition opens a ticket', () => {
    const status = computeSloStatus(
      slo(0.99, policies(condition({ severity: 'warning', action: 'ticket' }))),
      data,
      T,
    );
    expect(status.state).toBe('ticket');
  });

  it('alerts on no data only with alertWhenNoData', () => {
    const silent = computeSloStatus(slo(0.99, policies(condition())), [], T);
    expect(silent.state).toBe('no-data');
    const noData = computeSloStatus(
      slo(0.99, policies(condition({ alertWhenNoData: true }))),
      [],
      T,
    );
    expect(noData.state).toBe('page');
    expect(noData.alerting!.firedCondition).toMatchObject({
      firedBy: 'no-data',
      rate: null,
    });
  });

  it('never alerts on too few events (low confidence)', () => {
    // 5 events per bucket: 12 buckets = 60 events in the hour < 100.
    const few = buckets(120, 5, m => (m <= 65 ? 1 : 0));
    // 12 bad of 60: 0.2 / 0.01 = 20 ≥ 10, but on 60 events.
    const status = computeSloStatus(slo(0.99, policies(condition())), few, T);
    expect(status.state).toBe('ok');
    expect(status.lowConfidence).toBe(true);
    expect(status.suppressedRules).toEqual(['paging/fast']);
    expect(status.alerting!.conditions[0]).toMatchObject({
      breaching: true,
      suppressed: true,
      fired: false,
    });
  });

  it('compares with op, equal within floating-point noise', () => {
    expect(compareBurnRate(14.399999999999999, 'gte', 14.4)).toBe(true);
    expect(compareBurnRate(14.4, 'gt', 14.4)).toBe(false);
    expect(compareBurnRate(14.41, 'gt', 14.4)).toBe(true);
    expect(compareBurnRate(2, 'lte', 2)).toBe(true);
    expect(compareBurnRate(2, 'lt', 2)).toBe(false);
    expect(compareBurnRate(1.9, 'lt', 2)).toBe(true);
  });
});

describe("a Sloth SLO: Sloth's windows and disables", () => {
  const sloth = (page: boolean, ticket: boolean): SloAlertingSpec => ({
    kind: 'sloth',
    name: 'CheckoutHighErrorRate',
    labels: { category: 'availability' },
    annotations: { summary: 'Too many 5xx' },
    page: {
      disabled: !page,
      labels: { severity: 'critical' },
      annotations: {},
    },
    ticket: { disabled: !ticket, labels: {}, annotations: {} },
  });
  const DAY = 24 * 60;

  // Target 0.999 (B = 0.001), 30 d. Three days of buckets of 1,000 events;
  // the last day has 4 bad per bucket (0.4 %), the two days before none.
  //   5 m … 1 d: 0.004 / 0.001 = 4
  //   3 d: 288 × 4 bad of 864 × 1,000 = 0.001333 / 0.001 = 1.33
  // Workbook: pages need 14.4 and 6: no; ticket 3 d / 6 h: 1.33 > 1, 4 > 1 → ticket.
  // Sloth adds 1 d / 2 h at 0.1 · 30 d / 1 d = 3: 4 > 3 and 4 > 3 → ticket
  // by that rule first.
  const slowBurn = buckets(3 * DAY, 1000, m => (m <= DAY ? 4 : 0));

  it("opens a ticket by Sloth's own 1 d / 2 h rule", () => {
    const status = computeSloStatus(slo(0.999, sloth(true, true)), slowBurn, T);
    expect(status.state).toBe('ticket');
    expect(status.firedRule).toMatchObject({
      id: 'ticket-1d',
      longWindow: '1d',
      shortWindow: '2h',
    });
    expect(status.firedRule!.threshold).toBeCloseTo(3, 12);
    expect(status.firedRule!.longRate).toBeCloseTo(4, 9);
    expect(status.alerting).toMatchObject({
      source: 'sloth',
      description:
        "Sloth's multiwindow alerts CheckoutHighErrorRate (page 1h/5m, 6h/30m; ticket 1d/2h, 3d/6h)",
      sloth: {
        name: 'CheckoutHighErrorRate',
        labels: { category: 'availability' },
        annotations: { summary: 'Too many 5xx' },
        page: { labels: { severity: 'critical' } },
      },
    });
  });

  it('honours ticket_alert.disable: no ticket although both ticket rules exceed', () => {
    const status = computeSloStatus(
      slo(0.999, sloth(true, false)),
      slowBurn,
      T,
    );
    expect(status.state).toBe('ok');
    expect(status.alerting!.rules.map(r => r.id)).toEqual([
      'page-1h',
      'page-6h',
    ]);
    expect(status.alerting!.description).toContain('ticket alert disabled');
  });

  // A fast burn in the last hour only: 20 bad per bucket (2 %): 20 over 5 m
  // and 1 h → above 14.4: page. Over 2 h: 12 × 20 of 24,000 = 0.01 → 10;
  // 1 d: 240 of 288,000 → 0.83 < 3; 6 h: 240 / 72,000 → 3.33; 3 d: 240 /
  // 864,000 → 0.28 < 1: no ticket rule fires.
  const fastBurn = buckets(3 * DAY, 1000, m => (m <= 60 ? 20 : 0));

  it('honours page_alert.disable: a fast burn does not page (and no ticket rule fires yet)', () => {
    expect(
      computeSloStatus(slo(0.999, sloth(true, true)), fastBurn, T).state,
    ).toBe('page');
    const status = computeSloStatus(
      slo(0.999, sloth(false, true)),
      fastBurn,
      T,
    );
    expect(status.state).toBe('ok');
    expect(status.firedRule).toBeNull();
    expect(status.alerting!.description).toContain('page alert disabled');
  });

  it('never alerts with both alerts disabled, but still says whether there is data', () => {
    expect(
      computeSloStatus(slo(0.999, sloth(false, false)), fastBurn, T).state,
    ).toBe('ok');
    expect(computeSloStatus(slo(0.999, sloth(false, false)), [], T).state).toBe(
      'no-data',
    );
  });
});
