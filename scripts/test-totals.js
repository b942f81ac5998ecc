#!/usr/bin/env node
/*
 * Prints the totals of every suite that ran, from the JSON reports of Jest and
 * Playwright, as one line: "tests: N passed, N failed, N skipped".
 * A missing report counts as a failure, so a run that executed nothing cannot
 * look green. Exits 1 when anything failed or nothing ran.
 */
const fs = require('fs');

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    problems.push(`missing report ${file}`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof report.numPassedTests === 'number') {
    // Jest
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (report.numRuntimeErrorTestSuites > 0) {
      problems.push(`${report.numRuntimeErrorTestSuites} suites failed to run (${file})`);
      failed += report.numRuntimeErrorTestSuites;
    }
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    if (report.errors?.length) {
      problems.push(`${report.errors.length} errors outside tests (${file})`);
      failed += report.errors.length;
    }
  } else {
    problems.push(`unknown report format ${file}`);
    failed += 1;
  }
}

for (const p of problems) console.error(`!!! ${p}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
