import { parseSloDefinitions } from './definitions';
import { percentToFraction } from './duration';

// Every shape people write, each in a file written here from the OpenSLO v1
// README and Sloth's spec (no third-party file is copied): read correctly,
// or refused with a problem that names the file, document and field and
// says what to write instead.

/** An OpenSLO SLO with a few fields to replace. */
function openSloSlo(
  options: {
    name?: string;
    window?: string;
    method?: string;
    objective?: string;
    extra?: string;
  } = {},
): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${options.name ?? 'checkout-availability'}
spec:
  service: checkout
  indicator:
    metadata:
      name: checkout-ok
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{code!~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total
  timeWindow:
${options.window ?? '    - duration: 28d\n      isRolling: true'}
  budgetingMethod: ${options.method ?? 'Occurrences'}
  objectives:
${options.objective ?? '    - target: 0.999'}
${options.extra ? `${options.extra}\n` : ''}`;
}

describe('empty optional fields (YAML null) are absent', () => {
  it('reads an SLO with alertPolicies:, a metricSource spec: and a DataSource connectionDetails: left empty', () => {
    const text = `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: metrics
spec:
  type: Prometheus
  connectionDetails:
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  indicator:
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            metricSourceRef: metrics
            spec:
        total:
          metricSource:
            metricSourceRef: metrics
            spec:
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
  alertPolicies:
`;
    const result = parseSloDefinitions(text, 'slos.yaml');
    expect(result.problems).toEqual([]);
    expect(result.dataSources[0].connectionDetails).toEqual({});
    expect(result.slos).toHaveLength(1);
    expect(result.slos[0]).toMatchObject({
      key: 'checkout-availability',
      alertPolicies: [],
      alerting: { kind: 'workbook' },
      indicator: {
        kind: 'ratio',
        good: { query: null, dataSourceRef: 'metrics', spec: {} },
        dataSourceRef: 'metrics',
      },
    });
  });

  it('reports a required field left empty as required, naming it', () => {
    const text = openSloSlo().replace('service: checkout', 'service:');
    const result = parseSloDefinitions(text, 'slos.yaml');
    expect(result.slos).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        source: 'slos.yaml',
        documentIndex: 0,
        path: 'spec.service',
        message: 'spec.service is required',
      }),
    ]);
  });
});

describe('windows and slices the 5-minute buckets cannot resolve', () => {
  it('refuses duration: 1m (one minute, not one month), naming the field and the resolution', () => {
    const text = openSloSlo({
      window: '    # one month\n    - duration: 1m\n      isRolling: true',
    });
    const result = parseSloDefinitions(text, 'slos.yaml');
    expect(result.slos).toEqual([]);
    expect(result.problems).toHaveLength(1);
    const [p] = result.problems;
    expect(p).toMatchObject({
      severity: 'error',
      source: 'slos.yaml',
      documentIndex: 0,
      kind: 'SLO',
      name: 'checkout-availability',
      path: 'spec.timeWindow[0].duration',
    });
    expect(p.message).toContain('"1m" is 1 minute');
    expect(p.message).toContain('m is minutes and M is months');
    expect(p.message).toContain('5-minute buckets');
    expect(p.message).toContain('1M with a calendar');
    expect(text.split('\n')[p.line! - 1]).toContain('duration: 1m');
  });

  it('accepts windows of whole 5-minute buckets, down to 5m', () => {
    for (const duration of ['5m', '90m', '1h', '7d', '2w']) {
      const result = parseSloDefinitions(
        openSloSlo({
          window: `    - duration: ${duration}\n      isRolling: true`,
        }),
        's.yaml',
      );
      expect(result.problems).toEqual([]);
    }
    const odd = parseSloDefinitions(
      openSloSlo({ window: '    - duration: 7m\n      isRolling: true' }),
      's.yaml',
    );
    expect(odd.problems[0].message).toContain('whole number of 5 minutes');
  });

  it('refuses a calendar start off the 5-minute grid', () => {
    const result = parseSloDefinitions(
      openSloSlo({
        window:
          '    - duration: 1M\n      calendar:\n        startTime: "2026-01-01 00:02:00"\n        timeZone: Europe/Berlin',
      }),
      's.yaml',
    );
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'spec.timeWindow[0].calendar.startTime',
        message: expect.stringContaining('"2026-01-01 00:00:00"'),
      }),
    ]);
  });

  it('refuses 1m time slices on 5-minute buckets (one bad bucket would count as five bad slices)', () => {
    const result = parseSloDefinitions(
      openSloSlo({
        method: 'Timeslices',
        objective:
          '    - target: 0.99\n      timeSliceTarget: 0.95\n      timeSliceWindow: 1m',
      }),
      's.yaml',
    );
    expect(result.slos).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'spec.objectives[0].timeSliceWindow',
        message: expect.stringContaining('count as 5 bad slices'),
      }),
    ]);
  });

  it('reads a numeric timeSliceWindow as minutes (the spec default unit)', () => {
    const five = parseSloDefinitions(
      openSloSlo({
        method: 'Timeslices',
        objective:
          '    - target: 0.99\n      timeSliceTarget: 0.95\n      timeSliceWindow: 5',
      }),
      's.yaml',
    );
    expect(five.problems).toEqual([]);
    expect(five.slos[0].timeSliceWindowSeconds).toBe(300);
    const ratio = parseSloDefinitions(
      openSloSlo({
        method: 'RatioTimeslices',
        objective: '    - target: 0.99\n      timeSliceWindow: 60',
      }),
      's.yaml',
    );
    expect(ratio.slos[0].timeSliceWindowSeconds).toBe(3600);
    const two = parseSloDefinitions(
      openSloSlo({
        method: 'Timeslices',
        objective:
          '    - target: 0.99\n      timeSliceTarget: 0.95\n      timeSliceWindow: 2',
      }),
      's.yaml',
    );
    expect(two.problems[0]).toMatchObject({
      path: 'spec.objectives[0].timeSliceWindow',
      message: expect.stringContaining('2 minutes'),
    });
  });
});

describe('a YAML list of objects at the top level', () => {
  const LIST = `- apiVersion: openslo/v1
  kind: SLI
  metadata:
    name: search-ok
  spec:
    ratioMetric:
      good: { metricSource: { spec: { query: good } } }
      total: { metricSource: { spec: { query: total } } }
- apiVersion: openslo/v1
  kind: SLO
  metadata:
    name: search-availability
  spec:
    service: search
    indicatorRef: search-ok
    timeWindow: [{ duration: 7d, isRolling: true }]
    budgetingMethod: Occurrences
    objectives: [{ targetPercent: 99.5 }]
- apiVersion: openslo/v1
  kind: SLO
  metadata:
    name: search-broken
  spec:
    service: search
    indicatorRef: search-ok
    timeWindow: [{ duration: 7d, isRolling: true }]
    budgetingMethod: Occurrences
    objectives: [{ target: 2 }]
`;

  it('reads every item, and names the item of a problem', () => {
    const result = parseSloDefinitions(LIST, 'list.yaml');
    expect(result.slos.map(s => [s.key, s.target])).toEqual([
      ['search-availability', 0.995],
    ]);
    expect(result.slos[0].origin).toEqual({
      source: 'list.yaml',
      documentIndex: 0,
      itemIndex: 1,
      namePath: '[1].metadata.name',
      format: 'openslo',
    });
    expect(result.problems).toEqual([
      {
        severity: 'error',
        source: 'list.yaml',
        documentIndex: 0,
        itemIndex: 2,
        line: 28,
        kind: 'SLO',
        name: 'search-broken',
        path: '[2].spec.objectives[0].target',
        message: '[2].spec.objectives[0].target must be in [0, 1)',
      },
    ]);
    expect(LIST.split('\n')[27]).toContain('target: 2');
  });

  it('refuses an item that is not a mapping', () => {
    const result = parseSloDefinitions('- just text\n', 'list.yaml');
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        itemIndex: 0,
        path: '[0]',
        message: expect.stringContaining('must be a mapping'),
      }),
    ]);
  });
});

describe('exact targets from percents', () => {
  it('moves the decimal point instead of dividing', () => {
    expect(99.9 / 100).not.toBe(0.999); // 0.9990000000000001
    expect(percentToFraction(99.9)).toBe(0.999);
    expect(percentToFraction(99.95)).toBe(0.9995);
    expect(percentToFraction(99.99)).toBe(0.9999);
    expect(percentToFraction(50)).toBe(0.5);
    expect(percentToFraction(0.001)).toBe(0.00001);
    expect(percentToFraction(1e-7)).toBe(1e-9);
  });

  it('gives targetPercent: 99.9 and a Sloth objective: 99.9 exactly 0.999', () => {
    const open = parseSloDefinitions(
      openSloSlo({ objective: '    - targetPercent: 99.9' }),
      's.yaml',
    );
    expect(open.slos[0].target).toBe(0.999);
    const sloth = parseSloDefinitions(
      `version: prometheus/v1
service: checkout
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(errors[{{.window}}]))
        total_query: sum(rate(requests[{{.window}}]))
