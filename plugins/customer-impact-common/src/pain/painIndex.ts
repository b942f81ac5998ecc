import { FacetContribution } from '../facet/contribution';
import { PainIndex, PainTerm, PainWeights } from './types';
import { painWeightOf } from './weights';

/**
 * The pain index of one entity from its facets' contributions: one term per
 * measured quantity, `points = weight × quantity`, and `value = Σ points`.
 * A facet that measured nothing (`no-data`, `not-configured`, `error`)
 * contributes no term and is listed under `noData`; when no facet measured
 * anything the value is null, never 0.
 *
 * @public
 */
export function computePainIndex(
  contributions: ReadonlyArray<FacetContribution>,
  options: { weights: PainWeights; window: { from: string; to: string } },
): PainIndex {
  const terms: PainTerm[] = [];
  const noData: string[] = [];
  let measured = false;
  for (const contribution of contributions) {
    if (contribution.status !== 'ok') {
      noData.push(contribution.facet);
      continue;
    }
    measured = true;
    for (const q of contribution.quantities) {
      const weight = painWeightOf(options.weights, contribution.facet, q.id);
      terms.push({
        facet: contribution.facet,
        id: q.id,
        label: q.label,
        quantity: q.quantity,
        unit: q.unit,
        weight,
        points: weight * q.quantity,
        ...(q.detail ? { detail: q.detail } : {}),
      });
    }
  }
  // Highest points first; ties in the facets' own order (sort is stable).
  terms.sort((a, b) => b.points - a.points);
  return {
    value: measured ? terms.reduce((sum, t) => sum + t.points, 0) : null,
    window: options.window,
    terms,
    noData,
  };
}

/**
 * A number as the explanation writes it: at most one decimal, no trailing
 * `.0` (6.666… → "6.7", 20 → "20").
 *
 * @public
 */
export function formatPainNumber(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * A count's label for exactly one: the first plural word made singular
 * ("SLOs in page" → "SLO in page", "stuck reports at …" → "stuck report
 * at …", "deprecated dependencies …" → "deprecated dependency …").
 */
function singular(label: string): string {
  const words = label.split(' ');
  const i = words.findIndex(w => /^[A-Za-z]{3,}s$/.test(w));
  if (i >= 0) {
    const w = words[i];
    words[i] = w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.slice(0, -1);
  }
  return words.join(' ');
}

/**
 * A quantity as a person reads it, e.g. "6.7 pages a week", "1 page a week",
 * "35 % of the error budget burnt beyond plan", "1.5× over the expected time".
 *
 * @public
 */
export function describePainQuantity(
  term: Pick<PainTerm, 'label' | 'quantity' | 'unit'>,
): string {
  switch (term.unit) {
    case 'fraction':
      return `${formatPainNumber(term.quantity * 100)} % ${term.label}`;
    case 'times':
      return `${formatPainNumber(term.quantity)}× ${term.label}`;
    default:
      return formatPainNumber(term.quantity) === '1'
        ? `1 ${singular(term.label)}`
        : `${formatPainNumber(term.quantity)} ${term.label}`;
  }
}

/**
 * One part of the explanation: "20 from 6.7 pages a week", with its term so
 * that a card can link it to its facet.
 *
 * @public
 */
export interface PainExplanationPart {
  text: string;
  term: PainTerm;
}

/**
 * The pain index explained the way a person reads it:
 * "42 = 20 from 6.7 pages a week + 15 from 30 stuck reports at 'Request a
 * database' + …". Only terms with points are named; a measured index of 0
 * says what was measured; no data says "no data".
 *
 * @public
 */
export function explainPainIndex(index: PainIndex): {
  text: string;
  parts: PainExplanationPart[];
} {
  if (index.value === null) {
    return { text: 'no data', parts: [] };
  }
  const parts = index.terms
    .filter(t => t.points > 0)
    .map(term => ({
      text: `${formatPainNumber(term.points)} from ${describePainQuantity(
        term,
      )}`,
      term,
    }));
  if (parts.length === 0) {
    return {
      text: `0: measured, and nothing hurts (${index.terms
        .map(describePainQuantity)
        .join(', ')})`,
      parts: [],
    };
  }
  return {
    text: `${formatPainNumber(index.value)} = ${parts
      .map(p => p.text)
      .join(' + ')}`,
    parts,
  };
}
