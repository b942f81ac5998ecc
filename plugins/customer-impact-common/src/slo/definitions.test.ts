import { parseSloDefinitions } from './definitions';
import { parseSloDuration, fixedDurationSeconds } from './duration';

const OPENSLO_FILE = `
apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prometheus-main
  displayName: Main Prometheus
spec:
  type: Prometheus
  connectionDetails:
    url: http://prometheus:9090
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
spec:
  description: Checkout requests that do not fail
  service: checkout
  indicatorRef: checkout-good-requests
  timeWindow:
    - duration: 30d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Available
      target: 0.999
  alertPolicies:
    - checkout-fast-burn
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: checkout-good-requests
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        metricSourceRef: prometheus-main
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total{job="checkout",code!~"5.."}[{{.window}}]))
    total:
      metricSource:
        metricSourceRef: prometheus-main
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: checkout-fast-burn
spec:
  alertWhenBreaching: true
  conditions:
    - kind: AlertCondition
      metadata:
        name: fast-burn
      spec:
        severity: page
        condition:
          kind: burnrate
          op: gte
          threshold: 14.4
          lookbackWindow: 1h
          alertAfter: 5m
    - conditionRef: slow-burn
---
apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: slow-burn
spec:
  severity: ticket
  condition:
    kind: burnrate
    op: gt
    threshold: 1
    lookbackWindow: 3d
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency-slices
spec:
  service: search
  indicator:
    metadata:
      name: search-fast-enough
    spec:
      ratioMetric:
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: sum(search_slow_total)
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(search_total)
  timeWindow:
    - duration: 1M
      calendar:
        startTime: "2020-01-01 00:00:00"
        timeZone: Europe/Berlin
  budgetingMethod: Timeslices
  objectives:
    - targetPercent: 99.5
      timeSliceTarget: 0.95
      timeSliceWindow: 5m
`;

describe('parseSloDefinitions: OpenSLO v1', () => {
  const result = parseSloDefinitions(
    OPENSLO_FILE,
    'catalog/checkout/slos.yaml',
  );

  it('reads SLO, SLI, DataSource and AlertPolicy documents without problems', () => {
    expect(result.problems).toEqual([]);
    expect(result.slos.map(s => s.name)).toEqual([
      'checkout-availability',
      'search-latency-slices',
    ]);
    expect(result.dataSources).toEqual([
      {
        name: 'prometheus-main',
        displayName: 'Main Prometheus',
        description: null,
        type: 'Prometheus',
        connectionDetails: { url: 'http://prometheus:9090' },
        origin: { source: 'catalog/checkout/slos.yaml', documentIndex: 0 },
      },
    ]);
    expect(result.alertPolicies).toHaveLength(1);
    expect(result.alertPolicies[0]).toMatchObject({
      name: 'checkout-fast-burn',
      alertWhenBreaching: true,
      alertWhenNoData: false,
      conditions: [
        {
          name: 'fast-burn',
          conditionRef: null,
          burnRate: {
            op: 'gte',
            threshold: 14.4,
            lookbackWindowSeconds: 3600,
            alertAfterSeconds: 300,
          },
        },
        {
          name: null,
          conditionRef: 'slow-burn',
          severity: 'ticket',
          burnRate: {
            op: 'gt',
            threshold: 1,
            lookbackWindowSeconds: 3 * 86400,
            // alertAfter is optional: 0m
            alertAfterSeconds: 0,
          },
        },
      ],
    });
  });

  it('resolves indicatorRef to the SLI of the same file (declared after the SLO)', () => {
    const checkout = result.slos[0];
    expect(checkout).toMatchObject({
      key: 'checkout-availability',
      displayName: 'Checkout availability',
      description: 'Checkout requests that do not fail',
      service: 'checkout',
      target: 0.999,
      budgetingMethod: 'Occurrences',
      timeSliceTarget: null,
      timeSliceWindowSeconds: null,
      window: { kind: 'rolling', duration: '30d', durationSeconds: 2_592_000 },
      objectiveName: 'Available',
      alertPolicies: ['checkout-fast-burn'],
      origin: {
        source: 'catalog/checkout/slos.yaml',
        documentIndex: 1,
        format: 'openslo',
      },
    });
    expect(checkout.indicator).toMatchObject({
      kind: 'ratio',
      name: 'checkout-good-requests',
      counter: true,
      bad: null,
      dataSourceRef: 'prometheus-main',
      good: {
        query:
          'sum(rate(http_requests_total{job="checkout",code!~"5.."}[{{.window}}]))',
        dataSourceRef: 'prometheus-main',
        dataSourceType: 'Prometheus',
      },
      total: {
        query: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
      },
    });
  });

  it('reads an inline bad/total indicator, targetPercent, timeslices and a calendar window', () => {
    const search = result.slos[1];
    expect(search.target).toBeCloseTo(0.995, 12);
    expect(search).toMatchObject({
      budgetingMethod: 'Timeslices',
      timeSliceTarget: 0.95,
      timeSliceWindowSeconds: 300,
      window: {
        kind: 'calendar',
        duration: '1M',
        unit: 'M',
        count: 1,
        startTime: '2020-01-01 00:00:00',
        timeZone: 'Europe/Berlin',
      },
      indicator: {
        kind: 'ratio',
        name: 'search-fast-enough',
        counter: false,
        good: null,
        bad: { query: 'sum(search_slow_total)', dataSourceRef: null },
        total: { query: 'sum(search_total)' },
      },
    });
  });
});

