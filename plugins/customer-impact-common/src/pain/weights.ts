import { PainWeights } from './types';

/**
 * The window of the pain index unless `customerImpact.painIndex.window` says
 * otherwise: the last 4 weeks. Long enough that one bad day does not dominate
 * the ranking, short enough that relief shows within a month.
 *
 * @public
 */
export const DEFAULT_PAIN_WINDOW_WEEKS = 4;

/**
 * The default weights, in points per unit of each quantity. One ticket a
 * week is the unit of pain: one internal customer who had to ask a person
 * for help. The README lists them with the same reasons.
 *
 * @public
 */
export const DEFAULT_PAIN_WEIGHTS: PainWeights = {
  supportLoad: {
    // A page wakes or interrupts an on-call engineer at any hour; the SRE
    // book caps them at 2 per 12-hour shift. Worth 5 tickets.
    'pages-per-week': 5,
    // An escalation: a customer blocked long enough to go up the chain.
    'escalations-per-week': 4,
    // The platform could not serve a request self-service; someone waited
    // for a human to do it by hand.
    'manual-exceptions-per-week': 3,
    // The unit: one customer asking a person for help.
    'tickets-per-week': 1,
  },
  slos: {
    // Customers failing right now at a rate that spends 2–5 % of the budget
    // in hours: as bad as two pages a week.
    'slos-in-page': 10,
    // A slow burn that spends 10 % of the budget in 3 days.
    'slos-in-ticket': 3,
    // Per whole error budget burnt beyond what the elapsed part of the
    // window allows: half a budget over plan is 5 points.
    'budget-beyond-plan': 10,
  },
  journeys: {
    // Each "I'm stuck here" is a person who said so in one click; weighted
    // below a ticket because it costs them less to say.
    'stuck-reports': 0.5,
    // Per whole expected duration over, at the median: a step that takes
    // 3× its expected time is 2 × 2 = 4 points.
    'time-over-expected': 2,
  },
  deprecation: {
    // Each dependent still on a deprecated entity is a team with a
    // migration ahead of it.
    'dependents-left': 1,
    // Each deprecated dependency with a near sunset is a migration this
    // entity's team must finish soon.
    'deprecated-dependencies-near-sunset': 3,
  },
};

/**
 * The weight of one quantity: the configured one, else the default, else 0
 * (a quantity nobody weighted adds a term of 0 points, shown but not counted).
 *
 * @public
 */
export function painWeightOf(
  weights: PainWeights,
  facet: string,
  id: string,
): number {
  return weights[facet]?.[id] ?? DEFAULT_PAIN_WEIGHTS[facet]?.[id] ?? 0;
}