`,
      'sloth.yaml',
    );
    expect(sloth.slos[0].target).toBe(0.999);
  });
});

describe('duplicate SLO keys across documents', () => {
  it('reports the second one and keeps the first', () => {
    const text = `${openSloSlo()}---
version: prometheus/v1
service: checkout
slos:
  - name: availability
    objective: 99
    sli:
      events:
        error_query: e
        total_query: t
`;
    const result = parseSloDefinitions(text, 'both.yaml');
    expect(result.slos.map(s => [s.key, s.origin.format])).toEqual([
      ['checkout-availability', 'openslo'],
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        source: 'both.yaml',
        documentIndex: 1,
        kind: 'Sloth',
        message: expect.stringContaining(
          'the SLO key "checkout-availability" is already used by the SLO of document 1',
        ),
      }),
    ]);
  });
});

describe('other versions', () => {
  it('refuses openslo/v1alpha as an error that says how to write v1', () => {
    const result = parseSloDefinitions(
      `apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: old
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindows:
    - unit: Day
      count: 28
      isRolling: true
`,
      'old.yaml',
    );
    expect(result.slos).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        documentIndex: 0,
        kind: 'SLO',
        name: 'old',
        path: 'apiVersion',
        message: expect.stringContaining(
          'spec.timeWindows becomes spec.timeWindow',
        ),
      }),
    ]);
  });
});

describe('Sloth', () => {
  const SLOTH = `version: prometheus/v1
