import { SupportEventKind } from '@customer-impact/plugin-customer-impact-common';

/** Kind names as a person reads them, singular and plural. */
export const KIND_LABELS: Record<SupportEventKind, [string, string]> = {
  ticket: ['ticket', 'tickets'],
  page: ['page', 'pages'],
  escalation: ['escalation', 'escalations'],
  'manual-exception': ['manual exception', 'manual exceptions'],
};

/** "ticket" for one, "tickets" for any other count. */
export function kindLabel(kind: SupportEventKind, count = 1): string {
  return KIND_LABELS[kind][count === 1 ? 0 : 1];
}
