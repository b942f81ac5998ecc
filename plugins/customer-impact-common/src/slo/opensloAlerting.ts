import { z } from 'zod';
import { fixedDurationSeconds, parseSloDuration } from './duration';
import {
  alertConditionSpecSchema,
  alertPolicySpecSchema,
} from './opensloSchemas';
import { SloBurnRateCondition } from './types';

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