service: checkout
labels:
  tier: 1
slos:
  - name: requests-availability
    objective: 99.95
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: CheckoutHighErrorRate
      labels:
        category: availability
      annotations:
        summary: Checkout answers too many 5xx
      page_alert:
        disable: true
      ticket_alert:
        labels:
          severity: slack
          channel: "#checkout"
`;

  it('keeps the alert name, labels and annotations, and honours page_alert.disable', () => {
    const result = parseSloDefinitions(SLOTH, 'sloth.yaml');
    expect(result.problems).toEqual([]);
    expect(result.slos[0]).toMatchObject({
      key: 'checkout-requests-availability',
      target: 0.9995,
      alertPolicies: [],
      alerting: {
        kind: 'sloth',
        name: 'CheckoutHighErrorRate',
        labels: { category: 'availability' },
        annotations: { summary: 'Checkout answers too many 5xx' },
        page: { disabled: true, labels: {}, annotations: {} },
        ticket: {
          disabled: false,
          labels: { severity: 'slack', channel: '#checkout' },
        },
      },
      indicator: { kind: 'ratio', dataSourceRef: null },
    });
  });

  it('reads a PrometheusServiceLevel resource as the same spec (camelCase fields)', () => {
    const crd = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: checkout
  namespace: shop
spec:
  service: checkout
  slos:
    - name: requests-availability
      objective: 99.95
      sli:
        events:
          errorQuery: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
          totalQuery: sum(rate(http_requests_total[{{.window}}]))
      alerting:
        name: CheckoutHighErrorRate
        pageAlert:
          labels:
            severity: critical
        ticketAlert:
          disable: true
    - name: broken
      objective: 101
      sli:
        events:
          errorQuery: a
          totalQuery: b
`;
    const result = parseSloDefinitions(crd, 'crd.yaml');
    expect(result.slos).toHaveLength(1);
    expect(result.slos[0]).toMatchObject({
      key: 'checkout-requests-availability',
      target: 0.9995,
      indicator: {
        bad: { query: expect.stringContaining('code=~"5.."') },
        total: { query: 'sum(rate(http_requests_total[{{.window}}]))' },
      },
      alerting: {
        kind: 'sloth',
        page: { disabled: false, labels: { severity: 'critical' } },
        ticket: { disabled: true },
      },
      origin: { format: 'sloth', documentIndex: 0 },
    });
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        kind: 'PrometheusServiceLevel',
        name: 'broken',
        slo: 'checkout-broken',
        path: 'spec.slos[1].objective',
        message: 'spec.slos[1].objective must be a percentage in (0, 100)',
      }),
    ]);
  });

  it('takes the SLO period from the options, and refuses one the buckets cannot resolve', () => {
    expect(
      parseSloDefinitions(SLOTH, 's.yaml', { slothWindow: '28d' }).slos[0]
        .window,
    ).toEqual({ kind: 'rolling', duration: '28d', durationSeconds: 2_419_200 });
    const bad = parseSloDefinitions(SLOTH, 's.yaml', { slothWindow: '1M' });
    expect(bad.slos).toEqual([]);
    expect(bad.problems[0].message).toContain('SLO period "1M"');
  });
});

