import {
  computeCompositeStatus,
  computeSloStatus,
  parseSloDefinitions,
} from '@customer-impact/plugin-customer-impact-common';
import { readFileSync } from 'fs';
import path from 'path';
import { SLO_SERIES, demoSliCounts, sloSamples } from './slo';

const EXAMPLES = path.resolve(__dirname, '../../../../examples/slos');
// 12:02:30: the backend computes figures on the 5-minute grid, at 12:00.
const NOW = new Date('2026-11-21T12:02:30Z');
const EVALUATED_AT = Date.parse('2026-11-21T12:00:00Z');

function definition(file: string, name: string) {
  const text = readFileSync(path.join(EXAMPLES, file), 'utf8');
  const found = parseSloDefinitions(text, file).slos.find(s => s.name === name);
  if (!found) {
    throw new Error(`no SLO ${name} in ${file}`);
  }
  return found;
}

function stateOf(file: string, slo: string) {
  const index = SLO_SERIES.findIndex(s => s.slo === slo);
  const samples = sloSamples(SLO_SERIES[index], NOW, 1000 + index);
  return computeSloStatus(
    definition(file, slo),
    samples.map(asBucket),
    EVALUATED_AT,
  );
}

/** A pushed sample as the backend stores it: counts, or one value (1 of 1). */
function asBucket(s: Record<string, unknown>) {
  const base = {
    start: Date.parse(s.start as string),
    durationSeconds: s.durationSeconds as number,
  };
  if (s.value !== undefined) {
    const value = s.value as number;
    return { ...base, good: 1, total: 1, valueMin: value, valueMax: value };
  }
  return {
    ...base,
    good:
      s.good !== undefined
        ? (s.good as number)
        : (s.total as number) - (s.bad as number),
    total: s.total as number,
  };
}

