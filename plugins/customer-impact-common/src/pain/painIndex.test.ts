import { FacetContribution } from '../facet/contribution';
import {
  computePainIndex,
  describePainQuantity,
  explainPainIndex,
  formatPainNumber,
} from './painIndex';
import { DEFAULT_PAIN_WEIGHTS } from './weights';

const window = {
  from: '2026-10-26T00:00:00.000Z',
  to: '2026-11-23T00:00:00.000Z',
};

function contribution(
  facet: string,
  status: FacetContribution['status'],
  quantities: FacetContribution['quantities'] = [],
): FacetContribution {
  return { facet, status, quantities, window };
}

/**
 * The worked example, by hand with the default weights:
 * - support over 4 weeks: 27 pages → 6.75 a week × 5 = 33.75 points;
 *   2 escalations → 0.5 a week × 4 = 2; 1 manual exception → 0.25 × 3 = 0.75;
 *   8 tickets → 2 a week × 1 = 2;
 * - journeys: 30 stuck reports at 'Request a database' × 0.5 = 15; the step
 *   takes 2.5× its expected time, 1.5× over × 2 = 3;
 * - SLOs: no data; deprecation: not set up.
 * value = 33.75 + 2 + 0.75 + 2 + 15 + 3 = 56.5
 */
const example = [
  contribution('supportLoad', 'ok', [
    {
      id: 'pages-per-week',
      label: 'pages a week',
      quantity: 27 / 4,
      unit: 'per-week',
    },
    {
      id: 'escalations-per-week',
      label: 'escalations a week',
      quantity: 2 / 4,
      unit: 'per-week',
    },
    {
      id: 'manual-exceptions-per-week',
      label: 'manual exceptions a week',
      quantity: 1 / 4,
      unit: 'per-week',
    },
    {
      id: 'tickets-per-week',
      label: 'tickets a week',
      quantity: 8 / 4,
      unit: 'per-week',
    },
  ]),
  contribution('slos', 'no-data'),
  contribution('journeys', 'ok', [
    {
      id: 'stuck-reports',
      label: "stuck reports at 'Request a database'",
      quantity: 30,
      unit: 'count',
      detail: 'journey:default/new-service#database',
    },
    {
      id: 'time-over-expected',
      label: "over the expected time at 'Request a database'",
      quantity: 1.5,
      unit: 'times',
      detail: 'journey:default/new-service#database',
    },
  ]),
  contribution('deprecation', 'not-configured'),
];

describe('computePainIndex', () => {
  it('sums weight × quantity over the measured facets (worked example)', () => {
    const index = computePainIndex(example, {
      weights: DEFAULT_PAIN_WEIGHTS,
      window,
    });
    expect(index.value).toBe(56.5);
    expect(index.window).toEqual(window);
    expect(index.noData).toEqual(['slos', 'deprecation']);
    expect(index.terms.map(t => [t.facet, t.id, t.weight, t.points])).toEqual([
      ['supportLoad', 'pages-per-week', 5, 33.75],
      ['journeys', 'stuck-reports', 0.5, 15],
      ['journeys', 'time-over-expected', 2, 3],
      // Two terms of 2 points: in the facets' order.
      ['supportLoad', 'escalations-per-week', 4, 2],
      ['supportLoad', 'tickets-per-week', 1, 2],
      ['supportLoad', 'manual-exceptions-per-week', 3, 0.75],
    ]);
    expect(index.terms[1].detail).toBe('journey:default/new-service#database');
  });

  it('takes configured weights over the defaults, one quantity at a time', () => {
    const index = computePainIndex(example, {
      weights: { supportLoad: { 'tickets-per-week': 2.5 } },
      window,
    });
    // Tickets 2 a week × 2.5 = 5 instead of 2: 56.5 − 2 + 5 = 59.5.
    expect(index.value).toBe(59.5);
    expect(index.terms.find(t => t.id === 'tickets-per-week')).toMatchObject({
      weight: 2.5,
      points: 5,
    });
    expect(index.terms.find(t => t.id === 'pages-per-week')?.weight).toBe(5);
  });

  it('is null, not 0, when no facet measured anything', () => {
    const index = computePainIndex(
      [
        contribution('supportLoad', 'no-data'),
        contribution('slos', 'not-configured'),
        contribution('journeys', 'error'),
      ],
      { weights: DEFAULT_PAIN_WEIGHTS, window },
    );
    expect(index.value).toBeNull();
    expect(index.terms).toEqual([]);
    expect(index.noData).toEqual(['supportLoad', 'slos', 'journeys']);
  });

  it('is a measured 0 when a facet measured only zeros', () => {
    const index = computePainIndex(
      [
        contribution('supportLoad', 'ok', [
          {
            id: 'tickets-per-week',
            label: 'tickets a week',
            quantity: 0,
            unit: 'per-week',
          },
        ]),
      ],
      { weights: DEFAULT_PAIN_WEIGHTS, window },
    );
    expect(index.value).toBe(0);
    expect(index.terms).toHaveLength(1);
  });

  it('gives a quantity nobody weighted a term of 0 points', () => {
    const index = computePainIndex(
      [
        contribution('newFacet', 'ok', [
          { id: 'things', label: 'things', quantity: 7, unit: 'count' },
        ]),
      ],
      { weights: {}, window },
    );
    expect(index.value).toBe(0);
    expect(index.terms[0]).toMatchObject({ weight: 0, points: 0, quantity: 7 });
  });
});

