/*
 * What the in-process benchmarks (slo.ts, scale.ts) share.
 */

/**
 * An OpenSLO file of `count` SLOs (`slo-0` …), each a ratio of pushed counts
 * at 99.9 % over a rolling 30 days (no DataSource: the data is pushed).
 */
export function pushedSlosYaml(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: slo-${i}
spec:
  service: bench
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.999
  indicator:
    metadata:
      name: sli-${i}
    spec:
      ratioMetric:
        good:
          metricSource:
            spec:
              query: pushed
        total:
          metricSource:
            spec:
              query: pushed
`,
  ).join('---\n');
}