describe('the demo SLO histories', () => {
  it('push 30 days of 5-minute buckets per SLO, the last one ending at the 5-minute grid', () => {
    const samples = sloSamples(SLO_SERIES[0], NOW, 1000);
    expect(samples).toHaveLength(30 * 288);
    expect(samples[samples.length - 1].start).toBe('2026-11-21T11:55:00.000Z');
  });

  it('show each state: healthy, fast burn (page), slow burn (ticket)', () => {
    const checkout = stateOf('checkout-web.yaml', 'checkout-availability');
    expect(checkout.state).toBe('ok');
    expect(checkout.budgetRemaining).toBeGreaterThan(0.5);
    // Its own AlertPolicy decides, not the Workbook table.
    expect(checkout.alerting?.description).toBe(
      'AlertPolicy checkout-paging (1 burn-rate condition)',
    );
    expect(stateOf('checkout-web.yaml', 'checkout-latency').state).toBe('ok');

    const payments = stateOf('payments-service.yaml', 'payments-availability');
    expect(payments.state).toBe('page');
    // 2 % errors against a 0.1 % budget: burning at about 20× over 5 minutes.
    expect(
      payments.burnRates.find(b => b.window === '5m')?.rate,
    ).toBeGreaterThan(14.4);

    const billing = stateOf('billing-service.yaml', 'invoice-runs');
    expect(billing.state).toBe('ticket');
    // 0.25 % against 0.1 %: about 2.5× over 3 days, under the 6× page threshold over 6 h.
    expect(
      billing.burnRates.find(b => b.window === '3d')?.rate,
    ).toBeGreaterThan(2);
    expect(billing.burnRates.find(b => b.window === '6h')?.rate).toBeLessThan(
      6,
    );
    // A threshold metric pushed as values: about 2 % bad slices of 5 %.
    const render = stateOf('billing-service.yaml', 'invoice-render-time');
    expect(render.state).toBe('ok');
    expect(render.slices!.measured).toBe(30 * 288);
    expect(render.sli).toBeGreaterThan(0.96);
    expect(render.sli).toBeLessThan(1);
  });

  it("show a Sloth SLO whose paging is off opening a ticket by Sloth's 1 d / 2 h rule", () => {
    const renewals = stateOf(
      'subscriptions-service.yaml',
      'subscriptions-renewals',
    );
    // The page rules are exceeded (about 20 over 5 m) but disabled.
    expect(
      renewals.burnRates.find(b => b.window === '5m')?.rate,
    ).toBeGreaterThan(14.4);
    expect(renewals.state).toBe('ticket');
    expect(renewals.firedRule?.id).toBe('ticket-1d');
    expect(renewals.alerting?.sloth?.page.disabled).toBe(true);
  });

  it('show a healthy composite: the weighted mean of its objectives’ budgets', () => {
    const text = readFileSync(path.join(EXAMPLES, 'checkout-web.yaml'), 'utf8');
    const all = parseSloDefinitions(text, 'checkout-web.yaml').slos;
    const journey = all.find(s => s.key === 'checkout-journey')!;
    const members = ['checkout-journey:0', 'checkout-journey:1'].map(key => {
      const index = SLO_SERIES.findIndex(s => s.slo === key);
      const buckets = sloSamples(SLO_SERIES[index], NOW, 1000 + index).map(
        s => ({
          start: Date.parse(s.start as string),
          durationSeconds: s.durationSeconds as number,
          good:
            s.good !== undefined
              ? (s.good as number)
              : (s.total as number) - (s.bad as number),
          total: s.total as number,
        }),
      );
      const member = all.find(s => s.key === key)!;
      return {
        definition: member,
        buckets,
        weight: member.compositeOf!.weight,
      };
    });
    const { status, members: figures } = computeCompositeStatus(
      journey,
      members,
      EVALUATED_AT,
    );
    expect(figures.map(m => m.weight)).toEqual([2, 1]);
    expect(status.state).toBe('ok');
    // Page loads spend about 0.1 / 0.5 = 20 %, payments about 0.3 / 1 =
    // 30 %: the weighted mean (2 · 0.2 + 0.3) / 3 ≈ 23 % spent.
    expect(status.budgetConsumed).toBeGreaterThan(0.15);
    expect(status.budgetConsumed).toBeLessThan(0.3);
  });

  it('leave the search service without data', () => {
    expect(
      SLO_SERIES.some(s => s.entityRef === 'component:default/search-service'),
    ).toBe(false);
    const search = computeSloStatus(
      definition('search-service.yaml', 'search-availability'),
      [],
      EVALUATED_AT,
    );
    expect(search.state).toBe('no-data');
    expect(search.sli).toBeNull();
  });
});

