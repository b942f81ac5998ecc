import { budgetBurndown, computeSloStatus } from './status';
import { SloBucket, SloDefinition } from './types';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-10-15T12:00:00Z');

function definition(overrides: Partial<SloDefinition> = {}): SloDefinition {
  return {
    key: 'checkout-availability',
    name: 'checkout-availability',
    displayName: 'Checkout availability',
    description: null,
    service: 'checkout',
    target: 0.999,
    budgetingMethod: 'Occurrences',
    timeSliceTarget: null,
    timeSliceWindowSeconds: null,
    window: { kind: 'rolling', duration: '30d', durationSeconds: 30 * 86400 },
    indicator: {
      kind: 'unsupported',
      name: null,
      type: 'raw',
      reason: 'not needed here',
    },
    objectiveIndex: 0,
    objectiveName: null,
    alertPolicies: [],
    origin: { source: 'test.yaml', documentIndex: 0, format: 'openslo' },
    ...overrides,
  };
}

/** One bucket per minute over the 3 days (4,320 minutes) before NOW. */
function threeDays(
  perMinute: (minutesAgo: number) => { good: number; total: number },
): SloBucket[] {
  return Array.from({ length: 3 * 24 * 60 }, (_, i) => ({
    start: NOW - (i + 1) * MINUTE,
    durationSeconds: 60,
    ...perMinute(i + 1),
  }));
}

