import { z } from 'zod';
import {
  DocumentContext,
  Problem,
  formatPath,
  problem,
  zodProblems,
} from './definitionsShared';
import { fixedDurationSeconds, parseSloDuration } from './duration';
import {
  alertConditionSpecSchema,
  alertPolicySpecSchema,
  inlineAlertPolicySchema,
} from './opensloSchemas';
import { SloAlertingSpec, SloBurnRateCondition } from './types';

type Path = Array<string | number>;

// OpenSLO AlertPolicy and AlertCondition objects, turned into the burn-rate
// conditions an SLO alerts on (see `evaluateAlertConditions`).

export type AlertPolicySpec = z.infer<typeof alertPolicySpecSchema>;
export type AlertConditionSpec = z.infer<typeof alertConditionSpecSchema>;

const PAGE_SEVERITIES = new Set([
  'page',
  'paging',
  'critical',
  'crit',
  'emergency',
  'urgent',
  'sev0',
  'sev1',
  'sev-0',
  'sev-1',
  'p0',
  'p1',
]);

/**
 * What an AlertCondition's free-text `severity` means for the SLO's state:
 * `page` for page, paging, critical, emergency, urgent, sev0/sev1 and p0/p1
 * (any case); `ticket` for everything else (ticket, warning, sev2, ...).
 *
 * @public
 */
export function severityAction(severity: string): 'page' | 'ticket' {
  return PAGE_SEVERITIES.has(severity.trim().toLowerCase()) ? 'page' : 'ticket';
}

/** Seconds of an `alertAfter` the schema accepted (`0m` is 0; absent is 0). */
export function alertAfterSecondsOf(text: string | undefined): number {
  if (text === undefined || /^0[mhdw]$/.test(text.trim())) {
    return 0;
  }
  return fixedDurationSeconds(parseSloDuration(text)!)!;
}

/** One condition of a policy, resolved. */
export function toBurnRateCondition(
  policy: { name: string; spec: AlertPolicySpec },
  index: number,
  name: string | null,
  spec: AlertConditionSpec,
): SloBurnRateCondition {
  const c = spec.condition;
  const alertAfter = c.alertAfter?.trim() ?? '0m';
  return {
    id: `${policy.name}/${name ?? index}`,
    policy: policy.name,
    name,
    severity: spec.severity,
    action: severityAction(spec.severity),
    op: c.op ?? 'gte',
    threshold: c.threshold,
    lookbackWindow: c.lookbackWindow.trim(),
    lookbackWindowSeconds: fixedDurationSeconds(
      parseSloDuration(c.lookbackWindow)!,
    )!,
    alertAfter,
    alertAfterSeconds: alertAfterSecondsOf(c.alertAfter),
    alertWhenBreaching: policy.spec.alertWhenBreaching ?? true,
    alertWhenNoData: policy.spec.alertWhenNoData ?? false,
    alertWhenResolved: policy.spec.alertWhenResolved ?? false,
  };
}

/** The names of a policy's notification targets (`targetRef`, or an inline target's name). */
export function notificationTargetNames(
  targets: unknown[] | undefined,
): string[] {
  const names: string[] = [];
  for (const target of targets ?? []) {
    if (!target || typeof target !== 'object') continue;
    const record = target as Record<string, unknown>;
    const metadata = record.metadata as Record<string, unknown> | undefined;
    if (typeof record.targetRef === 'string') {
      names.push(record.targetRef);
    } else if (metadata && typeof metadata.name === 'string') {
      names.push(metadata.name);
    }
  }
  return names;
}

/** A policy read from an AlertPolicy document, resolved in `finish`. */
export interface PolicyEntry {
  ctx: DocumentContext;
  name: string;
  displayName: string | null;
  spec: AlertPolicySpec;
}

/** A resolved policy: its conditions, or null when it cannot be used. */
export interface ResolvedPolicy {
  name: string;
  displayName: string | null;
  notificationTargets: string[];
  conditions: SloBurnRateCondition[] | null;
}

/**
 * The rules an SLO alerts with: its AlertPolicies (inline, or named by
 * `alertPolicyRef` or a plain name), else the SRE Workbook table. A
 * reference to no AlertPolicy of the file, or to one that cannot be used,
 * is an error of the SLO.
 */
