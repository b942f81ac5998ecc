import { ANNOTATION_RELEASE_GATE } from '../annotations';
import { EntitySlo, SloFacet } from './api';

/**
 * One rule of a release gate. The release is blocked while:
 *
 * - `page`: an SLO is in page state;
 * - `ticket`: an SLO is in page or ticket state;
 * - `exhausted`: an SLO has used up its error budget over its window
 *   (remaining ≤ 0);
 * - `min-budget`: an SLO has less than `fraction` of its budget left;
 * - `no-data`: an SLO has no data in its window.
 *
 * @public
 */
export type ReleaseGateRule =
  | { kind: 'page' }
  | { kind: 'ticket' }
  | { kind: 'exhausted' }
  | { kind: 'min-budget'; fraction: number }
  | { kind: 'no-data' };

/**
 * The rules that gate an entity's releases.
 *
 * @public
 */
export interface ReleaseGatePolicy {
  /** `default` (no annotation), or `annotation`. */
  source: 'default' | 'annotation';
  /** The annotation as written, or null. */
  annotation: string | null;
  /** False for `off`: the gate always allows. */
  enabled: boolean;
  rules: ReleaseGateRule[];
  /** Parts of the annotation that could not be read (the gate then blocks). */
  problems: string[];
}

/**
 * The default gate: no SLO in page state, and no error budget used up over
 * its window.
 *
 * @public
 */
export const DEFAULT_RELEASE_GATE_RULES: readonly ReleaseGateRule[] = [
  { kind: 'page' },
  { kind: 'exhausted' },
];

/**
 * Reads an entity's `customer-impact/release-gate` annotation: `off`, or a
 * comma-separated list of `page`, `ticket`, `exhausted`, `no-data` and
 * `min-budget:<percent>` (e.g. `page, min-budget:25%`). Without the
 * annotation (or with an empty one) the default rules apply
 * (`page, exhausted`). A part that cannot be read is listed in `problems`: a gate
 * that cannot be read blocks rather than allows.
 *
 * @public
 */
export function parseReleaseGatePolicy(
  annotation: string | undefined | null,
): ReleaseGatePolicy {
  const text = annotation?.trim() ?? '';
  if (!text) {
    return {
      source: 'default',
      annotation: null,
      enabled: true,
      rules: [...DEFAULT_RELEASE_GATE_RULES],
      problems: [],
    };
  }
  if (text.toLowerCase() === 'off') {
    return {
      source: 'annotation',
      annotation: text,
      enabled: false,
      rules: [],
      problems: [],
    };
  }
  const rules: ReleaseGateRule[] = [];
  const problems: string[] = [];
  for (const part of text
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)) {
    const word = part.toLowerCase();
    const budget = /^min-budget:\s*(\d+(?:\.\d+)?)\s*%$/.exec(word);
    if (word === 'page' || word === 'ticket' || word === 'exhausted') {
      rules.push({ kind: word });
    } else if (word === 'no-data') {
      rules.push({ kind: 'no-data' });
    } else if (budget && Number(budget[1]) > 0 && Number(budget[1]) <= 100) {
      rules.push({ kind: 'min-budget', fraction: Number(budget[1]) / 100 });
    } else {
      problems.push(
        `"${part}" is not a rule of ${ANNOTATION_RELEASE_GATE}: write off, or a list of page, ticket, exhausted, no-data, min-budget:<percent> (e.g. page, min-budget:25%)`,
      );
    }
  }
  return {
    source: 'annotation',
    annotation: text,
    enabled: true,
    rules,
    problems,
  };
}

/**
 * One SLO as the gate saw it.
 *
 * @public
 */
export interface ReleaseGateSlo {
  key: string;
  name: string;
  displayName: string | null;
  state: EntitySlo['state'];
  /** e.g. `rolling 30d`. */
  window: string;
  budgetRemaining: number | null;
  /** Why this SLO blocks the release; empty when it does not. */
  blocking: string[];
}

/**
 * Response of an entity's `release-gate` route:
 * whether a release of the entity may go ahead by its SLOs, and why.
 *
 * @public
 */
export interface ReleaseGateResponse {
  entityRef: string;
  /** False when any rule blocks (or the gate cannot decide). */
  allowed: boolean;
  /**
   * Why: when blocked, each thing that blocks; when allowed, each rule that
   * was checked and passed (and SLOs that were not counted).
   */
  reasons: string[];
  /** The rules applied, in the annotation's words (e.g. `page`, `min-budget:25%`). */
  rules: string[];
  /** Where the rules come from. */
  policy: 'default' | 'annotation' | 'off';
  /** When the SLO figures were computed (ISO 8601), or null without SLOs. */
  evaluatedAt: string | null;
  slos: ReleaseGateSlo[];
}

function ruleText(rule: ReleaseGateRule): string {
  return rule.kind === 'min-budget'
    ? `min-budget:${Math.round(rule.fraction * 10000) / 100}%`
    : rule.kind;
}

function percent(value: number): string {
  return `${(Math.round(value * 1000) / 10).toString()} %`;
}

