import { EntitySlo, SloFacetConfigured } from './api';
import { evaluateReleaseGate, parseReleaseGatePolicy } from './gate';
import { SLO_HOW_TO } from './howTo';

// The release gate decides from the SLO figures the summary shows; each
// case below states what the figures are and why the gate answers so.

function slo(
  key: string,
  state: EntitySlo['state'],
  budgetRemaining: number | null,
  displayName: string | null = null,
): EntitySlo {
  return {
    key,
    name: key,
    displayName,
    state,
    budgetRemaining,
    window: 'rolling 30d',
    computedAt: '2026-11-21T12:00:00.000Z',
  } as EntitySlo;
}

function facet(slos: EntitySlo[], overrides: Partial<SloFacetConfigured> = {}) {
  return {
    status: 'ok',
    annotation: './slos.yaml',
    sourceLocation: null,
    sourceUrl: null,
    fetchedAt: null,
    fetchError: null,
    lastUpdatedAt: null,
    problems: [],
    slos,
    ...overrides,
  } as SloFacetConfigured;
}

const gate = (slos: EntitySlo[], annotation?: string, over = {}) =>
  evaluateReleaseGate({
    entityRef: 'component:default/checkout',
    facet: facet(slos, over),
    policy: parseReleaseGatePolicy(annotation),
  });

describe('the release gate, by default (no SLO in page, no budget used up)', () => {
  it('blocks while an SLO pages, naming it', () => {
    const result = gate([
      slo('payments', 'page', 0.8, 'Payments availability'),
      slo('latency', 'ok', 0.5),
    ]);
    expect(result).toMatchObject({
      entityRef: 'component:default/checkout',
      allowed: false,
      reasons: ['SLO "Payments availability" (payments) is in page state'],
      rules: ['page', 'exhausted'],
      policy: 'default',
      evaluatedAt: '2026-11-21T12:00:00.000Z',
    });
    expect(result.slos.map(s => [s.key, s.blocking.length])).toEqual([
      ['payments', 1],
      ['latency', 0],
    ]);
  });

  it('blocks while a budget is used up over its window, even without an alert', () => {
    // remaining −0.12: 1 − (−0.12) = 112 % of the budget used.
    expect(gate([slo('billing', 'ok', -0.12)])).toMatchObject({
      allowed: false,
      reasons: [
        'SLO billing has used up its error budget over its window (rolling 30d): 112 % used',
      ],
    });
    // Exactly used up (remaining 0) blocks too.
    expect(gate([slo('billing', 'ok', 0)]).allowed).toBe(false);
  });

  it('allows a ticket and a low budget, and says what it checked and what it did not count', () => {
    expect(
      gate([
        slo('billing', 'ticket', 0.02),
        slo('search', 'no-data', null, 'Search availability'),
      ]),
    ).toMatchObject({
      allowed: true,
      reasons: [
        'no SLO is in page state (2 SLOs checked)',
        'no SLO has used up its error budget (2 SLOs checked)',
        'SLO "Search availability" (search) has no data in its window (rolling 30d): not counted (add no-data to customer-impact/release-gate to block on it)',
      ],
    });
  });
});

describe('the release gate, set by the customer-impact/release-gate annotation', () => {
  it('reads the rules, and min-budget as a percentage', () => {
    expect(
      parseReleaseGatePolicy(' ticket , min-budget: 25% ,no-data'),
    ).toEqual({
      source: 'annotation',
      annotation: 'ticket , min-budget: 25% ,no-data',
      enabled: true,
      rules: [
        { kind: 'ticket' },
        { kind: 'min-budget', fraction: 0.25 },
        { kind: 'no-data' },
      ],
      problems: [],
    });
  });

  it('blocks on a ticket, and on less budget left than required', () => {
    // 0.2 left < 0.25 required.
    const result = gate(
      [slo('billing', 'ticket', 0.2), slo('checkout', 'ok', 0.9)],
      'ticket, min-budget:25%',
    );
    expect(result).toMatchObject({
      allowed: false,
      policy: 'annotation',
      rules: ['ticket', 'min-budget:25%'],
      reasons: [
        'SLO billing is in ticket state',
        "SLO billing has 20 % of its error budget left over rolling 30d, below the 25 % this entity's gate requires",
      ],
    });
    expect(
      gate([slo('checkout', 'ok', 0.9)], 'ticket, min-budget:25%').reasons,
    ).toEqual([
      'no SLO is in page or ticket state (1 SLO checked)',
      'every SLO has at least 25 % of its error budget left (1 SLO checked)',
    ]);
  });

  it('blocks on an SLO without data only with no-data', () => {
    expect(
      gate([slo('search', 'no-data', null)], 'page, no-data'),
    ).toMatchObject({
      allowed: false,
      reasons: ['SLO search has no data in its window (rolling 30d)'],
    });
  });

  it('is off with off, whatever the SLOs', () => {
    expect(gate([slo('payments', 'page', -1)], 'off')).toEqual({
      entityRef: 'component:default/checkout',
      allowed: true,
      reasons: [
        'the release gate is off for this entity (customer-impact/release-gate: off)',
      ],
      rules: [],
      policy: 'off',
      evaluatedAt: null,
      slos: [],
    });
  });

  it('blocks when the annotation cannot be read, saying what to write', () => {
    const result = gate([slo('checkout', 'ok', 0.9)], 'page, budget<10');
    expect(result.allowed).toBe(false);
    expect(result.reasons).toEqual([
      '"budget<10" is not a rule of customer-impact/release-gate: write off, or a list of page, ticket, exhausted, no-data, min-budget:<percent> (e.g. page, min-budget:25%)',
    ]);
  });
});

describe('the release gate without figures', () => {
  it('allows an entity without SLOs: nothing to gate on', () => {
    const result = evaluateReleaseGate({
      entityRef: 'component:default/docs',
      facet: {
        status: 'not-configured',
        lastUpdatedAt: null,
        howTo: SLO_HOW_TO,
        burningDependencies: [],
      },
      policy: parseReleaseGatePolicy(undefined),
    });
    expect(result).toMatchObject({
      allowed: true,
      reasons: [
        'the entity has no SLOs (no customer-impact/openslo annotation): nothing to gate on',
      ],
    });
  });

  it('blocks when the SLOs could not be evaluated', () => {
    const result = evaluateReleaseGate({
      entityRef: 'component:default/checkout',
      facet: { status: 'error', reason: 'database down', lastUpdatedAt: null },
      policy: parseReleaseGatePolicy(undefined),
    });
    expect(result).toMatchObject({
      allowed: false,
      reasons: [
        'the SLOs could not be evaluated (error: database down): the gate cannot decide, so it blocks',
      ],
    });
  });

  it('decides on the definitions read last when they cannot be read again, and says so', () => {
    const result = gate([slo('checkout', 'ok', 0.9)], undefined, {
      status: 'error',
      fetchError: 'NotFoundError: slos.yaml',
    });
    expect(result.allowed).toBe(true);
    expect(result.reasons).toContain(
      'the SLO definitions could not be read again (NotFoundError: slos.yaml): decided on those read last',
    );
  });
});