describe('computeSloStatus (99.9 %, rolling 30 d)', () => {
  it('pages on a fast burn in the last hour, with figures computed by hand', () => {
    // 1,000 events a minute for 3 days; 20 bad a minute in the last hour.
    const buckets = threeDays(ago => ({
      good: ago <= 60 ? 980 : 1000,
      total: 1000,
    }));
    const status = computeSloStatus(definition(), buckets, new Date(NOW));

    // 1 h and 5 m: 20 / 1,000 = 0.02 → 0.02 / 0.001 = 20 > 14.4 → page
    const rate = (w: string) => status.burnRates.find(b => b.window === w)!;
    expect(rate('1h').rate).toBeCloseTo(20, 9);
    expect(rate('5m').rate).toBeCloseTo(20, 9);
    // 6 h: 1,200 bad / 360,000 = 0.00333… → 3.33… < 6 (slow page rule quiet)
    expect(rate('6h').rate).toBeCloseTo(10 / 3, 9);
    // 3 d: 1,200 / 4,320,000 → 0.2777… < 1 (ticket rule quiet)
    expect(rate('3d').rate).toBeCloseTo(0.277777777777778, 9);
    expect(rate('1h')).toMatchObject({
      seconds: 3600,
      events: 60_000,
      lowConfidence: false,
    });

    expect(status.state).toBe('page');
    expect(status.firedRule?.id).toBe('page-1h');

    // Window: 4,320,000 events, 1,200 bad.
    expect(status.eventsInWindow).toBe(4_320_000);
    expect(status.badEventsInWindow).toBe(1200);
    // SLI = 1 − 1,200 / 4,320,000 = 0.999722…; C = 0.000277… / 0.001 = 0.2777…
    expect(status.sli).toBeCloseTo(0.999722222222222, 12);
    expect(status.budgetConsumed).toBeCloseTo(0.277777777777778, 9);
    expect(status.budgetRemaining).toBeCloseTo(0.722222222222222, 9);
    // time to exhaustion at the 1 h rate: 0.7222… × 2,592,000 s / 20 = 93,600 s = 26 h
    expect(status.timeToExhaustionSeconds).toBeCloseTo(93_600, 3);

    expect(status).toMatchObject({
      name: 'checkout-availability',
      target: 0.999,
      window: 'rolling 30d',
      windowStart: '2026-09-15T12:00:00.000Z',
      windowEnd: '2026-10-15T12:00:00.000Z',
      windowSeconds: 2_592_000,
      elapsedFraction: 1,
      periodToDateBurn: null,
      lastDataAt: '2026-10-15T12:00:00.000Z',
      ignoredBuckets: 0,
      lowConfidence: false,
    });
    // serialisable as it is
    expect(JSON.parse(JSON.stringify(status))).toEqual(status);
  });

  it('does not page when only the long window is high (last 5 m clean)', () => {
    // 20 bad a minute from 60 to 6 minutes ago, none in the last 5 minutes:
    // 1 h = 55 × 20 / 60,000 / 0.001 = 18.33 > 14.4, but 5 m = 0
    const buckets = threeDays(ago => ({
      good: ago > 5 && ago <= 60 ? 980 : 1000,
      total: 1000,
    }));
    const status = computeSloStatus(definition(), buckets, NOW);
    expect(status.burnRates.find(b => b.window === '1h')!.rate).toBeCloseTo(
      18.333333333,
      6,
    );
    expect(status.burnRates.find(b => b.window === '5m')!.rate).toBe(0);
    expect(status.state).toBe('ok');
    expect(status.firedRule).toBeNull();
  });

  it('opens a ticket on a steady burn of 1.5', () => {
    // 3 bad of 2,000 every minute: 0.0015 / 0.001 = 1.5 on every window:
    // above 1 (ticket), below 6 and 14.4 (pages)
    const buckets = threeDays(() => ({ good: 1997, total: 2000 }));
    const status = computeSloStatus(definition(), buckets, NOW);
    expect(status.burnRates.every(b => Math.abs(b.rate! - 1.5) < 1e-9)).toBe(
      true,
    );
    expect(status.state).toBe('ticket');
    expect(status.firedRule?.id).toBe('ticket-3d');
  });

  it('is ok on a healthy service', () => {
    const status = computeSloStatus(
      definition(),
      threeDays(() => ({ good: 1000, total: 1000 })),
      NOW,
    );
    expect(status.state).toBe('ok');
    expect(status.sli).toBe(1);
    expect(status.budgetRemaining).toBe(1);
    // not burning: never exhausted
    expect(status.timeToExhaustionSeconds).toBeNull();
  });

  it('is no-data with no events: every figure is null, never 0 or 1', () => {
    const status = computeSloStatus(definition(), [], NOW);
    expect(status).toMatchObject({
      state: 'no-data',
      sli: null,
      budgetConsumed: null,
      budgetRemaining: null,
      timeToExhaustionSeconds: null,
      eventsInWindow: 0,
      lastDataAt: null,
      firedRule: null,
    });
    expect(
      status.burnRates.every(b => b.rate === null && b.lowConfidence),
    ).toBe(true);

    // zero-traffic buckets: still no data, but we know when data last came in
    const idle = computeSloStatus(
      definition(),
      [{ start: NOW - 10 * MINUTE, durationSeconds: 60, good: 0, total: 0 }],
      NOW,
    );
    expect(idle.state).toBe('no-data');
    expect(idle.sli).toBeNull();
    expect(idle.lastDataAt).toBe('2026-10-15T11:51:00.000Z');
  });

  it('low traffic does not page; the ticket rule with enough events still fires', () => {
    // 1 event a minute; all of the last hour's events fail.
    // 1 h: 60 events (< 100) → low confidence; 30 m: 30 events → low confidence.
    // 3 d: 60 / 4,320 → 13.9 > 1; 6 h: 60 / 360 → 166.7 > 1; both ≥ 100 events.
    const buckets = threeDays(ago => ({ good: ago <= 60 ? 0 : 1, total: 1 }));
    const status = computeSloStatus(definition(), buckets, NOW);
    expect(status.burnRates.find(b => b.window === '1h')).toMatchObject({
      rate: expect.closeTo(1000, 6),
      events: 60,
      lowConfidence: true,
    });
    expect(status.state).toBe('ticket');
    expect(status.firedRule?.id).toBe('ticket-3d');
    expect(status.suppressedRules).toEqual(['page-1h', 'page-6h']);
    expect(status.lowConfidence).toBe(true);
  });

  it('low traffic with only an hour of data: ok, flagged low confidence', () => {
    const buckets = Array.from({ length: 60 }, (_, i) => ({
      start: NOW - (i + 1) * MINUTE,
      durationSeconds: 60,
      good: 0,
      total: 1,
    }));
    const status = computeSloStatus(definition(), buckets, NOW);
    expect(status.state).toBe('ok');
    expect(status.lowConfidence).toBe(true);
    expect(status.suppressedRules).toContain('page-1h');
    // the budget figures are still reported: 60 bad of 60 → C = 1 / 0.001 = 1000
    expect(status.budgetConsumed).toBeCloseTo(1000, 6);
    expect(status.timeToExhaustionSeconds).toBe(0);
  });

  it('honours minEvents', () => {
    const buckets = Array.from({ length: 60 }, (_, i) => ({
      start: NOW - (i + 1) * MINUTE,
      durationSeconds: 60,
      good: 0,
      total: 1,
    }));
    const status = computeSloStatus(definition(), buckets, NOW, {
      minEvents: 1,
    });
    expect(status.state).toBe('page');
  });
});