export function alertingOf(
  ctx: DocumentContext,
  items: unknown[] | undefined,
  problems: Problem[],
  lookups: {
    policies: ReadonlyMap<string, ResolvedPolicy>;
    conditions: ReadonlyMap<string, AlertConditionSpec>;
  },
): { names: string[]; spec: SloAlertingSpec } {
  if (!items || items.length === 0) {
    return { names: [], spec: { kind: 'workbook' } };
  }
  const names: string[] = [];
  const policies: ResolvedPolicy[] = [];
  items.forEach((item, i) => {
    const at: Path = ['spec', 'alertPolicies', i];
    let ref: string | null = null;
    let refPath: Path = at;
    if (typeof item === 'string') {
      ref = item;
    } else if (
      item &&
      typeof item === 'object' &&
      'alertPolicyRef' in (item as object)
    ) {
      const value = (item as { alertPolicyRef: unknown }).alertPolicyRef;
      refPath = [...at, 'alertPolicyRef'];
      if (typeof value !== 'string' || !value) {
        problems.push(
          problem(
            ctx,
            'error',
            refPath,
            `${formatPath([
              ...ctx.prefix,
              ...refPath,
            ])} must be the name of an AlertPolicy`,
          ),
        );
        return;
      }
      ref = value;
    }
    if (ref !== null) {
      names.push(ref);
      const resolved = lookups.policies.get(ref);
      if (!resolved) {
        problems.push(
          problem(
            ctx,
            'error',
            refPath,
            `${formatPath([
              ...ctx.prefix,
              ...refPath,
            ])} "${ref}" names no AlertPolicy in this file: add a kind: AlertPolicy document named ${ref}, write the policy inline, or remove the reference (then the SRE Workbook table applies)`,
          ),
        );
      } else if (!resolved.conditions) {
        problems.push(
          problem(
            ctx,
            'error',
            refPath,
            `${formatPath([
              ...ctx.prefix,
              ...refPath,
            ])} "${ref}" is an AlertPolicy that cannot be used (see its problems)`,
          ),
        );
      } else {
        policies.push(resolved);
      }
      return;
    }
    const inline = inlineAlertPolicySchema.safeParse(item);
    if (!inline.success) {
      problems.push(...zodProblems(ctx, inline.error, at));
      return;
    }
    const entry: PolicyEntry = {
      ctx,
      name: inline.data.metadata.name,
      displayName: inline.data.metadata.displayName ?? null,
      spec: inline.data.spec,
    };
    names.push(entry.name);
    warnAboutConditions(ctx, entry.spec, [...at, 'spec'], problems);
    const resolved = resolvePolicy(
      ctx,
      [...at, 'spec'],
      entry,
      lookups.conditions,
      problems,
    );
    if (resolved.conditions) {
      policies.push(resolved);
    }
  });
  return {
    names,
    spec: {
      kind: 'policies',
      policies: policies.map(p => ({
        name: p.name,
        displayName: p.displayName,
        notificationTargets: p.notificationTargets,
      })),
      conditions: policies.flatMap(p => p.conditions!),
    },
  };
}

/** A policy's conditions, with `conditionRef`s resolved; problems where one is missing. */
export function resolvePolicy(
  ctx: DocumentContext,
  specPath: Path,
  entry: PolicyEntry,
  conditions: ReadonlyMap<string, AlertConditionSpec>,
  problems: Problem[],
): ResolvedPolicy {
  const resolved: SloBurnRateCondition[] = [];
  let ok = true;
  entry.spec.conditions.forEach((condition, i) => {
    if (condition.conditionRef) {
      const spec = conditions.get(condition.conditionRef);
      if (!spec) {
        ok = false;
        const at = [...specPath, 'conditions', i, 'conditionRef'];
        problems.push(
          problem(
            ctx,
            'error',
            at,
            `${formatPath([...ctx.prefix, ...at])} "${
              condition.conditionRef
            }" names no AlertCondition in this file: add a kind: AlertCondition document named ${
              condition.conditionRef
            }, or write the condition inline`,
          ),
        );
        return;
      }
      resolved.push(
        toBurnRateCondition(entry, i, condition.conditionRef, spec),
      );
      return;
    }
    resolved.push(
      toBurnRateCondition(
        entry,
        i,
        condition.metadata?.name ?? null,
        condition.spec!,
      ),
    );
  });
  return {
    name: entry.name,
    displayName: entry.displayName,
    notificationTargets: notificationTargetNames(
      entry.spec.notificationTargets,
    ),
    conditions: ok ? resolved : null,
  };
}

export function warnAboutConditions(
  ctx: DocumentContext,
  spec: AlertPolicySpec,
  specPath: Path,
  problems: Problem[],
) {
  spec.conditions.forEach((condition, i) => {
    if (condition.spec) {
      warnAboutOp(
        ctx,
        condition.spec,
        [...specPath, 'conditions', i, 'spec'],
        problems,
      );
    }
  });
}

export function warnAboutOp(
  ctx: DocumentContext,
  spec: AlertConditionSpec,
  specPath: Path,
  problems: Problem[],
) {
  if (spec.condition.op === undefined) {
    const at = [...specPath, 'condition', 'op'];
    problems.push(
      problem(
        ctx,
        'warning',
        at,
        `${formatPath([
          ...ctx.prefix,
          ...at,
        ])} is not given: read as gte (alert when the burn rate is at least the threshold); write op: gte to say so`,
      ),
    );
  }
}