describe('explainPainIndex', () => {
  it('reads as a sum of named terms (worked example)', () => {
    const index = computePainIndex(example, {
      weights: DEFAULT_PAIN_WEIGHTS,
      window,
    });
    const { text, parts } = explainPainIndex(index);
    // 33.75 → 33.8; 6.75 → 6.8; 0.75 → 0.8; 0.25 → 0.3 (half up).
    expect(text).toBe(
      '56.5 = 33.8 from 6.8 pages a week' +
        " + 15 from 30 stuck reports at 'Request a database'" +
        " + 3 from 1.5× over the expected time at 'Request a database'" +
        ' + 2 from 0.5 escalations a week' +
        ' + 2 from 2 tickets a week' +
        ' + 0.8 from 0.3 manual exceptions a week',
    );
    expect(parts.map(p => p.term.facet)).toEqual([
      'supportLoad',
      'journeys',
      'journeys',
      'supportLoad',
      'supportLoad',
      'supportLoad',
    ]);
  });

  it('writes fractions as percentages', () => {
    const index = computePainIndex(
      [
        contribution('slos', 'ok', [
          {
            id: 'budget-beyond-plan',
            label: 'of the error budget burnt beyond plan',
            quantity: 0.35,
            unit: 'fraction',
          },
          {
            id: 'slos-in-page',
            label: 'SLOs in page',
            quantity: 1,
            unit: 'count',
          },
        ]),
      ],
      { weights: DEFAULT_PAIN_WEIGHTS, window },
    );
    // 10 × 1 = 10; 10 × 0.35 = 3.5.
    expect(explainPainIndex(index).text).toBe(
      '13.5 = 10 from 1 SLO in page + 3.5 from 35 % of the error budget burnt beyond plan',
    );
  });

  it('says "no data" for null and what was measured for a measured 0', () => {
    expect(
      explainPainIndex({ value: null, window, terms: [], noData: ['slos'] })
        .text,
    ).toBe('no data');
    const zero = computePainIndex(
      [
        contribution('supportLoad', 'ok', [
          {
            id: 'tickets-per-week',
            label: 'tickets a week',
            quantity: 0,
            unit: 'per-week',
          },
          {
            id: 'pages-per-week',
            label: 'pages a week',
            quantity: 0,
            unit: 'per-week',
          },
        ]),
      ],
      { weights: DEFAULT_PAIN_WEIGHTS, window },
    );
    expect(explainPainIndex(zero).text).toBe(
      '0: measured, and nothing hurts (0 tickets a week, 0 pages a week)',
    );
  });

  it('says a count or rate of one in the singular', () => {
    const one = (label: string) =>
      describePainQuantity({ label, quantity: 1, unit: 'count' });
    expect(one('SLOs in page')).toBe('1 SLO in page');
    expect(one("stuck reports at 'Request a database'")).toBe(
      "1 stuck report at 'Request a database'",
    );
    expect(one('deprecated dependencies with a sunset within 90 days')).toBe(
      '1 deprecated dependency with a sunset within 90 days',
    );
    expect(one('dependents still on this deprecated entity')).toBe(
      '1 dependent still on this deprecated entity',
    );
    expect(
      describePainQuantity({
        label: 'pages a week',
        quantity: 1,
        unit: 'per-week',
      }),
    ).toBe('1 page a week');
    expect(
      describePainQuantity({
        label: 'pages a week',
        quantity: 1.04,
        unit: 'per-week',
      }),
    ).toBe('1 page a week');
    expect(
      describePainQuantity({
        label: 'pages a week',
        quantity: 1.5,
        unit: 'per-week',
      }),
    ).toBe('1.5 pages a week');
  });

  it('rounds to one decimal without a trailing .0', () => {
    expect(formatPainNumber(20)).toBe('20');
    expect(formatPainNumber(20 / 3)).toBe('6.7');
    expect(formatPainNumber(0.04)).toBe('0');
    expect(formatPainNumber(-0.04)).toBe('0');
  });
});
