#!/usr/bin/env node
// Aggregates the runs of one `yarn bench` into results.json, report.md (the tables
// for docs/benchmarks.md) and latency.svg (p50 against the number of entities).
//   node report.js OUT_DIR [COPY_PLOT_TO]
'use strict';
const fs = require('fs');
const path = require('path');

const [outDir, plotCopy] = process.argv.slice(2);
const read = f => JSON.parse(fs.readFileSync(path.join(outDir, f), 'utf8'));
const machine = read('machine.json');
const setupLast = fs.existsSync(path.join(outDir, 'setup-last.json'))
  ? read('setup-last.json')
  : undefined;
const setupCreated = fs.existsSync(path.join(outDir, 'setup-created.json'))
  ? read('setup-created.json')
  : undefined;
const runs = fs
  .readdirSync(outDir)
  .filter(f => /^run-.*\.json$/.test(f))
  .map(read)
  .filter(r => !r.skipped)
  .sort((a, b) => (a.db === b.db ? a.n - b.n : a.db < b.db ? 1 : -1));
const skipped = fs
  .readdirSync(outDir)
  .filter(f => /^run-.*-skipped\.json$/.test(f))
  .map(read);
const params = process.env.BENCH_COMMAND || 'yarn bench';
fs.writeFileSync(
  path.join(outDir, 'results.json'),
  JSON.stringify(
    { command: params, machine, setupLast, setupCreated, runs, skipped },
    null,
    2,
  ),
);

const f1 = x =>
  x === undefined
    ? '–'
    : x >= 100
    ? Math.round(x).toLocaleString('en-US')
    : x.toFixed(1);
const ratio = x => (x === undefined ? '–' : `${x.toFixed(2)}×`);
const mib = b => `${(b / 1048576).toFixed(1)} MiB`;
const dbName = db => (db === 'pg' ? 'PostgreSQL' : 'SQLite on disk');
const lines = [];
const p = s => lines.push(s);

p(
  `Run ${machine.date} on ${machine.nproc} cores (${machine.cpu}), ${machine.memGiB} GiB, Node ${machine.node}; load average at start ${machine.loadAverageAtStart}; commit ${machine.commit}.`,
);
p('');
p(`Command: \`${process.env.BENCH_COMMAND || 'yarn bench'}\``);
p('');
const v = machine.versions || {};
p(
  `Versions: ${Object.entries(v)
    .map(([k, x]) => `${k} ${x}`)
    .join(', ')}.`,
);
p('');
if (setupCreated)
  p(
    `Scratch copy (tech-insights added): created in ${
      setupCreated.totalSeconds
    } s (copy ${setupCreated.copySeconds} s, \`yarn workspace backend add\` ${
      setupCreated.yarnAddSeconds
    } s); this run's setup: ${
      setupLast ? `${setupLast.totalSeconds} s (${setupLast.kind})` : '?'
    }.`,
  );
p('');
for (const s of skipped) p(`**Skipped:** ${s.db}: ${s.skipped}.`);

