import {
  computeSloStatus,
  parseSloDefinitions,
} from '@customer-impact/plugin-customer-impact-common';
import { readFileSync } from 'fs';
import path from 'path';
import { SLO_SERIES, sloSamples } from './slo';

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
  const buckets = samples.map(s => ({
    start: Date.parse(s.start as string),
    durationSeconds: s.durationSeconds as number,
    good:
      s.good !== undefined
        ? (s.good as number)
        : (s.total as number) - (s.bad as number),
    total: s.total as number,
  }));
  return computeSloStatus(definition(file, slo), buckets, EVALUATED_AT);
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