describe('computeSloStatus: calendar window', () => {
  it('reports the period-to-date burn C / e', () => {
    // October 2026 (UTC, 744 h); now = 16 Oct 00:00 → e = 360 / 744.
    // 360 hourly buckets of 1,000 events, 1 bad each: error 0.001; T = 0.99 → C = 0.1.
    // C / e = 0.1 × 744 / 360 = 0.20666…
    const now = Date.parse('2026-10-16T00:00:00Z');
    const start = Date.parse('2026-10-01T00:00:00Z');
    const buckets = Array.from({ length: 360 }, (_, i) => ({
      start: start + i * HOUR,
      durationSeconds: 3600,
      good: 999,
      total: 1000,
    }));
    const status = computeSloStatus(
      definition({
        target: 0.99,
        window: {
          kind: 'calendar',
          duration: '1M',
          unit: 'M',
          count: 1,
          startTime: null,
          timeZone: 'UTC',
        },
      }),
      buckets,
      now,
    );
    expect(status.window).toBe('calendar 1M (UTC)');
    expect(status.windowStart).toBe('2026-10-01T00:00:00.000Z');
    expect(status.windowEnd).toBe('2026-11-01T00:00:00.000Z');
    expect(status.windowSeconds).toBe(744 * 3600);
    expect(status.elapsedFraction).toBeCloseTo(360 / 744, 12);
    expect(status.budgetConsumed).toBeCloseTo(0.1, 12);
    expect(status.periodToDateBurn).toBeCloseTo(0.206666666666667, 12);
  });
});

describe('budgetBurndown', () => {
  it('falls from 1 to the status figure, by hand on a 4-hour window', () => {
    // T = 0.9; hourly buckets of 100 events with 10, 0, 20, 10 bad:
    // budget = 0.1 × 400 = 40 bad events.
    // t = 0 h: 0 spent → 1; 1 h: 10 → 0.75; 2 h: 10 → 0.75; 3 h: 30 → 0.25; 4 h (now): 40 → 0
    const start = NOW - 4 * HOUR;
    const bad = [10, 0, 20, 10];
    const buckets = bad.map((b, i) => ({
      start: start + i * HOUR,
      durationSeconds: 3600,
      good: 100 - b,
      total: 100,
    }));
    const slo = definition({
      target: 0.9,
      window: { kind: 'rolling', duration: '4h', durationSeconds: 4 * 3600 },
    });
    const series = budgetBurndown(slo, buckets, NOW, 5);
    expect(series.map(p => p.at)).toEqual([
      '2026-10-15T08:00:00.000Z',
      '2026-10-15T09:00:00.000Z',
      '2026-10-15T10:00:00.000Z',
      '2026-10-15T11:00:00.000Z',
      '2026-10-15T12:00:00.000Z',
    ]);
    const remaining = series.map(p => p.remaining!);
    [1, 0.75, 0.75, 0.25, 0].forEach((expected, i) =>
      expect(remaining[i]).toBeCloseTo(expected, 12),
    );
    expect(series.map(p => p.ideal)).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(remaining[4]).toBeCloseTo(
      computeSloStatus(slo, buckets, NOW).budgetRemaining!,
      12,
    );
  });

  it('leaves the future of a calendar period empty, and a window without data null', () => {
    const slo = definition({
      target: 0.99,
      window: {
        kind: 'calendar',
        duration: '1M',
        unit: 'M',
        count: 1,
        startTime: null,
        timeZone: 'UTC',
      },
    });
    const now = Date.parse('2026-10-16T00:00:00Z');
    const buckets = [
      {
        start: Date.parse('2026-10-01T00:00:00Z'),
        durationSeconds: 3600,
        good: 99,
        total: 100,
      },
    ];
    const series = budgetBurndown(slo, buckets, now, 3);
    // points at 1 Oct, 16 Oct 12:00 (half-way through 744 h) and 1 Nov
    expect(series.map(p => p.at)).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-10-16T12:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
    expect(series[0].remaining).toBe(1);
    expect(series[1].remaining).toBeNull();
    expect(series[2].remaining).toBeNull();

    expect(
      budgetBurndown(slo, [], now, 3).every(p => p.remaining === null),
    ).toBe(true);
  });

  it('counts bad slices for Timeslices', () => {
    // 4 one-minute slices, target 0.5 per slice, slices 2 and 4 bad; T = 0.5:
    // budget = 0.5 × 4 = 2 slices → remaining 1, 1, 0.5, 0.5, 0
    const start = NOW - 4 * MINUTE;
    const buckets = [1, 0, 1, 0].map((good, i) => ({
      start: start + i * MINUTE,
      durationSeconds: 60,
      good,
      total: 1,
    }));
    const slo = definition({
      target: 0.5,
      budgetingMethod: 'Timeslices',
      timeSliceTarget: 0.5,
      timeSliceWindowSeconds: 60,
      window: { kind: 'rolling', duration: '4m', durationSeconds: 240 },
    });
    const series = budgetBurndown(slo, buckets, NOW, 5);
    expect(series.map(p => p.remaining)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(computeSloStatus(slo, buckets, NOW).budgetRemaining).toBe(0);
  });
});