for (const db of [...new Set(runs.map(r => r.db))]) {
  const dbRuns = runs.filter(r => r.db === db);
  const big = dbRuns[dbRuns.length - 1];
  p(`### ${dbName(db)}, ${big.n.toLocaleString('en-US')} components`);
  p('');
  p(
    `${big.manifest.sloComponents * 2} SLOs × ${
      big.seed.slo.days
    } days (${big.sloSamplesStored.toLocaleString(
      'en-US',
    )} buckets), ${big.seed.support.items.toLocaleString(
      'en-US',
    )} support events, ${big.seed.journey.items.toLocaleString(
      'en-US',
    )} journey events; ${big.rows[0].reps} timed requests after ${
      big.rows[0].warmup
    } warm-ups, one after another (group views: ${
      (big.rows.find(r => r.id === 'ranking-1k') || {}).reps
    }). Milliseconds.`,
  );
  p('');
  p(
    '| series | n | p50 | p95 | max | p50 / tech-insights | p95 / tech-insights | p50 / catalog read | p95 / catalog read | event loop max |',
  );
  p('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of big.rows) {
    if (r.failed) {
      p(`| ${r.label} | ${r.reps} | **failed: ${r.failed}** | | | | | | | |`);
      continue;
    }
    p(
      `| ${r.label} | ${r.reps} | ${f1(r.p50)} | ${f1(r.p95)} | ${f1(
        r.max,
      )} | ${ratio(r.vsTechInsightsP50)} | ${ratio(
        r.vsTechInsightsP95,
      )} | ${ratio(r.vsCatalogP50)} | ${ratio(r.vsCatalogP95)} | ${
        r.eventLoopMaxMs === undefined ? '–' : f1(r.eventLoopMaxMs)
      } |`,
    );
  }
  p('');
  if (big.interleaved) {
    p(
      `The same comparison interleaved: one request of each series in turn, ${big.interleaved.reps} rounds after ${big.interleaved.warmup} (a drift of the machine's load moves every series of a round alike):`,
    );
    p('');
    p(
      '| series | p50 | p95 | p50 / tech-insights | p95 / tech-insights | p50 / catalog read | p95 / catalog read |',
    );
    p('|---|---|---|---|---|---|---|');
    for (const r of big.interleaved.rows) {
      p(
        `| ${r.label} | ${f1(r.p50)} | ${f1(r.p95)} | ${ratio(
          r.p50VsTi,
        )} | ${ratio(r.p95VsTi)} | ${ratio(r.p50VsCatalog)} | ${ratio(
          r.p95VsCatalog,
        )} |`,
      );
    }
    p('');
  }
  if (dbRuns.length > 1) {
    p(`p50 / p95 by the number of components (${dbName(db)}):`);
    p('');
    p(
      `| series | ${dbRuns
        .map(r => r.n.toLocaleString('en-US'))
        .join(' | ')} |`,
    );
    p(`|---|${dbRuns.map(() => '---').join('|')}|`);
    for (const row of big.rows) {
      p(
        `| ${row.id} | ${dbRuns
          .map(r => {
            const x = r.rows.find(y => y.id === row.id);
            return !x
              ? '–'
              : x.failed
              ? `failed (${x.failed.split(' ').slice(0, 2).join(' ')})`
              : `${f1(x.p50)} / ${f1(x.p95)}`;
          })
          .join(' | ')} |`,
      );
    }
    p('');
  }
  p(
    `Ingest through the push API (${dbName(db)}, ${big.n.toLocaleString(
      'en-US',
    )} components), request time only (wall time, client included, in brackets):`,
  );
  p('');
  p('| SLO buckets stored after | samples/s | push: mean / max ms |');
  p('|---|---|---|');
  for (const c of big.seed.slo.chunks) {
    p(
      `| ${c.storedAfter.toLocaleString(
        'en-US',
      )} | ${c.samplesPerSecond.toLocaleString(
        'en-US',
      )} (${c.samplesPerSecondWall.toLocaleString('en-US')}) | ${
        c.meanPushMs
      } / ${c.maxPushMs} |`,
    );
  }
  p('');
  p(
    `- Support events: ${big.seed.support.perSecond.toLocaleString(
      'en-US',
    )}/s (${big.seed.support.perSecondWall.toLocaleString(
      'en-US',
    )}), batches of ${
      big.seed.support.batch
    }, as the table grew: ${big.seed.support.chunks
      .map(c => c.perSecond.toLocaleString('en-US'))
      .join(' → ')}; longest push ${big.seed.support.maxPushMs} ms.`,
  );
  p(
    `- Journey events: ${big.seed.journey.perSecond.toLocaleString(
      'en-US',
    )}/s (${big.seed.journey.perSecondWall.toLocaleString(
      'en-US',
    )}), batches of ${big.seed.journey.batch}; longest push ${
      big.seed.journey.maxPushMs
    } ms.`,
  );
  const el = x =>
    x
      ? `max ${x.max} ms, p99 ${x.p99} ms${
          x.gcMaxMs !== undefined
            ? ` (longest GC pause ${x.gcMaxMs} ms${
                x.gcMaxKind ? `, ${x.gcMaxKind}` : ''
              }, ${x.gcOver50ms} of 50 ms or more)`
            : ''
        }`
      : '–';
  p(
    `- Event-loop delay of the backend process (monitorEventLoopDelay, 5 ms resolution): during SLO pushes ${el(
      big.seed.slo.eventLoop,
    )}; support pushes ${el(big.seed.support.eventLoop)}; journey pushes ${el(
      big.seed.journey.eventLoop,
    )}; while timing, per series: see the table.`,
  );
  if (big.mixed)
    p(
      `- Pushes and summaries together (${big.mixed.seconds.toFixed(
        0,
      )} s of SLO pushes: ${
        big.mixed.pushes
      } pushes, ${big.mixed.samplesPerSecond.toLocaleString(
        'en-US',
      )} samples/s, push mean ${big.mixed.meanPushMs} ms, max ${
        big.mixed.maxPushMs
      } ms; summaries read one after another meanwhile): ${
        big.mixed.summaries
      } summaries, p50 ${f1(big.mixed.summaryP50)} ms, p95 ${f1(
        big.mixed.summaryP95,
      )} ms, max ${f1(big.mixed.summaryMax)} ms; event loop ${el(
        big.mixed.eventLoop,
      )}.`,
    );
  const row = id => big.rows.find(r => r.id === id);
  const verdict = ok => (ok ? 'met' : '**missed**');
  const targets = [];
  for (const id of [
    'summary-slo',
    'summary-support',
    'summary-noslo',
    'summary-deprecated',
  ]) {
    const r = row(id);
    if (!r || r.failed || r.vsTechInsightsP50 === undefined) continue;
    const ok =
      Math.max(r.vsTechInsightsP50, r.vsTechInsightsP95) <= 0.7 &&
      Math.max(r.vsCatalogP50, r.vsCatalogP95) <= 2;
    targets.push(
      `${r.label}: p50/p95 ${ratio(r.vsTechInsightsP50)}/${ratio(
        r.vsTechInsightsP95,
      )} of tech-insights (target ≤ 0.7×), ${ratio(r.vsCatalogP50)}/${ratio(
        r.vsCatalogP95,
      )} of the catalog read (target ≤ 2×): ${verdict(ok)}`,
    );
  }
  for (const r of big.interleaved ? big.interleaved.rows.slice(2) : []) {
    const ok =
      Math.max(r.p50VsTi, r.p95VsTi) <= 0.7 &&
      Math.max(r.p50VsCatalog, r.p95VsCatalog) <= 2;
    targets.push(
      `${r.label}, interleaved: p50/p95 ${ratio(r.p50VsTi)}/${ratio(
        r.p95VsTi,
      )} of tech-insights (target ≤ 0.7×), ${ratio(r.p50VsCatalog)}/${ratio(
        r.p95VsCatalog,
      )} of the catalog read (target ≤ 2×): ${verdict(ok)}`,
    );
  }
  for (const id of [
    'ranking-1k',
    'ranking-all',
    'ranking-all-computed',
    'rollup-1k',
    'rollup-all',
  ]) {
    const r = row(id);
    if (r && r.failed)
      targets.push(`${r.label}: failed (${r.failed}): **missed**`);
    else if (r)
      targets.push(
        `${r.label}: p95 ${f1(r.p95)} ms (target ≤ 200 ms): ${verdict(
          r.p95 <= 200,
        )}`,
      );
  }
  const lastChunk = big.seed.slo.chunks[big.seed.slo.chunks.length - 1];
  if (lastChunk)
    targets.push(
      `SLO push ingest with ${lastChunk.storedAfter.toLocaleString(
        'en-US',
      )} buckets stored: ${lastChunk.samplesPerSecond.toLocaleString(
        'en-US',
      )} samples/s (target ≥ ${
        db === 'pg' ? '30,000' : '50,000'
      } with 10 M stored): ${verdict(
        lastChunk.samplesPerSecond >= (db === 'pg' ? 30000 : 50000),
      )}${
        big.sloSamplesStored < 10e6
          ? ' (fewer than 10 M stored in this run)'
          : ''
      }`,
    );
  targets.push(
    `support events ${big.seed.support.perSecond.toLocaleString(
      'en-US',
    )}/s, journey events ${big.seed.journey.perSecond.toLocaleString(
      'en-US',
    )}/s (target ≥ 20,000/s): ${verdict(
      Math.min(big.seed.support.perSecond, big.seed.journey.perSecond) >= 20000,
    )}`,
  );
  const loopMax = Math.max(
    big.seed.slo.eventLoop.max,
    big.seed.support.eventLoop.max,
    big.seed.journey.eventLoop.max,
    big.mixed ? big.mixed.eventLoop.max : 0,
  );
  targets.push(
    `longest event-loop hold during pushes and summaries: ${f1(
      loopMax,
    )} ms (target ≤ 50 ms): ${verdict(loopMax <= 50)}`,
  );
  const ciBytes = Object.entries(big.databaseBytes)
    .filter(([k]) => /customer-impact(\.sqlite)?$/.test(k))
    .reduce((t, [, b]) => t + b, 0);
  if (ciBytes && big.sloSamplesStored)
    targets.push(
      `plugin database ${mib(
        ciBytes,
      )} for ${big.sloSamplesStored.toLocaleString('en-US')} buckets (${(
        ciBytes / big.sloSamplesStored
      ).toFixed(0)} bytes per bucket, everything included)`,
    );
  p(
    `- Against the targets of issue 10 (this run's scale; noisy when the machine is shared):`,
  );
  for (const t of targets) p(`  - ${t}`);
  p(
    `- First rollup refresh of the whole tree: ${f1(
      big.firstRollupRefreshMs,
    )} ms.`,
  );
  if (big.pgVacuumAnalyzeMs !== undefined) {
    p(
      `- This PostgreSQL server runs with autovacuum off: the plugin's database was vacuumed and analysed once after seeding (${big.pgVacuumAnalyzeMs.toLocaleString(
        'en-US',
      )} ms), as autovacuum would have; the pushes above ran before it, the timings after (BENCH_PG_VACUUM=0: never).`,
    );
  }
  const dbBytes = Object.entries(big.databaseBytes);
  const shown = dbBytes.filter(([k]) =>
    /customer-impact(\.sqlite)?$|tech-insights|catalog/.test(k),
  );
  p(
    `- Database: ${shown
      .map(([k, b]) => `${k} ${mib(b)}`)
      .join(', ')}; every plugin's together ${mib(
      dbBytes.reduce((t, [, b]) => t + b, 0),
    )}.`,
  );
  p(
    `- Backend RSS after timing: ${mib(
      big.rssBytes,
    )}. Catalog ingestion: ${dbRuns
      .map(
        r => `${r.catalogIngestSeconds} s for ${r.n.toLocaleString('en-US')}`,
      )
      .join(', ')} (after start).`,
  );
  p('');
}
fs.writeFileSync(path.join(outDir, 'report.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));

// ---- the plot: p50 (log) against components (log), one line per series and database.
const W = 860;
const H = 520;
const M = { l: 70, r: 330, t: 40, b: 56 };
const series = [];
for (const db of [...new Set(runs.map(r => r.db))]) {
  const dbRuns = runs.filter(r => r.db === db);
  const ids = [...new Set(dbRuns.flatMap(r => r.rows.map(x => x.id)))];
  for (const id of ids) {
    const pts = dbRuns
      .map(r => ({ n: r.n, row: r.rows.find(x => x.id === id) }))
      .filter(x => x.row && !x.row.failed);
    if (pts.length)
      series.push({
        db,
        id,
        label: pts[pts.length - 1].row.label.replace(
          /\(tree of \d+\)|owning \d+( directly)?/,
          m => (m.startsWith('owning') ? 'platform dept.' : '(whole tree)'),
        ),
        pts: pts.map(x => ({ n: x.n, y: x.row.p50 })),
      });
  }
}
if (series.length) {
  const ns = runs.map(r => r.n);
  const ys = series.flatMap(s => s.pts.map(x => x.y));
  const lx0 = Math.log10(Math.min(...ns) / 1.3);
  const lx1 = Math.log10(Math.max(...ns) * 1.3);
  const ly0 = Math.floor(Math.log10(Math.max(0.5, Math.min(...ys))));
  const ly1 = Math.ceil(Math.log10(Math.max(...ys)));
  const X = n => M.l + ((Math.log10(n) - lx0) / (lx1 - lx0)) * (W - M.l - M.r);
  const Y = y =>
    H - M.b - ((Math.log10(y) - ly0) / (ly1 - ly0 || 1)) * (H - M.t - M.b);
  const colors = [
    '#1b9e77',
    '#d95f02',
    '#7570b3',
    '#e7298a',
    '#66a61e',
    '#e6ab02',
    '#a6761d',
    '#666666',
    '#1f78b4',
    '#b15928',
    '#000000',
  ];
  const ids = [...new Set(series.map(s => s.id))];
  const esc = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const o = [];
  o.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  o.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  o.push(
    `<text x="${M.l}" y="22" font-size="14" font-weight="bold">Latency (p50, ms, log scale) against the number of components</text>`,
  );
  for (let e = ly0; e <= ly1; e++) {
    for (const m of [1, 2, 5]) {
      const y = m * 10 ** e;
      if (Math.log10(y) > ly1 + 1e-9) continue;
      o.push(
        `<line x1="${M.l}" x2="${W - M.r}" y1="${Y(y).toFixed(1)}" y2="${Y(
          y,
        ).toFixed(1)}" stroke="#ddd"/>`,
      );
      o.push(
        `<text x="${M.l - 6}" y="${(Y(y) + 4).toFixed(1)}" text-anchor="end">${
          y >= 1 ? y : y.toFixed(1)
        }</text>`,
      );
    }
  }
  for (const n of [...new Set(ns)]) {
    o.push(
      `<line x1="${X(n).toFixed(1)}" x2="${X(n).toFixed(1)}" y1="${M.t}" y2="${
        H - M.b
      }" stroke="#eee"/>`,
    );
    o.push(
      `<text x="${X(n).toFixed(1)}" y="${
        H - M.b + 18
      }" text-anchor="middle">${n.toLocaleString('en-US')}</text>`,
    );
  }
  o.push(
    `<text x="${(M.l + W - M.r) / 2}" y="${
      H - 12
    }" text-anchor="middle">components in the catalog (log scale)</text>`,
  );
  o.push(
    `<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${
      H - M.t - M.b
    }" fill="none" stroke="#333"/>`,
  );
  let ly = M.t + 4;
  for (const s of series) {
    const c = colors[ids.indexOf(s.id) % colors.length];
    const dash = s.db === 'pg' ? ' stroke-dasharray="6 4"' : '';
    o.push(
      `<polyline fill="none" stroke="${c}" stroke-width="2"${dash} points="${s.pts
        .map(x => `${X(x.n).toFixed(1)},${Y(x.y).toFixed(1)}`)
        .join(' ')}"/>`,
    );
    for (const x of s.pts)
      o.push(
        `<circle cx="${X(x.n).toFixed(1)}" cy="${Y(x.y).toFixed(
          1,
        )}" r="3" fill="${c}"/>`,
      );
    o.push(
      `<line x1="${W - M.r + 12}" x2="${
        W - M.r + 36
      }" y1="${ly}" y2="${ly}" stroke="${c}" stroke-width="2"${dash}/>`,
    );
    o.push(
      `<text x="${W - M.r + 42}" y="${ly + 4}" font-size="10.5">${esc(
        `${s.label} [${s.db === 'pg' ? 'pg' : 'sqlite'}]`,
      ).slice(0, 62)}</text>`,
    );
    ly += 15;
  }
  o.push('</svg>');
  fs.writeFileSync(path.join(outDir, 'latency.svg'), o.join('\n') + '\n');
  if (plotCopy) fs.copyFileSync(path.join(outDir, 'latency.svg'), plotCopy);
}
