import { computeSli, thresholdSlices } from './budget';
import { budgetBurndown, computeSloStatus } from './status';
import { SloBucket, SloComparisonOp, SloDefinition } from './types';

// Threshold SLIs (OpenSLO thresholdMetric) of Timeslices SLOs: one value per
// bucket; a slice is good when its worst value meets `op value`. Every
// figure is computed by hand below.

const T = Date.UTC(2026, 10, 21, 12, 0);
const MIN = 60_000;

function definition(
  op: SloComparisonOp,
  value: number,
  sliceMinutes = 10,
): SloDefinition {
  return {
    key: 'search-latency',
    name: 'search-latency',
    displayName: null,
    description: null,
    service: 'search',
    target: 0.9,
    budgetingMethod: 'Timeslices',
    timeSliceTarget: 1,
    timeSliceWindowSeconds: sliceMinutes * 60,
    window: { kind: 'rolling', duration: '1d', durationSeconds: 86400 },
    indicator: {
      kind: 'threshold',
      name: 'search-p99',
      metric: {
        query: 'p99',
        dataSourceRef: null,
        dataSourceType: null,
        spec: {},
      },
      dataSourceRef: null,
    },
    threshold: { op, value },
    objectiveIndex: 0,
    objectiveName: null,
    alertPolicies: [],
    alerting: { kind: 'workbook' },
    origin: { source: 't.yaml', documentIndex: 0, format: 'openslo' },
  };
}

/** Value buckets of 5 minutes over the last 2 h: bucket i (oldest first) has `value(i)`. */
function values(value: (i: number) => number): SloBucket[] {
  return Array.from({ length: 24 }, (_, i) => ({
    start: T - 120 * MIN + i * 5 * MIN,
    durationSeconds: 300,
    good: 1,
    total: 1,
    valueMin: value(i),
    valueMax: value(i),
  }));
}

// p99 of 0.2 s, except bucket 5 (0.3 s) and bucket 17 (0.26 s); bucket 18
// is fast (0.1 s). 10-minute slices hold buckets 2j and 2j + 1:
//   slice 2 (buckets 4, 5): worst 0.3 > 0.25 → bad
//   slice 8 (buckets 16, 17): worst 0.26 > 0.25 → bad
//   slice 9 (buckets 18, 19): worst 0.2 → good (the fast bucket does not help or hurt)
// 2 bad of 12: SLI = 10 / 12 = 0.8333…; budget B = 1 − 0.9 = 0.1;
// consumed C = (2 / 12) / 0.1 = 1.666…; remaining −0.666….
const latency = values(i => {
  if (i === 5) return 0.3;
  if (i === 17) return 0.26;
  if (i === 18) return 0.1;
  return 0.2;
});

describe('threshold time slices', () => {
  it('judges each slice by its worst value', () => {
    const slices = thresholdSlices(latency, T - 120 * MIN, T, 600, {
      op: 'lte',
      value: 0.25,
    });
    expect(slices).toHaveLength(12);
    expect(slices.filter(s => !s.good).map(s => [s.start, s.value])).toEqual([
      [T - 100 * MIN, 0.3],
      [T - 40 * MIN, 0.26],
    ]);
    expect(slices[9]).toEqual({ start: T - 30 * MIN, value: 0.2, good: true });
  });

  it('computes the SLI, budget and burn rates of the good slices', () => {
    const status = computeSloStatus(definition('lte', 0.25), latency, T);
    expect(status.sli).toBeCloseTo(10 / 12, 12);
    expect(status.budgetConsumed).toBeCloseTo(2 / 12 / 0.1, 12);
    expect(status.budgetRemaining).toBeCloseTo(1 - 2 / 12 / 0.1, 12);
    expect(status.slices).toEqual({ measured: 12, good: 10, zeroTraffic: 0 });
    // "Events" of a threshold metric are its measured slices.
    expect(status.eventsInWindow).toBe(12);
    expect(status.badEventsInWindow).toBe(2);
    // Last hour: slices 6 … 11, one bad (slice 8): (1 / 6) / 0.1 = 1.666…,
    // trusted on 6 slices (no minimum number of events applies).
    const hour = status.burnRates.find(b => b.window === '1h')!;
    expect(hour.rate).toBeCloseTo(1 / 6 / 0.1, 12);
    expect(hour.lowConfidence).toBe(false);
    // Last 5 minutes: the slice that starts at 11:50 holds bucket 23 only: good.
    expect(status.burnRates.find(b => b.window === '5m')!.rate).toBe(0);
    // The burndown ends at the same remaining budget.
    const points = budgetBurndown(definition('lte', 0.25), latency, T, 2);
    expect(points[1].remaining).toBeCloseTo(status.budgetRemaining!, 12);
  });

  it('takes the lowest value for gt and gte (e.g. throughput)', () => {
    // Requests per second of 120, except bucket 3 (80): gte 100 →
    // slice 1 (buckets 2, 3): worst 80 → bad; 1 of 12.
    const throughput = values(i => (i === 3 ? 80 : 120));
    const sli = computeSli(
      { ...definition('gte', 100) },
      throughput,
      T - 120 * MIN,
      T,
    );
    expect(sli.slices).toEqual({ measured: 12, good: 11, zeroTraffic: 0 });
    expect(sli.errorRatio).toBeCloseTo(1 / 12, 12);
  });

  it('keeps an hourly roll-up as one measurement, by its worst value', () => {
    // Roll-up of 10:00–11:00 with values between 0.1 and 0.3: one slice
    // (the one its start falls in), bad (0.3 > 0.25).
    const rollUp: SloBucket = {
      start: T - 120 * MIN,
      durationSeconds: 3600,
      good: 12,
      total: 12,
      valueMin: 0.1,
      valueMax: 0.3,
    };
    const sli = computeSli(definition('lte', 0.25), [rollUp], T - 120 * MIN, T);
    expect(sli.slices).toEqual({ measured: 1, good: 0, zeroTraffic: 0 });
    expect(sli.sli).toBe(0);
  });

  it('has no data without values (counts alone are not a threshold metric)', () => {
    const counts: SloBucket[] = [
      { start: T - 5 * MIN, durationSeconds: 300, good: 9, total: 10 },
    ];
    const status = computeSloStatus(definition('lte', 0.25), counts, T);
    expect(status.sli).toBeNull();
    expect(status.state).toBe('no-data');
  });
});