describe('the demo SLO histories while the demo runs', () => {
  // The demo started at NOW (12:02:30); later pushes continue its patterns.
  const HOUR = 3_600_000;

  function stateAt(file: string, slo: string, laterMs: number) {
    const index = SLO_SERIES.findIndex(s => s.slo === slo);
    const later = new Date(NOW.getTime() + laterMs);
    const samples = sloSamples(SLO_SERIES[index], later, 1000 + index, {
      origin: NOW,
    });
    const buckets = samples.map(s => ({
      start: Date.parse(s.start as string),
      durationSeconds: s.durationSeconds as number,
      good:
        s.good !== undefined
          ? (s.good as number)
          : (s.total as number) - (s.bad as number),
      total: s.total as number,
    }));
    const evaluatedAt = later.getTime() - (later.getTime() % 300_000);
    return computeSloStatus(definition(file, slo), buckets, evaluatedAt);
  }

  it.each([
    ['5 minutes', 5 * 60_000],
    ['1 hour', HOUR],
    ['6 hours', 6 * HOUR],
    ['20 hours', 20 * HOUR],
  ])('keeps each state %s after the start', (_label, laterMs) => {
    const payments = stateAt(
      'payments-service.yaml',
      'payments-availability',
      laterMs,
    );
    expect(payments.state).toBe('page');
    expect(payments.budgetRemaining).toBeGreaterThan(0);
    expect(stateAt('billing-service.yaml', 'invoice-runs', laterMs).state).toBe(
      'ticket',
    );
    expect(
      stateAt('checkout-web.yaml', 'checkout-availability', laterMs).state,
    ).toBe('ok');
    expect(
      stateAt('checkout-web.yaml', 'checkout-latency', laterMs).state,
    ).toBe('ok');
    const renewals = stateAt(
      'subscriptions-service.yaml',
      'subscriptions-renewals',
      laterMs,
    );
    expect(renewals.state).toBe('ticket');
    expect(renewals.firedRule?.id).toBe('ticket-1d');
  });

  it.each(Array.from({ length: 24 }, (_, hour) => hour))(
    'shows each state whatever the hour it starts at: %i:02:30 UTC',
    hour => {
      // The traffic's daily wave: at night a bucket holds 40 % of the mean.
      const start = new Date(Date.UTC(2026, 11, 7, hour, 2, 30));
      for (const laterMs of [0, 6 * HOUR]) {
        const at = new Date(start.getTime() + laterMs);
        const stateOfAt = (file: string, slo: string) => {
          const index = SLO_SERIES.findIndex(s => s.slo === slo);
          const samples = sloSamples(SLO_SERIES[index], at, 1000 + index, {
            origin: start,
          });
          return computeSloStatus(
            definition(file, slo),
            samples.map(asBucket),
            at.getTime() - (at.getTime() % 300_000),
          ).state;
        };
        expect([
          stateOfAt('payments-service.yaml', 'payments-availability'),
          stateOfAt('billing-service.yaml', 'invoice-runs'),
          stateOfAt('checkout-web.yaml', 'checkout-availability'),
          stateOfAt('checkout-web.yaml', 'checkout-latency'),
          stateOfAt('subscriptions-service.yaml', 'subscriptions-renewals'),
        ]).toEqual(['page', 'ticket', 'ok', 'ok', 'ticket']);
      }
    },
  );

  it('gives a bucket the same counts on every push (a pure function of its start and the origin)', () => {
    const spec = SLO_SERIES[2];
    const origin = NOW.getTime() - (NOW.getTime() % 300_000);
    const bucket = Date.parse('2026-11-21T11:30:00Z');
    const counts = demoSliCounts(spec, bucket, origin, 1002);
    expect(demoSliCounts(spec, bucket, origin, 1002)).toEqual(counts);
    // In the fast burn: 2 % of the bucket's requests fail, rounded down or
    // up (up with the probability of the fraction).
    expect([
      Math.floor(counts.total * 0.02),
      Math.ceil(counts.total * 0.02),
    ]).toContain(counts.total - counts.good);

    const atStart = sloSamples(spec, NOW, 1002);
    const later = sloSamples(spec, new Date('2026-11-21T13:07:10Z'), 1002, {
      origin: NOW,
    });
    const byStart = new Map(later.map(s => [s.start, s]));
    // The buckets pushed at start are pushed again unchanged ...
    for (const s of atStart.slice(-300)) {
      expect(byStart.get(s.start as string)).toEqual(s);
    }
    // ... and the later push ends at the later grid point.
    expect(later[later.length - 1].start).toBe('2026-11-21T13:00:00.000Z');
  });

  it('pushes only the buckets from `from` on after the first push', () => {
    const samples = sloSamples(
      SLO_SERIES[0],
      new Date('2026-11-21T12:10:02Z'),
      1000,
      {
        origin: NOW,
        from: new Date('2026-11-21T11:03:00Z'),
      },
    );
    expect(samples.map(s => s.start)[0]).toBe('2026-11-21T11:00:00.000Z');
    expect(samples[samples.length - 1].start).toBe('2026-11-21T12:05:00.000Z');
    expect(samples).toHaveLength(14);
  });
});
