/*
 * What the in-process benchmarks (slo.ts, scale.ts, storage.ts, ingest.ts)
 * share.
 */

/** A logger that says nothing (the benchmarks print their own figures). */
export const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** A deterministic PRNG (mulberry32): the same data on every run. */
export function random(initial: number) {
  let a = initial;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