describe('parseSloDefinitions: problems', () => {
  const slo = (name: string, objective: string, extra = '') => `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: payments
  indicator:
    spec:
      ratioMetric:
        good: { metricSource: { type: Prometheus, spec: { query: good } } }
        total: { metricSource: { type: Prometheus, spec: { query: total } } }
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - ${objective}
${extra}`;

  it('keeps the good documents when one is broken, and names file, document, kind, name and field', () => {
    const text = [
      slo('payments-ok', 'target: 0.99'),
      slo('payments-broken', 'target: 1.5'),
      slo('payments-also-ok', 'target: 0.95'),
    ].join('---\n');
    const result = parseSloDefinitions(text, 'payments.yaml');
    expect(result.slos.map(s => s.name)).toEqual([
      'payments-ok',
      'payments-also-ok',
    ]);
    expect(result.problems).toEqual([
      {
        severity: 'error',
        source: 'payments.yaml',
        documentIndex: 1,
        line: expect.any(Number),
        kind: 'SLO',
        name: 'payments-broken',
        path: 'spec.objectives[0].target',
        message: 'spec.objectives[0].target must be in [0, 1)',
      },
    ]);
    // the line of the bad value in the whole file
    const line = text.split('\n')[result.problems[0].line! - 1];
    expect(line).toContain('target: 1.5');
  });

  it('warns about kinds it does not read, and ignores them', () => {
    const text = `${slo('payments-ok', 'target: 0.99')}---
apiVersion: openslo/v1
kind: Dashboard
metadata:
  name: payments
spec:
  description: Payments
`;
    const result = parseSloDefinitions(text, 'payments.yaml');
    expect(result.slos).toHaveLength(1);
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        documentIndex: 1,
        kind: 'Dashboard',
        name: 'payments',
        path: 'kind',
        message: expect.stringContaining('not read'),
      }),
    ]);
  });

  it('reports a bad duration with its field path', () => {
    const text = slo('payments-ok', 'target: 0.99').replace('28d', '28days');
    const result = parseSloDefinitions(text, 'payments.yaml');
    expect(result.slos).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: 'spec.timeWindow[0].duration',
        message: expect.stringContaining('invalid duration "28days"'),
      }),
    ]);
  });

  it('refuses a calendar unit in a rolling window and an unknown time zone', () => {
    const rolling = parseSloDefinitions(
      slo('payments-ok', 'target: 0.99').replace('28d', '1M'),
      'a.yaml',
    );
    expect(rolling.problems[0]).toMatchObject({
      path: 'spec.timeWindow[0].duration',
      message: expect.stringContaining('fixed duration'),
    });
    const zone = parseSloDefinitions(
      slo('payments-ok', 'target: 0.99').replace(
        'isRolling: true',
        'calendar: { timeZone: Mars/Olympus }',
      ),
      'a.yaml',
    );
    expect(zone.problems[0]).toMatchObject({
      path: 'spec.timeWindow[0].calendar.timeZone',
    });
  });

  it('reports an indicatorRef that names no SLI', () => {
    const text = `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: payments-ref
spec:
  service: payments
  indicatorRef: nowhere
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.9 }]
`;
    const result = parseSloDefinitions(text, 'p.yaml');
    expect(result.slos).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'spec.indicatorRef',
        name: 'payments-ref',
        message: expect.stringContaining('"nowhere"'),
      }),
    ]);
  });

  it('requires an RFC 1123 name of at most 63 characters', () => {
    const upper = parseSloDefinitions(
      slo('Payments_OK', 'target: 0.99'),
      'p.yaml',
    );
    expect(upper.problems[0]).toMatchObject({
      path: 'metadata.name',
      name: 'Payments_OK',
    });
    const long = parseSloDefinitions(
      slo('a'.repeat(64), 'target: 0.99'),
      'p.yaml',
    );
    expect(long.problems[0].path).toBe('metadata.name');
    expect(
      parseSloDefinitions(slo('a'.repeat(63), 'target: 0.99'), 'p.yaml').slos,
    ).toHaveLength(1);
  });

  it('requires exactly one of target and targetPercent, and the timeslice fields', () => {
    const both = parseSloDefinitions(
      slo('payments-ok', '{ target: 0.99, targetPercent: 99 }'),
      'p.yaml',
    );
    expect(both.problems[0].path).toBe('spec.objectives[0].target');
    const slices = parseSloDefinitions(
      slo('payments-ok', 'target: 0.99').replace(
        'budgetingMethod: Occurrences',
        'budgetingMethod: Timeslices',
      ),
      'p.yaml',
    );
    expect(slices.problems.map(p => p.path)).toEqual([
      'spec.objectives[0].timeSliceWindow',
      'spec.objectives[0].timeSliceTarget',
    ]);
  });

  it('lists a threshold-metric SLO with an unsupported indicator and a warning', () => {
    const text = `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: latency-threshold
spec:
  service: search
  indicator:
    metadata: { name: latency-p99 }
    spec:
      thresholdMetric:
        metricSource: { type: Prometheus, spec: { query: p99 } }
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ op: lte, value: 250, target: 0.99 }]
`;
    const result = parseSloDefinitions(text, 'p.yaml');
    expect(result.slos[0].indicator).toMatchObject({
      kind: 'unsupported',
      type: 'threshold',
    });
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'spec.indicator' }),
    ]);
  });

  it('reports invalid YAML in one document and reads the others', () => {
    const text = `${slo('payments-ok', 'target: 0.99')}---
apiVersion: openslo/v1
kind: SLO
metadata: { name: [unclosed
---
${slo('payments-two', 'target: 0.9')}`;
    const result = parseSloDefinitions(text, 'p.yaml');
    expect(result.slos.map(s => s.name)).toEqual([
      'payments-ok',
      'payments-two',
    ]);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.every(p => p.documentIndex === 1)).toBe(true);
    expect(result.problems[0].message).toMatch(/^invalid YAML/);
  });

  it('names an OpenSLO SLO with several objectives once per objective', () => {
    const text = slo('payments-ok', 'target: 0.99\n    - target: 0.9');
    const result = parseSloDefinitions(text, 'p.yaml');
    expect(result.slos.map(s => [s.key, s.target])).toEqual([
      ['payments-ok:0', 0.99],
      ['payments-ok:1', 0.9],
    ]);
  });

  it('refuses another OpenSLO version and warns about unrelated YAML', () => {
    const result = parseSloDefinitions(
      'apiVersion: openslo/v1alpha\nkind: SLO\nmetadata: { name: x }\n---\nfoo: bar\n',
      'p.yaml',
    );
    expect(
      result.problems.map(p => [p.severity, p.documentIndex, p.path]),
    ).toEqual([
      ['error', 0, 'apiVersion'],
      ['warning', 1, ''],
    ]);
  });
});