describe('OpenSLO alert policies', () => {
  const CONDITION = `apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast-burn
spec:
  severity: page
  condition:
    kind: burnrate
    op: gte
    threshold: 10
    lookbackWindow: 1h
    alertAfter: 10m
`;
  const POLICY = `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: checkout-paging
spec:
  alertWhenBreaching: true
  alertWhenResolved: true
  conditions:
    - conditionRef: fast-burn
    - kind: AlertCondition
      metadata:
        name: slow-burn
      spec:
        severity: warning
        condition:
          kind: burnrate
          op: gt
          threshold: 2
          lookbackWindow: 6h
  notificationTargets:
    - targetRef: checkout-oncall
`;

  it('resolves a policy by alertPolicyRef, its conditions inline and by conditionRef', () => {
    const text = [
      openSloSlo({
        extra: '  alertPolicies:\n    - alertPolicyRef: checkout-paging',
      }),
      POLICY,
      CONDITION,
    ].join('---\n');
    const result = parseSloDefinitions(text, 's.yaml');
    expect(result.problems).toEqual([]);
    expect(result.slos[0].alertPolicies).toEqual(['checkout-paging']);
    expect(result.slos[0].alerting).toEqual({
      kind: 'policies',
      policies: [
        {
          name: 'checkout-paging',
          displayName: null,
          notificationTargets: ['checkout-oncall'],
        },
      ],
      conditions: [
        {
          id: 'checkout-paging/fast-burn',
          policy: 'checkout-paging',
          name: 'fast-burn',
          severity: 'page',
          action: 'page',
          op: 'gte',
          threshold: 10,
          lookbackWindow: '1h',
          lookbackWindowSeconds: 3600,
          alertAfter: '10m',
          alertAfterSeconds: 600,
          alertWhenBreaching: true,
          alertWhenNoData: false,
          alertWhenResolved: true,
        },
        {
          id: 'checkout-paging/slow-burn',
          policy: 'checkout-paging',
          name: 'slow-burn',
          severity: 'warning',
          action: 'ticket',
          op: 'gt',
          threshold: 2,
          lookbackWindow: '6h',
          lookbackWindowSeconds: 21600,
          // alertAfter is optional: 0m
          alertAfter: '0m',
          alertAfterSeconds: 0,
          alertWhenBreaching: true,
          alertWhenNoData: false,
          alertWhenResolved: true,
        },
      ],
    });
  });

  it('reads a policy written inline in the SLO, and a plain name', () => {
    const inline = parseSloDefinitions(
      openSloSlo({
        extra: `  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: inline-policy
      spec:
        conditions:
          - kind: AlertCondition
            metadata:
              name: burn
            spec:
              severity: sev1
              condition:
                kind: burnrate
                threshold: 5
                lookbackWindow: 30m`,
      }),
      's.yaml',
    );
    expect(inline.slos[0].alerting).toMatchObject({
      kind: 'policies',
      conditions: [
        { id: 'inline-policy/burn', action: 'page', op: 'gte', threshold: 5 },
      ],
    });
    // No op: read as gte, with a warning saying so.
    expect(inline.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'spec.alertPolicies[0].spec.conditions[0].spec.condition.op',
        message: expect.stringContaining('read as gte'),
      }),
    ]);
    const byName = parseSloDefinitions(
      [
        openSloSlo({ extra: '  alertPolicies: [checkout-paging]' }),
        POLICY,
        CONDITION,
      ].join('---\n'),
      's.yaml',
    );
    expect(byName.slos[0].alerting?.kind).toBe('policies');
  });

  it('reports a dangling alertPolicies reference, and a dangling conditionRef', () => {
    const dangling = parseSloDefinitions(
      openSloSlo({ extra: '  alertPolicies:\n    - alertPolicyRef: nowhere' }),
      's.yaml',
    );
    expect(dangling.slos).toEqual([]);
    expect(dangling.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'spec.alertPolicies[0].alertPolicyRef',
        message: expect.stringContaining(
          '"nowhere" names no AlertPolicy in this file',
        ),
      }),
    ]);
    const noCondition = parseSloDefinitions(
      [
        openSloSlo({ extra: '  alertPolicies: [checkout-paging]' }),
        POLICY,
      ].join('---\n'),
      's.yaml',
    );
    expect(noCondition.slos).toEqual([]);
    expect(noCondition.problems.map(p => [p.documentIndex, p.path])).toEqual([
      [1, 'spec.conditions[0].conditionRef'],
      [0, 'spec.alertPolicies[0]'],
    ]);
  });

  it('refuses lookbacks finer than the buckets, and alertAfter off the 5-minute evaluations', () => {
    const result = parseSloDefinitions(
      CONDITION.replace('lookbackWindow: 1h', 'lookbackWindow: 1m').replace(
        'alertAfter: 10m',
        'alertAfter: 2m',
      ),
      's.yaml',
    );
    expect(result.problems.map(p => p.path)).toEqual([
      'spec.condition.lookbackWindow',
      'spec.condition.alertAfter',
    ]);
    expect(result.problems[0].message).toContain('5-minute buckets');
  });
});

