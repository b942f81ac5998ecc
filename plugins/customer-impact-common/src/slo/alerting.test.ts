import {
  evaluateBurnRateAlerts,
  scaledThresholds,
  SLOTH_ALERT_RULES,
  SRE_WORKBOOK_ALERT_RULES,
} from './alerting';
import { BURN_RATE_WINDOWS, BurnRateFigure } from './burnRate';

const W30 = 30 * 86400;
const W28 = 28 * 86400;

/**
 * Burn-rate figures for the standard windows; windows not given have rate 1
 * and plenty of events. `low` lists windows with too few events.
 */
function rates(
  given: Record<string, number | null>,
  low: string[] = [],
): BurnRateFigure[] {
  return BURN_RATE_WINDOWS.map(({ window, seconds }) => {
    const rate = window in given ? given[window] : 0.5;
    return {
      window,
      seconds,
      rate,
      lowConfidence: rate === null || low.includes(window),
      events: rate === null ? 0 : 10_000,
      badEvents: 0,
    };
  });
}

describe('the alerting table', () => {
  it('is the SRE Workbook table: short window = long / 12', () => {
    expect(
      SRE_WORKBOOK_ALERT_RULES.map(r => [
        r.longWindow,
        r.shortWindow,
        r.budgetFraction,
        r.action,
      ]),
    ).toEqual([
      ['1h', '5m', 0.02, 'page'],
      ['6h', '30m', 0.05, 'page'],
      ['3d', '6h', 0.1, 'ticket'],
    ]);
    for (const rule of SLOTH_ALERT_RULES) {
      expect(rule.shortWindowSeconds * 12).toBe(rule.longWindowSeconds);
    }
  });

  it('scales to 30 d as 14.4 / 6 / 1 and to 28 d as 13.44 / 5.6 / 0.933…', () => {
    const t30 = scaledThresholds(W30).map(t => t.threshold);
    expect(t30[0]).toBeCloseTo(14.4, 12);
    expect(t30[1]).toBeCloseTo(6, 12);
    expect(t30[2]).toBeCloseTo(1, 12);
    const t28 = scaledThresholds(W28).map(t => t.threshold);
    expect(t28[0]).toBeCloseTo(13.44, 12);
    expect(t28[1]).toBeCloseTo(5.6, 12);
    expect(t28[2]).toBeCloseTo(0.933333333333333, 12);
    // Sloth's extra ticket: 1 d / 2 h at 0.1 × 30 / 1 = 3
    expect(scaledThresholds(W30, SLOTH_ALERT_RULES)[2]).toEqual({
      id: 'ticket-1d',
      threshold: expect.closeTo(3, 12),
    });
  });
});

describe('evaluateBurnRateAlerts (99.9 %, 30 d)', () => {
  it('pages when both 1 h and 5 m are above 14.4', () => {
    const result = evaluateBurnRateAlerts(rates({ '1h': 15, '5m': 20 }), W30);
    expect(result.state).toBe('page');
    expect(result.firedRule).toMatchObject({
      id: 'page-1h',
      action: 'page',
      longRate: 15,
      shortRate: 20,
      fired: true,
    });
    expect(result.firedRule?.threshold).toBeCloseTo(14.4, 12);
  });

  it('does not page when only the long window is high (the problem has stopped)', () => {
    const result = evaluateBurnRateAlerts(rates({ '1h': 15, '5m': 2 }), W30);
    expect(result.state).toBe('ok');
    expect(result.firedRule).toBeNull();
    expect(result.rules[0]).toMatchObject({ id: 'page-1h', exceeded: false });
  });

  it('does not page when only the short window is high (a blip)', () => {
    const result = evaluateBurnRateAlerts(rates({ '1h': 3, '5m': 50 }), W30);
    expect(result.state).toBe('ok');
  });

  it('pages on the slow page rule: 6 h and 30 m above 6', () => {
    const result = evaluateBurnRateAlerts(rates({ '6h': 7, '30m': 8 }), W30);
    expect(result.state).toBe('page');
    expect(result.firedRule?.id).toBe('page-6h');
  });

  it('opens a ticket when 3 d and 6 h are above 1 and no page rule fires', () => {
    const result = evaluateBurnRateAlerts(
      rates({ '3d': 1.5, '6h': 1.2, '1h': 1.2, '5m': 1.2, '30m': 1.2 }),
      W30,
    );
    expect(result.state).toBe('ticket');
    expect(result.firedRule?.id).toBe('ticket-3d');
  });

  it('prefers a page over a ticket when both fire', () => {
    const result = evaluateBurnRateAlerts(
      rates({ '1h': 20, '5m': 20, '3d': 2, '6h': 2 }),
      W30,
    );
    expect(result.state).toBe('page');
    expect(result.rules.filter(r => r.fired).map(r => r.id)).toEqual([
      'page-1h',
      'ticket-3d',
    ]);
  });

  it('is ok when every rate is below its threshold', () => {
    const result = evaluateBurnRateAlerts(rates({}), W30);
    expect(result.state).toBe('ok');
    expect(result.lowConfidence).toBe(false);
  });

  it('does not fire at exactly the threshold (strictly above)', () => {
    // 0.0144 / 0.001 is 14.399999999999999 in floating point: still no page
    const result = evaluateBurnRateAlerts(
      rates({ '1h': 14.4, '5m': 0.0144 / 0.001 }),
      W30,
    );
    expect(result.state).toBe('ok');
  });

  it('uses the window-scaled threshold: 13.5 pages on 28 d but not on 30 d', () => {
    const figures = rates({ '1h': 13.5, '5m': 13.5 });
    expect(evaluateBurnRateAlerts(figures, W28).state).toBe('page');
    expect(evaluateBurnRateAlerts(figures, W30).state).toBe('ok');
  });

  it('is no-data when no rule can be evaluated (no events at all)', () => {
    const allNull = Object.fromEntries(
      BURN_RATE_WINDOWS.map(w => [w.window, null]),
    );
    const result = evaluateBurnRateAlerts(rates(allNull), W30);
    expect(result.state).toBe('no-data');
    expect(result.firedRule).toBeNull();
    expect(result.rules.every(r => !r.evaluable)).toBe(true);
    // no figures at all behaves the same
    expect(evaluateBurnRateAlerts([], W30).state).toBe('no-data');
  });

  it('low traffic: a low-confidence burn rate does not page; the state is ok with a flag', () => {
    const result = evaluateBurnRateAlerts(
      rates({ '1h': 1000, '5m': 1000 }, ['1h', '5m']),
      W30,
    );
    expect(result.state).toBe('ok');
    expect(result.firedRule).toBeNull();
    expect(result.lowConfidence).toBe(true);
    expect(result.suppressedRules).toEqual(['page-1h']);
    expect(result.rules[0]).toMatchObject({
      exceeded: true,
      lowConfidence: true,
      fired: false,
    });
  });

  it('with Sloth rules, 1 d / 2 h above 3 opens a ticket', () => {
    const result = evaluateBurnRateAlerts(
      rates({ '1d': 3.5, '2h': 4 }),
      W30,
      SLOTH_ALERT_RULES,
    );
    expect(result.state).toBe('ticket');
    expect(result.firedRule?.id).toBe('ticket-1d');
    // the Workbook table has no such rule
    expect(
      evaluateBurnRateAlerts(rates({ '1d': 3.5, '2h': 4 }), W30).state,
    ).toBe('ok');
  });
});