function sloName(slo: EntitySlo): string {
  const name = slo.displayName ?? slo.name;
  return name === slo.key ? `SLO ${slo.key}` : `SLO "${name}" (${slo.key})`;
}

/**
 * Decides a release gate from an entity's SLO facet and its policy: pure, so
 * the backend route and the SLO card give the same answer.
 *
 * - An entity without SLOs (no annotation) is allowed: nothing to gate on.
 * - A facet that failed, or definitions never read, block: the gate cannot
 *   decide. Definitions that cannot be read again keep the last ones read
 *   (and say so).
 * - SLOs without figures (no data, an indicator that cannot be computed)
 *   block only with the `no-data` rule; otherwise they are named as not
 *   counted.
 *
 * @public
 */
export function evaluateReleaseGate(input: {
  entityRef: string;
  facet: SloFacet;
  policy: ReleaseGatePolicy;
}): ReleaseGateResponse {
  const { entityRef, facet, policy } = input;
  const rules = policy.rules.map(ruleText);
  const base = {
    entityRef,
    rules,
    policy: policy.enabled ? policy.source : ('off' as const),
  };
  if (!policy.enabled) {
    return {
      ...base,
      allowed: true,
      reasons: [
        `the release gate is off for this entity (${ANNOTATION_RELEASE_GATE}: ${policy.annotation})`,
      ],
      evaluatedAt: null,
      slos: [],
    };
  }
  if (facet.status === 'not-configured') {
    return {
      ...base,
      allowed: policy.problems.length === 0,
      reasons: [
        ...policy.problems,
        'the entity has no SLOs (no customer-impact/openslo annotation): nothing to gate on',
      ],
      evaluatedAt: null,
      slos: [],
    };
  }
  if (
    !('slos' in facet) ||
    (facet.slos.length === 0 && facet.status !== 'ok')
  ) {
    return {
      ...base,
      allowed: false,
      reasons: [
        ...policy.problems,
        `the SLOs could not be evaluated (${facet.status}${
          facet.reason ? `: ${facet.reason}` : ''
        }): the gate cannot decide, so it blocks`,
      ],
      evaluatedAt: null,
      slos: [],
    };
  }

  const has = (kind: ReleaseGateRule['kind']) =>
    policy.rules.some(r => r.kind === kind);
  const minBudget = policy.rules
    .filter(
      (r): r is { kind: 'min-budget'; fraction: number } =>
        r.kind === 'min-budget',
    )
    .reduce((max, r) => Math.max(max, r.fraction), 0);
  const notCounted: string[] = [];
  const slos: ReleaseGateSlo[] = facet.slos.map(slo => {
    const blocking: string[] = [];
    const name = sloName(slo);
    if (slo.state === 'page' && (has('page') || has('ticket'))) {
      blocking.push(`${name} is in page state`);
    } else if (slo.state === 'ticket' && has('ticket')) {
      blocking.push(`${name} is in ticket state`);
    }
    const remaining = slo.budgetRemaining;
    if (remaining === null) {
      if (has('no-data')) {
        blocking.push(`${name} has no data in its window (${slo.window})`);
      } else {
        notCounted.push(
          `${name} has no data in its window (${slo.window}): not counted (add no-data to ${ANNOTATION_RELEASE_GATE} to block on it)`,
        );
      }
    } else if (remaining <= 0 && has('exhausted')) {
      blocking.push(
        `${name} has used up its error budget over its window (${
          slo.window
        }): ${percent(1 - remaining)} used`,
      );
    } else if (minBudget > 0 && remaining < minBudget) {
      blocking.push(
        `${name} has ${percent(remaining)} of its error budget left over ${
          slo.window
        }, below the ${percent(minBudget)} this entity's gate requires`,
      );
    }
    return {
      key: slo.key,
      name: slo.name,
      displayName: slo.displayName,
      state: slo.state,
      window: slo.window,
      budgetRemaining: remaining,
      blocking,
    };
  });

  const blocked = slos.flatMap(s => s.blocking);
  const stale =
    facet.status === 'error'
      ? [
          `the SLO definitions could not be read again (${
            facet.fetchError ?? facet.reason
          }): decided on those read last`,
        ]
      : [];
  const checked = `${facet.slos.length} SLO${
    facet.slos.length === 1 ? '' : 's'
  } checked`;
  const passed = policy.rules.map(rule => {
    switch (rule.kind) {
      case 'page':
        return `no SLO is in page state (${checked})`;
      case 'ticket':
        return `no SLO is in page or ticket state (${checked})`;
      case 'exhausted':
        return `no SLO has used up its error budget (${checked})`;
      case 'min-budget':
        return `every SLO has at least ${percent(
          rule.fraction,
        )} of its error budget left (${checked})`;
      default:
        return `every SLO has data (${checked})`;
    }
  });
  const allowed = blocked.length === 0 && policy.problems.length === 0;
  return {
    ...base,
    allowed,
    reasons: allowed
      ? [...passed, ...notCounted, ...stale]
      : [...policy.problems, ...blocked, ...stale],
    evaluatedAt: facet.slos[0]?.computedAt ?? null,
    slos,
  };
}