describe('composite SLOs', () => {
  const COMPOSITE = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: api-ok
spec:
  ratioMetric:
    good: { metricSource: { spec: { query: api good } } }
    total: { metricSource: { spec: { query: api total } } }
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-journey
  displayName: Checkout journey
spec:
  service: checkout
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives:
    - displayName: API
      target: 0.999
      indicatorRef: api-ok
      compositeWeight: 3
    - displayName: Payments
      target: 0.99
      indicator:
        metadata: { name: payments-ok }
        spec:
          ratioMetric:
            bad: { metricSource: { spec: { query: payments bad } } }
            total: { metricSource: { spec: { query: payments total } } }
`;

  it('reads the composite and its weighted members', () => {
    const result = parseSloDefinitions(COMPOSITE, 'c.yaml');
    expect(result.problems).toEqual([]);
    expect(
      result.slos.map(s => [s.key, s.displayName, s.target, s.compositeOf]),
    ).toEqual([
      // target: (3 · 0.999 + 1 · 0.99) / 4 = 0.99675, for display only
      [
        'checkout-journey',
        'Checkout journey',
        expect.closeTo(0.99675, 12),
        null,
      ],
      [
        'checkout-journey:0',
        'API',
        0.999,
        { key: 'checkout-journey', weight: 3 },
      ],
      [
        'checkout-journey:1',
        'Payments',
        0.99,
        { key: 'checkout-journey', weight: 1 },
      ],
    ]);
    expect(result.slos[0].indicator).toEqual({
      kind: 'composite',
      name: null,
      members: [
        { key: 'checkout-journey:0', weight: 3 },
        { key: 'checkout-journey:1', weight: 1 },
      ],
    });
    expect(result.slos[2].indicator).toMatchObject({
      kind: 'ratio',
      name: 'payments-ok',
      bad: { query: 'payments bad' },
    });
  });

  it('refuses a composite that also has a spec-level indicator, and members without one', () => {
    const both = parseSloDefinitions(
      COMPOSITE.replace(
        '  budgetingMethod: Occurrences\n  objectives:',
        '  budgetingMethod: Occurrences\n  indicatorRef: api-ok\n  objectives:',
      ),
      'c.yaml',
    );
    expect(both.slos).toEqual([]);
    expect(both.problems[0]).toMatchObject({
      path: 'spec.indicatorRef',
      message: expect.stringContaining('either composite'),
    });
    const missing = parseSloDefinitions(
      COMPOSITE.replace('      indicatorRef: api-ok\n', ''),
      'c.yaml',
    );
    expect(missing.slos).toEqual([]);
    expect(missing.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'spec.objectives[0].indicatorRef',
        message: expect.stringContaining('every objective names its own'),
      }),
    ]);
  });
});

describe('threshold SLIs', () => {
  const thresholdSlo = (
    method: string,
    objective: string,
  ) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
spec:
  service: search
  indicator:
    metadata: { name: search-p99 }
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: histogram_quantile(0.99, sum by (le) (rate(search_seconds_bucket[5m])))
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: ${method}
  objectives:
    - ${objective}
`;

  it('reads a Timeslices threshold SLO: a slice is good when its value meets op and value', () => {
    const result = parseSloDefinitions(
      thresholdSlo(
        'Timeslices',
        '{ op: lte, value: 0.25, target: 0.99, timeSliceTarget: 1, timeSliceWindow: 5m }',
      ),
      't.yaml',
    );
    expect(result.problems).toEqual([]);
    expect(result.slos[0]).toMatchObject({
      indicator: {
        kind: 'threshold',
        name: 'search-p99',
        metric: { query: expect.stringContaining('histogram_quantile') },
      },
      threshold: { op: 'lte', value: 0.25 },
      timeSliceWindowSeconds: 300,
    });
  });

  it('requires op and value, and refuses threshold metrics outside Timeslices with what to write', () => {
    const noOp = parseSloDefinitions(
      thresholdSlo(
        'Timeslices',
        '{ value: 0.25, target: 0.99, timeSliceTarget: 1, timeSliceWindow: 5m }',
      ),
      't.yaml',
    );
    expect(noOp.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'spec.objectives[0].op',
        message: expect.stringContaining('e.g. op: lte, value: 250'),
      }),
    ]);
    const occurrences = parseSloDefinitions(
      thresholdSlo('Occurrences', '{ op: lte, value: 0.25, target: 0.99 }'),
      't.yaml',
    );
    expect(occurrences.slos[0].indicator).toMatchObject({
      kind: 'unsupported',
      type: 'threshold',
    });
    expect(occurrences.problems[0].message).toContain(
      'write budgetingMethod: Timeslices',
    );
  });
});
