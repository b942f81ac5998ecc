#!/usr/bin/env node
/*
 * The load test of the Customer Impact backend (issue "Trust", section Load).
 *
 * Against a running demo backend (scripts/load/run.sh starts one), 50
 * concurrent keep-alive clients for 30 s, on loopback:
 *   - entity summaries   GET  /v1/entities/{kind}/{namespace}/{name}
 *   - group rollups      GET  /v1/groups/{namespace}/{name}/rollup
 *   - SLI sample pushes  POST /v1/slo-samples       (a machine token)
 *   - support pushes     POST /v1/support-events    (a machine token)
 * all at the same time, so the reads run while pushes run. It prints, per
 * route, the requests, p50/p99/max latency, errors and non-2xx answers, and
 * the backend's memory before and after; it exits 1 on any error or non-2xx.
 *
 * Usage: node scripts/load/load.js --url http://127.0.0.1:17107
 *        [--duration 30] [--connections 50] [--pgid <backend process group>]
 *        [--out bench-results/load.json]
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const autocannon = require('autocannon');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const BASE = arg('url', 'http://127.0.0.1:17107');
const DURATION = Number(arg('duration', '30'));
const CONNECTIONS = Number(arg('connections', '50'));
const PGID = arg('pgid', undefined);
const OUT = arg('out', undefined);
const PUSH_TOKEN =
  process.env.CUSTOMER_IMPACT_PUSH_TOKEN ?? 'demo-only-slo-push-token';
const API = '/api/customer-impact';

/** Demo entities (examples/entities.yaml): with SLOs, support, deprecations. */
const SUMMARY_ENTITIES = [
  'component/default/checkout-web',
  'component/default/payments-service',
  'component/default/billing-service',
  'component/default/subscriptions-service',
  'component/default/search-service',
  'api/default/payments-v1',
  'api/default/payments-v2',
];
const ROLLUP_GROUPS = ['platform', 'acme', 'team-checkout', 'platform-data'];

async function waitFor(what, probe, timeoutMs = 600_000) {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    try {
      const r = await probe();
      if (r === true) return;
      last = String(r);
    } catch (e) {
      last = e.message;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}: ${last}`);
}

async function guestToken() {
  const res = await fetch(`${BASE}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** RSS of the largest process of the backend's process group (the backend). */
function backendRssMiB() {
  if (!PGID) return undefined;
  try {
    const out = execFileSync('ps', ['-o', 'rss=', '-g', PGID], {
      encoding: 'utf8',
    });
    const max = Math.max(
      ...out
        .split('\n')
        .map(s => Number(s.trim()))
        .filter(n => n > 0),
    );
    return Math.round(max / 1024);
  } catch {
    return undefined;
  }
}

let pushSeq = 0;
const runId = Date.now().toString(36);

/** 100 samples in 5-minute buckets of the last 24 hours, never in the future. */
function sloSamplesBody() {
  const now = Date.now();
  const bucketMs = 300_000;
  const newest = Math.floor(now / bucketMs) * bucketMs - bucketMs;
  const first = (pushSeq++ * 7) % 288;
  const samples = [];
  for (let i = 0; i < 100; i++) {
    const start = newest - ((first + i) % 288) * bucketMs;
    samples.push({
      entityRef: 'component:default/checkout-web',
      slo: 'checkout-availability',
      start: new Date(start).toISOString(),
      durationSeconds: 300,
      good: 995 + (i % 5),
      total: 1000,
    });
  }
  return JSON.stringify({ samples });
}

/** 50 new tickets a push, opened in the last hour. */
function supportEventsBody() {
  const now = Date.now();
  const n = pushSeq++;
  const events = [];
  for (let i = 0; i < 50; i++) {
    events.push({
      source: 'load-test',
      externalId: `load-${runId}-${n}-${i}`,
      entityRef: 'component:default/payments-service',
      consumerRef: 'group:default/team-checkout',
      kind: 'ticket',
      openedAt: new Date(now - 60_000 - i * 1000).toISOString(),
      category: 'load',
      title: `Load test ticket ${n}/${i}`,
    });
  }
  return JSON.stringify({ events });
}

/** The first non-2xx answer of each route, printed so a failure says why. */
const firstFailure = {};

function run(title, opts) {
  const requests = opts.requests.map(r => ({
    ...r,
    onResponse: (status, body) => {
      if ((status < 200 || status > 299) && !firstFailure[title]) {
        firstFailure[title] = `HTTP ${status}: ${String(body).slice(0, 600)}`;
      }
    },
  }));
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: BASE,
        duration: DURATION,
        pipelining: 1,
        timeout: 30,
        ...opts,
        requests,
      },
      (err, result) => (err ? reject(err) : resolve({ title, result })),
    );
    instance.on('error', reject);
  });
}

