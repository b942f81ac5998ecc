#!/usr/bin/env node
/*
 * Sums up the garbage collections of a backend that ran with
 * BENCH_V8_FLAGS=--trace-gc-nvp (see scratch/benchProbe.ts): how many of each
 * kind, the longest pauses, and for the longest mark-compact pauses the
 * phases that took the time, how much the heap held before and after, and
 * the benchmark's window they fell in (the probe's resets that name one,
 * `seed-slo`, `mixed`, a timed series: the log holds both in order).
 *
 *   node scripts/bench/gc.js <backend log> [--top 8]
 */
const fs = require('fs');

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bench/gc.js <backend log> [--top N]');
  process.exit(2);
}
const topAt = rest.indexOf('--top');
const TOP = topAt >= 0 ? Number(rest[topAt + 1]) : 8;
const KINDS = { s: 'scavenge', mc: 'mark-compact', ms: 'minor mark-sweep' };
// The phases worth naming (each line holds about a hundred, most of them 0).
const PHASES = [
  'mark',
  'clear',
  'evacuate',
  'sweep',
  'finish',
  'incremental',
  'background.mark',
];

const rows = [];
let window = '(start)';
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  const reset = /bench-probe\/stats\?reset=true(?:&window=([^\s&"]+))?/.exec(
    line,
  );
  if (reset) {
    window = reset[1] ? decodeURIComponent(reset[1]) : '(between windows)';
    continue;
  }
  const at = /(\d+) ms: pause=/.exec(line);
  if (!at) continue;
  const fields = Object.fromEntries(
    [...line.matchAll(/(\S+)=(\S+)/g)].map(m => [m[1], m[2]]),
  );
  rows.push({
    at: Number(at[1]),
    ...fields,
    pause: Number(fields.pause),
    window,
  });
}
if (rows.length === 0) {
  console.error(`no --trace-gc-nvp lines in ${file}`);
  process.exit(1);
}
const mib = bytes => `${(Number(bytes) / 1048576).toFixed(0)} MiB`;
for (const [code, name] of Object.entries(KINDS)) {
  const of = rows.filter(r => r.gc === code);
  if (of.length === 0) continue;
  const pauses = of.map(r => r.pause).sort((a, b) => a - b);
  const sum = pauses.reduce((a, b) => a + b, 0);
  console.log(
    `${name}: ${of.length} collections, pause total ${sum.toFixed(
      0,
    )} ms, median ${pauses[Math.floor(pauses.length / 2)]} ms, longest ${
      pauses[pauses.length - 1]
    } ms; ${of.filter(r => r.pause >= 50).length} of 50 ms or more`,
  );
}
const windows = [...new Set(rows.map(r => r.window))];
if (windows.length > 1) {
  console.log(
    '\nby window (longest pause of each kind; pauses of 50 ms or more):',
  );
  for (const w of windows) {
    const of = rows.filter(r => r.window === w);
    const max = code =>
      Math.max(0, ...of.filter(r => r.gc === code).map(r => r.pause));
    const reducer = of.filter(
      r => r.gc === 'mc' && r.reduce_memory === '1',
    ).length;
    console.log(
      `  ${w}: scavenge ${max('s')} ms, mark-compact ${max('mc')} ms (${
        of.filter(r => r.gc === 'mc').length
      }, ${reducer} by the memory reducer); ${
        of.filter(r => r.pause >= 50).length
      } of 50 ms or more`,
    );
  }
}
const longest = rows
  .filter(r => r.gc === 'mc')
  .sort((a, b) => b.pause - a.pause)
  .slice(0, TOP);
if (longest.length > 0) {
  console.log(`\nlongest mark-compact pauses (ms; heap before -> after):`);
  for (const r of longest) {
    const phases = PHASES.map(p => `${p} ${r[p] ?? '?'}`).join(', ');
    console.log(
      `  at ${(r.at / 1000).toFixed(1)} s (${r.window}): ${r.pause} ms${
        r.reduce_memory === '1' ? ' (memory reducer)' : ''
      }; ${phases}; ${mib(r.total_size_before)} -> ${mib(r.total_size_after)}`,
    );
  }
}
