import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseSloDefinitions } from './definitions';
import { computeSloStatus } from './status';

// Random SLO documents, from plausible to absurd: reading never throws,
// every problem says where it is, every refusal of a field names the field,
// no SLO document disappears without an error, and everything accepted can
// be computed.

const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.option(fc.oneof(arb, fc.constant(null)), { nil: undefined });

const name = fc.oneof(
  fc.constantFrom('checkout', 'checkout-ok', 'api-ok', 'fast-burn', 'p'),
  fc.constantFrom('Bad_Name', '', 'a'.repeat(64)),
);
const duration = fc.oneof(
  fc.constantFrom('1m', '5m', '7m', '1h', '28d', '30d', '1M', '1Q', '2w'),
  fc.constantFrom('30days', '0d', '', '1s'),
  fc.integer({ min: -2, max: 90 }),
);
const metric = fc.record(
  {
    metricSource: maybe(
      fc.record(
        {
          metricSourceRef: maybe(name),
          type: maybe(fc.constantFrom('Prometheus', 'Datadog', '')),
          spec: maybe(fc.record({ query: maybe(fc.string()) })),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const sliSpec = fc.record(
  {
    ratioMetric: maybe(
      fc.record(
        {
          counter: maybe(fc.boolean()),
          good: maybe(metric),
          bad: maybe(metric),
          total: maybe(metric),
          raw: maybe(metric),
          rawType: maybe(fc.constantFrom('success', 'failure', 'x')),
        },
        { requiredKeys: [] },
      ),
    ),
    thresholdMetric: maybe(metric),
  },
  { requiredKeys: [] },
);
const indicator = fc.record(
  { metadata: maybe(fc.record({ name })), spec: maybe(sliSpec) },
  { requiredKeys: [] },
);
const condition = fc.record(
  {
    conditionRef: maybe(name),
    kind: maybe(fc.constant('AlertCondition')),
    metadata: maybe(fc.record({ name })),
    spec: maybe(
      fc.record(
        {
          severity: maybe(fc.constantFrom('page', 'ticket', 'sev2', '')),
          condition: maybe(
            fc.record(
              {
                kind: maybe(fc.constantFrom('burnrate', 'other')),
                op: maybe(fc.constantFrom('gt', 'gte', 'lt', 'lte', 'eq')),
                threshold: maybe(fc.double({ noNaN: true })),
                lookbackWindow: maybe(duration),
                alertAfter: maybe(duration),
              },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const policySpec = fc.record(
  {
    alertWhenNoData: maybe(fc.boolean()),
    alertWhenBreaching: maybe(fc.boolean()),
    conditions: maybe(fc.array(condition, { maxLength: 2 })),
    notificationTargets: maybe(fc.array(fc.anything(), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const objective = fc.record(
  {
    displayName: maybe(fc.string()),
    target: maybe(fc.double({ min: -1, max: 2, noNaN: true })),
    targetPercent: maybe(fc.double({ min: -1, max: 101, noNaN: true })),
    timeSliceTarget: maybe(fc.double({ min: -1, max: 2, noNaN: true })),
    timeSliceWindow: maybe(duration),
    op: maybe(fc.constantFrom('lt', 'lte', 'gt', 'gte', 'eq')),
    value: maybe(fc.double({ noNaN: true })),
    indicatorRef: maybe(name),
    indicator: maybe(indicator),
    compositeWeight: maybe(fc.double({ min: -1, max: 5, noNaN: true })),
  },
  { requiredKeys: [] },
);
const sloSpec = fc.record(
  {
    service: maybe(fc.oneof(fc.string(), fc.integer())),
    indicator: maybe(indicator),
    indicatorRef: maybe(name),
    timeWindow: maybe(
      fc.array(
        fc.record(
          {
            duration: maybe(duration),
            isRolling: maybe(fc.boolean()),
            calendar: maybe(
              fc.record(
                {
                  startTime: maybe(
                    fc.constantFrom(
                      '2026-01-01 00:00:00',
                      '2026-01-01 00:02:00',
                      'yesterday',
                    ),
                  ),
                  timeZone: maybe(fc.constantFrom('UTC', 'Europe/Berlin', 'X')),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
    ),
    budgetingMethod: maybe(
      fc.constantFrom('Occurrences', 'Timeslices', 'RatioTimeslices', 'x'),
    ),
    objectives: maybe(fc.array(objective, { maxLength: 3 })),
    alertPolicies: maybe(
      fc.array(
        fc.oneof(
          name,
          fc.record({ alertPolicyRef: maybe(name) }),
          fc.record(
            {
              kind: maybe(fc.constant('AlertPolicy')),
              metadata: maybe(fc.record({ name })),
              spec: maybe(policySpec),
            },
            { requiredKeys: [] },
          ),
        ),
        { maxLength: 2 },
      ),
    ),
  },
  { requiredKeys: [] },
);
const openSloObject = fc.record(
  {
    apiVersion: fc.oneof(
      fc.constant('openslo/v1'),
      fc.constantFrom('openslo/v1alpha', 'openslo/v2', 'other/v1'),
    ),
    kind: fc.constantFrom(
      'SLO',
      'SLO',
      'SLI',
      'DataSource',
      'AlertPolicy',
      'AlertCondition',
      'Service',
      'Other',
    ),
    metadata: maybe(fc.record({ name }, { requiredKeys: [] })),
    spec: fc.oneof(
      sloSpec,
      sliSpec,
      policySpec,
      fc.record({
        type: maybe(fc.string()),
        connectionDetails: maybe(fc.dictionary(fc.string(), fc.string())),
      }),
      fc.anything(),
    ),
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);
const slothSlo = fc.record(
  {
    name: maybe(name),
    objective: maybe(fc.double({ min: -1, max: 101, noNaN: true })),
    sli: maybe(
      fc.record(
        {
          events: maybe(
            fc.record(
              {
                error_query: maybe(fc.string()),
                total_query: maybe(fc.string()),
                errorQuery: maybe(fc.string()),
                totalQuery: maybe(fc.string()),
              },
              { requiredKeys: [] },
            ),
          ),
          raw: maybe(fc.record({ error_ratio_query: fc.string() })),
        },
        { requiredKeys: [] },
      ),
    ),
    alerting: maybe(
      fc.record(
        {
          name: maybe(fc.string()),
          labels: maybe(fc.dictionary(fc.string(), fc.string())),
          page_alert: maybe(fc.record({ disable: maybe(fc.boolean()) })),
          pageAlert: maybe(fc.record({ disable: maybe(fc.boolean()) })),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const slothSpec = fc.record(
  {
    service: maybe(name),
    slos: maybe(fc.array(slothSlo, { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const slothObject = fc.oneof(
  slothSpec.map(spec => ({ version: 'prometheus/v1', ...spec })),
  fc.record({
    apiVersion: fc.constantFrom('sloth.slok.dev/v1', 'sloth.slok.dev/v2'),
    kind: fc.constantFrom('PrometheusServiceLevel', 'Other'),
    metadata: fc.record({ name }),
    spec: maybe(slothSpec),
  }),
);
// Valid documents of every kind, and mutations of them: most of what people
// write is nearly right.
const VALID: Array<Record<string, unknown>> = [
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'checkout-availability', displayName: 'Checkout' },
    spec: {
      service: 'checkout',
      indicatorRef: 'checkout-ok',
      timeWindow: [{ duration: '28d', isRolling: true }],
      budgetingMethod: 'Timeslices',
      objectives: [
        { target: 0.99, timeSliceTarget: 0.95, timeSliceWindow: '5m' },
      ],
      alertPolicies: [{ alertPolicyRef: 'paging' }],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'journey' },
    spec: {
      service: 'checkout',
      timeWindow: [
        {
          duration: '1M',
          calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'UTC' },
        },
      ],
      budgetingMethod: 'Occurrences',
      objectives: [
        {
          targetPercent: 99.9,
          indicatorRef: 'checkout-ok',
          compositeWeight: 2,
        },
        {
          target: 0.95,
          indicator: {
            metadata: { name: 'inline' },
            spec: {
              ratioMetric: {
                bad: { metricSource: { spec: { query: 'b' } } },
                total: { metricSource: { spec: { query: 't' } } },
              },
            },
          },
        },
      ],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'SLI',
    metadata: { name: 'checkout-ok' },
    spec: {
      ratioMetric: {
        counter: true,
        good: {
          metricSource: { metricSourceRef: 'prom', spec: { query: 'g' } },
        },
        total: {
          metricSource: { metricSourceRef: 'prom', spec: { query: 't' } },
        },
      },
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'DataSource',
    metadata: { name: 'prom' },
    spec: { type: 'Prometheus', connectionDetails: { url: 'http://p:9090' } },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'AlertPolicy',
    metadata: { name: 'paging' },
    spec: {
      alertWhenBreaching: true,
      conditions: [
        { conditionRef: 'fast' },
        {
          kind: 'AlertCondition',
          metadata: { name: 'slow' },
          spec: {
            severity: 'ticket',
            condition: {
              kind: 'burnrate',
              op: 'gt',
              threshold: 1,
              lookbackWindow: '3d',
            },
          },
        },
      ],
    },
  },
  {
    apiVersion: 'openslo/v1',
    kind: 'AlertCondition',
    metadata: { name: 'fast' },
    spec: {
      severity: 'page',
      condition: {
        kind: 'burnrate',
        op: 'gte',
        threshold: 14.4,
        lookbackWindow: '1h',
        alertAfter: '5m',
      },
    },
  },
  {
    version: 'prometheus/v1',
    service: 'checkout',
    slos: [
      {
        name: 'requests',
        objective: 99.9,
        sli: { events: { error_query: 'e', total_query: 't' } },
        alerting: { name: 'A', page_alert: { disable: true } },
      },
    ],
  },
  {
    apiVersion: 'sloth.slok.dev/v1',
    kind: 'PrometheusServiceLevel',
    metadata: { name: 'checkout' },
    spec: {
      service: 'shop',
      slos: [
        {
          name: 'requests',
          objective: 99,
          sli: { events: { errorQuery: 'e', totalQuery: 't' } },
        },
      ],
    },
  },
];

/** Every path to a value in an object (objects and arrays descended). */
function pathsOf(value: unknown, prefix: Array<string | number> = []) {
  const out: Array<Array<string | number>> = [];
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const key = Array.isArray(value) ? Number(k) : k;
      out.push([...prefix, key], ...pathsOf(v, [...prefix, key]));
    }
  }
  return out;
}

const replacement = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  duration,
  name,
  fc.double({ min: -1, max: 101, noNaN: true }),
  fc.boolean(),
  fc.constantFrom('Occurrences', 'Timeslices', 'RatioTimeslices', 'gte', 'x'),
  fc.constant([]),
  fc.constant({}),
  fc.anything({ maxDepth: 2 }),
);

function mutate(
  original: Record<string, unknown>,
  mutations: Array<[number, unknown]>,
) {
  const doc = structuredClone(original);
  for (const [n, value] of mutations) {
    const paths = pathsOf(doc);
    if (paths.length === 0) break;
    const path = paths[n % paths.length];
    let parent: any = doc;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1];
    if (value === undefined && !Array.isArray(parent)) {
      delete parent[last];
    } else {
      parent[last] = value ?? null;
    }
  }
  return doc;
}

const mutations = fc.array(fc.tuple(fc.nat(), replacement), { maxLength: 3 });

const mutated = fc
  .tuple(fc.integer({ min: 0, max: VALID.length - 1 }), mutations)
  .map(([which, m]) => mutate(VALID[which], m));

/** The whole valid file, one of its documents mutated (references resolve). */
const bundle = fc
  .tuple(fc.integer({ min: 0, max: VALID.length - 1 }), mutations)
  .map(([which, m]) =>
    VALID.map((doc, i) => (i === which ? mutate(doc, m) : doc)),
  );

const document = fc.oneof(
  { weight: 6, arbitrary: mutated },
  { weight: 2, arbitrary: openSloObject },
  { weight: 1, arbitrary: slothObject },
  { weight: 1, arbitrary: fc.array(mutated, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.anything() },
);

/** Problems that concern a whole document or item, which has no field to name. */
const WHOLE = [
  /^invalid YAML/,
  /^a document must be a mapping/,
  /^an item of a list must be a mapping/,
  /^neither an OpenSLO object/,
  /^the Sloth SLO period/,
];

describe('parseSloDefinitions over random documents', () => {
  it('never throws; every problem is placed and names its field; no SLO vanishes silently; what is accepted can be computed', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(document, { minLength: 1, maxLength: 5 }), bundle),
        docs => {
          const text = docs
            .map(d => stringify(d === undefined ? null : d))
            .join('---\n');
          const result = parseSloDefinitions(text, 'random.yaml');
          // Every rule broken, in words (an empty list is a pass).
          const broken: string[] = [];
          for (const p of result.problems) {
            if (
              p.source !== 'random.yaml' ||
              p.documentIndex < 0 ||
              p.documentIndex >= Math.max(1, docs.length) ||
              !p.message
            ) {
              broken.push(`misplaced problem ${JSON.stringify(p)}`);
            }
            if (p.severity === 'error' && !WHOLE.some(w => w.test(p.message))) {
              // The refusal names a field, in its path and in its message.
              const keys = p.path
                .split(/[.[\]]/)
                .filter(k => k && !/^\d+$/.test(k));
              if (
                keys.length === 0 ||
                !p.message.includes(keys[keys.length - 1])
              ) {
                broken.push(`refusal without its field: ${JSON.stringify(p)}`);
              }
            }
          }
          // An OpenSLO SLO document yields an SLO, or an error of its own.
          docs.forEach((d, i) => {
            const object = d as Record<string, unknown> | null;
            const isSlo =
              object &&
              typeof object === 'object' &&
              !Array.isArray(object) &&
              object.apiVersion === 'openslo/v1' &&
              object.kind === 'SLO';
            const listed = result.slos.some(s => s.origin.documentIndex === i);
            const refused = result.problems.some(
              p => p.documentIndex === i && p.severity === 'error',
            );
            if (isSlo && !listed && !refused) {
              broken.push(`document ${i} vanished without an error`);
            }
          });
          // Keys are unique, and every accepted SLO can be computed.
          const keys = result.slos.map(s => s.key);
          if (new Set(keys).size !== keys.length) {
            broken.push(`duplicate keys ${keys.join(', ')}`);
          }
          for (const slo of result.slos) {
            const rolling =
              slo.window.kind === 'rolling' ? slo.window.durationSeconds : 300;
            if (
              !(slo.target >= 0 && slo.target < 1) ||
              rolling % 300 !== 0 ||
              (slo.timeSliceWindowSeconds ?? 300) % 300 !== 0
            ) {
              broken.push(`not computable: ${JSON.stringify(slo)}`);
            }
            try {
              computeSloStatus(slo, [], Date.UTC(2026, 10, 21, 12));
            } catch (e) {
              broken.push(`${slo.key}: ${(e as Error).message}`);
            }
          }
          expect(broken).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