describe('parseSloDefinitions: Sloth', () => {
  const SLOTH = `
version: prometheus/v1
service: myservice
labels:
  owner: myteam
slos:
  - name: requests-availability
    objective: 99.9
    description: Common SLO based on availability for HTTP request responses.
    sli:
      events:
        error_query: sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))
    alerting:
      name: MyServiceHighErrorRate
  - name: broken
    objective: 120
    sli:
      events:
        error_query: a
        total_query: b
  - name: raw-ratio
    objective: 99
    sli:
      raw:
        error_ratio_query: sum(rate(errors[{{.window}}])) / sum(rate(total[{{.window}}]))
`;

  it('reads each SLO on its own: objective in percent, error and total queries', () => {
    const result = parseSloDefinitions(SLOTH, 'sloth.yaml');
    expect(result.slos.map(s => s.name)).toEqual([
      'myservice-requests-availability',
      'myservice-raw-ratio',
    ]);
    const slo = result.slos[0];
    expect(slo.target).toBeCloseTo(0.999, 12);
    expect(slo).toMatchObject({
      displayName: 'requests-availability',
      service: 'myservice',
      budgetingMethod: 'Occurrences',
      window: { kind: 'rolling', duration: '30d', durationSeconds: 2_592_000 },
      origin: { source: 'sloth.yaml', documentIndex: 0, format: 'sloth' },
      indicator: {
        kind: 'ratio',
        good: null,
        bad: { query: expect.stringContaining('code=~"(5..|429)"') },
        total: { query: expect.stringContaining('job="myservice"') },
      },
    });
    expect(result.slos[1].indicator).toMatchObject({
      kind: 'unsupported',
      type: 'raw',
    });
  });

  it('reports the broken SLO by its path in the file', () => {
    const result = parseSloDefinitions(SLOTH, 'sloth.yaml');
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        source: 'sloth.yaml',
        documentIndex: 0,
        kind: 'Sloth',
        name: 'broken',
        path: 'slos[1].objective',
      }),
      expect.objectContaining({
        severity: 'warning',
        name: 'raw-ratio',
        path: 'slos[2].sli.raw',
      }),
    ]);
  });

  it('takes the window from the options', () => {
    const result = parseSloDefinitions(SLOTH, 'sloth.yaml', {
      slothWindow: '28d',
    });
    expect(result.slos[0].window).toEqual({
      kind: 'rolling',
      duration: '28d',
      durationSeconds: 28 * 86400,
    });
  });
});

describe('durations', () => {
  it('parses m h d w and the calendar units M Q Y', () => {
    expect(parseSloDuration('30d')).toEqual({
      text: '30d',
      count: 30,
      unit: 'd',
    });
    expect(parseSloDuration('1M')).toEqual({ text: '1M', count: 1, unit: 'M' });
    expect(fixedDurationSeconds(parseSloDuration('5m')!)).toBe(300);
    expect(fixedDurationSeconds(parseSloDuration('2w')!)).toBe(1_209_600);
    // a month has no fixed length (28–31 days, never 30 × 24 h)
    expect(fixedDurationSeconds(parseSloDuration('1M')!)).toBeNull();
    for (const bad of ['30', 'd', '0d', '1.5h', '30days', '-1d', '1s', '']) {
      expect(parseSloDuration(bad)).toBeNull();
    }
  });
});
