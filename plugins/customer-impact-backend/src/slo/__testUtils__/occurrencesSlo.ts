import { SloDefinition } from '@customer-impact/plugin-customer-impact-common';

/**
 * An Occurrences SLO at 99 % with a rolling window (30 days unless given),
 * good and total counts, no alerting of its own.
 */
export function occurrencesSlo(
  key = 'availability',
  window: { duration: string; durationSeconds: number } = {
    duration: '30d',
    durationSeconds: 30 * 86400,
  },
): SloDefinition {
  return {
    key,
    name: key,
    displayName: null,
    description: null,
    service: 'checkout',
    target: 0.99,
    budgetingMethod: 'Occurrences',
    timeSliceTarget: null,
    timeSliceWindowSeconds: null,
    window: { kind: 'rolling', ...window },
    indicator: {
      kind: 'ratio',
      name: null,
      counter: false,
      good: {
        query: 'good',
        dataSourceRef: null,
        dataSourceType: null,
        spec: {},
      },
      bad: null,
      total: {
        query: 'total',
        dataSourceRef: null,
        dataSourceType: null,
        spec: {},
      },
      dataSourceRef: null,
    },
    objectiveIndex: 0,
    objectiveName: null,
    alertPolicies: [],
    origin: { source: 'test.yaml', documentIndex: 0, format: 'openslo' },
  };
}