function split(total) {
  // summaries 40 %, rollups 20 %, SLI pushes 20 %, support pushes 20 %.
  const summary = Math.max(1, Math.round(total * 0.4));
  const rollup = Math.max(1, Math.round(total * 0.2));
  const slo = Math.max(1, Math.round(total * 0.2));
  return { summary, rollup, slo, support: Math.max(1, total - summary - rollup - slo) };
}

async function main() {
  console.log(`load test against ${BASE}`);
  await waitFor('backend readiness', async () => {
    const r = await fetch(`${BASE}/.backstage/health/v1/readiness`);
    return r.ok || `HTTP ${r.status}`;
  });
  const token = await guestToken();
  const auth = { authorization: `Bearer ${token}` };
  // The demo catalog read and a first rollup computed: every target answers 200.
  await waitFor('the demo entities and rollups', async () => {
    for (const e of SUMMARY_ENTITIES) {
      const r = await fetch(`${BASE}${API}/v1/entities/${e}`, { headers: auth });
      if (!r.ok) return `${e}: HTTP ${r.status}`;
    }
    for (const g of ROLLUP_GROUPS) {
      const r = await fetch(`${BASE}${API}/v1/groups/default/${g}/rollup`, {
        headers: auth,
      });
      if (!r.ok) return `${g} rollup: HTTP ${r.status}`;
    }
    return true;
  });

  const c = split(CONNECTIONS);
  const rssBefore = backendRssMiB();
  console.log(
    `${CONNECTIONS} connections for ${DURATION} s: ${c.summary} summaries, ` +
      `${c.rollup} rollups, ${c.slo} SLI pushes (100 samples), ` +
      `${c.support} support pushes (50 events); backend RSS before: ${
        rssBefore ?? '?'
      } MiB`,
  );
  const started = Date.now();
  const results = await Promise.all([
    run('GET summary', {
      connections: c.summary,
      headers: auth,
      requests: SUMMARY_ENTITIES.map(e => ({
        method: 'GET',
        path: `${API}/v1/entities/${e}`,
      })),
    }),
    run('GET rollup', {
      connections: c.rollup,
      headers: auth,
      requests: ROLLUP_GROUPS.map(g => ({
        method: 'GET',
        path: `${API}/v1/groups/default/${g}/rollup?limit=50`,
      })),
    }),
    run('POST slo-samples', {
      connections: c.slo,
      headers: {
        authorization: `Bearer ${PUSH_TOKEN}`,
        'content-type': 'application/json',
      },
      requests: [
        {
          method: 'POST',
          path: `${API}/v1/slo-samples`,
          setupRequest: req => ({ ...req, body: sloSamplesBody() }),
        },
      ],
    }),
    run('POST support-events', {
      connections: c.support,
      headers: {
        authorization: `Bearer ${PUSH_TOKEN}`,
        'content-type': 'application/json',
      },
      requests: [
        {
          method: 'POST',
          path: `${API}/v1/support-events`,
          setupRequest: req => ({ ...req, body: supportEventsBody() }),
        },
      ],
    }),
  ]);
  const wallS = (Date.now() - started) / 1000;
  const rssAfter = backendRssMiB();

  const rows = results.map(({ title, result: r }) => ({
    route: title,
    connections: r.connections,
    requests: r.requests.total,
    perSecond: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  }));
  const pad = (s, n) => String(s).padStart(n);
  console.log(
    `\n| route | clients | requests | req/s | p50 ms | p99 ms | max ms | errors | timeouts | non-2xx |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.route} | ${r.connections} | ${pad(r.requests, 6)} | ${pad(
        r.perSecond,
        5,
      )} | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} | ${r.timeouts} | ${
        r.non2xx
      } |`,
    );
  }
  for (const [route, answer] of Object.entries(firstFailure)) {
    console.log(`first failure of ${route}: ${answer}`);
  }
  const failures = rows.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
  const total = rows.reduce((n, r) => n + r.requests, 0);
  console.log(
    `\n${total} requests in ${wallS.toFixed(1)} s; errors + timeouts + non-2xx: ${failures}; ` +
      `backend RSS before ${rssBefore ?? '?'} MiB, after ${rssAfter ?? '?'} MiB`,
  );

  // What the pushes left behind: the figures still answer after the load.
  const after = await fetch(
    `${BASE}${API}/v1/entities/component/default/payments-service`,
    { headers: auth },
  );
  console.log(`summary after the load: HTTP ${after.status}`);

  if (OUT) {
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(
      OUT,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          base: BASE,
          durationS: DURATION,
          connections: CONNECTIONS,
          rows,
          rssBeforeMiB: rssBefore,
          rssAfterMiB: rssAfter,
          cpus: require('node:os').cpus().length,
          cpuModel: require('node:os').cpus()[0]?.model,
          node: process.version,
        },
        null,
        2,
      ),
    );
    console.log(`results: ${OUT}`);
  }
  if (failures > 0 || !after.ok || total === 0) {
    console.error('LOAD TEST FAILED: errors, timeouts or non-2xx answers');
    process.exit(1);
  }
  console.log('load test passed: zero errors');
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
