#!/usr/bin/env node
// Writes the benchmark organisation as catalog files (one file location):
//   node gen-org.js OUT_DIR N SLO_COMPONENTS
// A 3-level group tree:
//   bench-org (organization)
//     bench-div-00 (department, "platform": owns its N/10 components directly)
//     bench-div-01 … bench-div-09 (departments), each with 10 teams bench-team-DD-TT
// Components bench-service-00000 … : component i is owned by bench-div-00 when
// i % 10 == 0, else by a team; every team component depends on the platform
// component of its block of 10 (so platform components have internal customers).
// The first SLO_COMPONENTS platform components carry an OpenSLO file with two SLOs.
// A deprecated API (bench-legacy-api) is consumed by 100 team components.
// One Journey (bench-onboarding) whose steps point at platform components.
// Prints a JSON manifest on stdout (names the benchmark client picks from).
const fs = require('fs');
const path = require('path');

const [outDir, nArg, sloArg] = process.argv.slice(2);
const N = Number(nArg || 10000);
const SLO_COMPONENTS = Math.min(Number(sloArg || 0), Math.floor(N / 10));
if (!outDir || !(N >= 100)) {
  console.error('usage: gen-org.js OUT_DIR N SLO_COMPONENTS   (N >= 100)');
  process.exit(2);
}
fs.mkdirSync(path.join(outDir, 'slos'), { recursive: true });

const pad = (i, w = 5) => String(i).padStart(w, '0');
const comp = i => `bench-service-${pad(i)}`;
const div = d => `bench-div-${pad(d, 2)}`;
const team = (d, t) => `bench-team-${pad(d, 2)}-${pad(t, 2)}`;
const ownerOf = i =>
  i % 10 === 0 ? div(0) : team(i % 10, Math.floor(i / 10) % 10);
const DEPRECATED_DEPENDENTS = 100;

const docs = [];
const doc = o => docs.push(o);
doc(`apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: bench-org
spec:
  type: organization
  children: [${Array.from({ length: 10 }, (_, d) => div(d)).join(', ')}]
`);
for (let d = 0; d < 10; d++) {
  const teams = d === 0 ? [] : Array.from({ length: 10 }, (_, t) => team(d, t));
  doc(`apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${div(d)}
spec:
  type: department
  parent: bench-org
  children: [${teams.join(', ')}]
`);
  for (const t of teams) {
    doc(`apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${t}
spec:
  type: team
  parent: ${div(d)}
  children: []
`);
  }
}

const sloFile = i => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
  displayName: Availability of ${comp(i)}
spec:
  service: ${comp(i)}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - displayName: Available
      target: 0.999
  indicator:
    metadata:
      name: ${comp(i)}-non-5xx
    spec:
      ratioMetric:
        counter: false
        good:
          metricSource:
            spec:
              query: pushed by the benchmark (requests without 5xx per 5 minutes)
        total:
          metricSource:
            spec:
              query: pushed by the benchmark (requests per 5 minutes)
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: latency
  displayName: Latency of ${comp(i)}
spec:
  service: ${comp(i)}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - displayName: Fast
      target: 0.99
  indicator:
    metadata:
      name: ${comp(i)}-slow
    spec:
      ratioMetric:
        counter: false
        bad:
          metricSource:
            spec:
              query: pushed by the benchmark (requests slower than 300 ms per 5 minutes)
        total:
          metricSource:
            spec:
              query: pushed by the benchmark (requests per 5 minutes)
`;

const sloComponents = [];
const legacyConsumers = [];
for (let i = 0; i < N; i++) {
  const hasSlo = i % 10 === 0 && i / 10 < SLO_COMPONENTS;
  const consumesLegacy =
    i % 10 !== 0 && legacyConsumers.length < DEPRECATED_DEPENDENTS;
  if (hasSlo) {
    sloComponents.push(comp(i));
    fs.writeFileSync(path.join(outDir, 'slos', `${comp(i)}.yaml`), sloFile(i));
  }
  if (consumesLegacy) legacyConsumers.push(comp(i));
  const lines = [
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${comp(i)}
  description: Synthetic component ${pad(i)}
  tags: [bench]`,
  ];
  if (hasSlo)
    lines.push(
      `  annotations:\n    customer-impact/openslo: ./slos/${comp(i)}.yaml`,
    );
  lines.push(`spec:
  type: service
  lifecycle: production
  owner: group:default/${ownerOf(i)}`);
  if (i % 10 !== 0)
    lines.push(`  dependsOn: [component:default/${comp(i - (i % 10))}]`);
  if (consumesLegacy)
    lines.push('  consumesApis: [api:default/bench-legacy-api]');
  else if (i % 10 !== 0 && i % 7 === 0)
    lines.push('  consumesApis: [api:default/bench-api-v2]');
  doc(lines.join('\n') + '\n');
}

doc(`apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: bench-legacy-api
  description: The deprecated API of the benchmark (100 dependents)
  annotations:
    customer-impact/replaced-by: api:default/bench-api-v2
    customer-impact/sunset: "2027-06-30"
    customer-impact/migration-guide: https://example.com/docs/bench/migrate
    customer-impact/deprecation-reason: v2 pages its results.
spec:
  type: openapi
  lifecycle: deprecated
  owner: group:default/${div(0)}
  definition: "openapi: 3.0.0"
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: bench-api-v2
  description: The replacement API of the benchmark
spec:
  type: openapi
  lifecycle: production
  owner: group:default/${div(0)}
  definition: "openapi: 3.0.0"
`);

const journeySteps = [
  ['get-access', 'Get access', 0],
  ['scaffold', 'Create a service from the template', 10],
  ['first-build', 'First build', 20],
  ['first-deploy', 'First deploy', 30],
  ['first-change', 'First change merged', 40],
];
doc(`apiVersion: customer-impact/v1alpha1
kind: Journey
metadata:
  name: bench-onboarding
  title: Benchmark onboarding
spec:
  owner: group:default/${div(0)}
  persona: new-hire
  goldenPath: true
  stages:
    - name: All
      steps:
${journeySteps
  .map(
    ([id, title, c]) =>
      `        - id: ${id}\n          title: ${title}\n          entityRef: component:default/${comp(
        Math.min(c, N - 10),
      )}\n          expectedDuration: PT2H`,
  )
  .join('\n')}
`);

fs.writeFileSync(path.join(outDir, 'catalog.yaml'), docs.join('---\n'));
const teams = [];
for (let d = 1; d < 10; d++)
  for (let t = 0; t < 10; t++) teams.push(team(d, t));
const manifest = {
  n: N,
  groups: 1 + 10 + teams.length,
  platformGroup: div(0),
  platformDirect: Math.ceil(N / 10),
  rootGroup: 'bench-org',
  rootTree: N,
  divisionGroup: div(1),
  divisionTree: Array.from({ length: N }, (_, i) => i).filter(i => i % 10 === 1)
    .length,
  teams,
  sloComponents,
  platformComponents: Array.from({ length: Math.ceil(N / 10) }, (_, k) =>
    comp(k * 10),
  ),
  teamComponentsWithoutSlo: Array.from({ length: N }, (_, i) => i)
    .filter(i => i % 10 !== 0)
    .map(comp),
  deprecatedApi: 'bench-legacy-api',
  deprecatedDependents: legacyConsumers.length,
  journey: 'bench-onboarding',
  journeySteps: journeySteps.map(s => s[0]),
  entities: N + 2 + 1 + 1 + 10 + teams.length,
};
fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest));
console.error(
  `wrote ${N} components, ${manifest.groups} groups, ${sloComponents.length} components with 2 SLOs each, 2 APIs, 1 journey to ${outDir}`,
);
