#!/usr/bin/env node
// The benchmark client (Node >= 22, no dependencies). Run by scripts/bench/run.sh.
//   node bench.js wait-catalog           waits until the catalog holds the manifest's components
//   node bench.js run OUT.json           waits for facts and SLO definitions, seeds through the
//                                        push API, times every series, writes OUT.json
// Environment: BASE_URL, PUSH_TOKEN, MANIFEST (gen-org.js output), BENCH_SLO_DAYS,
// BENCH_SUPPORT_EVENTS, BENCH_PEOPLE, BENCH_REPS, BENCH_WARMUP, BENCH_GROUP_REPS,
// BENCH_REFRESH_REPS, BENCH_TI_BULK_REPS, BENCH_MIXED_SECONDS.
'use strict';
const fs = require('fs');
const http = require('http');
const { spawnSync } = require('child_process');

const BASE = process.env.BASE_URL || 'http://127.0.0.1:17007';
const PUSH_TOKEN = process.env.PUSH_TOKEN;
const manifest = JSON.parse(fs.readFileSync(process.env.MANIFEST, 'utf8'));
const env = (name, dflt) =>
  process.env[name] === undefined || process.env[name] === ''
    ? dflt
    : Number(process.env[name]);
const DAYS = env('BENCH_SLO_DAYS', 30);
const SUPPORT_EVENTS = env('BENCH_SUPPORT_EVENTS', 100000);
const PEOPLE = env('BENCH_PEOPLE', 2000);
const REPS = env('BENCH_REPS', 500);
const WARMUP = env('BENCH_WARMUP', 50);
// Rounds of the interleaved comparison (0: none).
const INTERLEAVED_REPS = env('BENCH_INTERLEAVED_REPS', REPS);
const GROUP_REPS = env('BENCH_GROUP_REPS', REPS);
const GROUP_WARMUP = Math.min(WARMUP, Math.max(2, Math.round(GROUP_REPS / 10)));
const REFRESH_REPS = env('BENCH_REFRESH_REPS', 3);
const TI_BULK_REPS = env('BENCH_TI_BULK_REPS', 3);
const MIXED_SECONDS = env('BENCH_MIXED_SECONDS', 30);

const sleep = ms => new Promise(r => setTimeout(r, ms));
const log = (...a) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const CI = '/api/customer-impact';

// Deterministic pseudo-random numbers (mulberry32).
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let userToken;
async function guestToken() {
  const res = await fetch(`${BASE}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

// node:http with a keep-alive agent: one connection reused, no client-side timeout
// (a rollup refresh of a large tree can take minutes).
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
function call(method, path, body, token = userToken) {
  const payload =
    body === undefined
      ? undefined
      : typeof body === 'string'
      ? body
      : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      BASE + path,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload
            ? {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }
            : {}),
        },
      },
      res => {
        const parts = [];
        res.on('data', d => parts.push(d));
        res.on('end', () => {
          const buf = Buffer.concat(parts);
          resolve({
            ms: performance.now() - t0,
            status: res.statusCode,
            bytes: buf.length,
            text: buf.toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
const push = (path, body) => call('POST', CI + path, body, PUSH_TOKEN);
// `window` names the window a reset starts: the probe profiles it when the
// backend runs with BENCH_PROFILE_DIR (scripts/bench/scratch/benchProbe.ts).
const probe = async (reset = false, window = undefined) =>
  JSON.parse(
    (
      await call(
        'GET',
        `/api/customer-impact-bench-probe/stats${
          reset
            ? `?reset=true${
                window ? `&window=${encodeURIComponent(window)}` : ''
              }`
            : ''
        }`,
      )
    ).text,
  );

async function waitFor(label, test, timeoutMs = 60 * 60 * 1000) {
  const t0 = Date.now();
  let lastErr;
  for (;;) {
    try {
      if (await test()) break;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`timed out waiting for ${label}: ${lastErr ?? ''}`);
    await sleep(2000);
  }
  const s = (Date.now() - t0) / 1000;
  log(`${label}: ${s.toFixed(1)} s`);
  return s;
}
const ready = async () =>
  (await fetch(`${BASE}/.backstage/health/v1/readiness`)).ok;

const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[
    Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))
  ];
};

/**
 * The series `specs` taken in turn, one request of each per round, `reps`
 * rounds after `warmup` rounds: p50/p95 of each, and each one's ratios to the
 * first (tech-insights) and the second (the catalog read).
 */
async function interleaved(reps, warmup, specs) {
  const ms = specs.map(() => []);
  for (let round = 0; round < warmup + reps; round++) {
    for (let i = 0; i < specs.length; i++) {
      const r = await specs[i].fn();
      if (r.status !== 200) {
        log(`interleaved ${specs[i].label}: HTTP ${r.status}; not measured`);
        return undefined;
      }
      if (round >= warmup) ms[i].push(r.ms);
    }
  }
  const rows = specs.map((spec, i) => ({
    id: spec.id,
    label: spec.label,
    reps,
    p50: pct(ms[i], 50),
    p95: pct(ms[i], 95),
  }));
  const [ti, catalog] = rows;
  for (const row of rows) {
    row.p50VsTi = row.p50 / ti.p50;
    row.p95VsTi = row.p95 / ti.p95;
    row.p50VsCatalog = row.p50 / catalog.p50;
    row.p95VsCatalog = row.p95 / catalog.p95;
    log(
      `interleaved: ${row.label.padEnd(54)} p50 ${row.p50
        .toFixed(1)
        .padStart(6)}  p95 ${row.p95.toFixed(1).padStart(6)} ms; ${row.p50VsTi.toFixed(
        2,
      )}× / ${row.p95VsTi.toFixed(2)}× tech-insights, ${row.p50VsCatalog.toFixed(
        2,
      )}× / ${row.p95VsCatalog.toFixed(2)}× catalog`,
    );
  }
  return { reps, warmup, rows };
}

async function series(id, label, reps, warmup, fn) {
  // A route that fails is recorded as failed (status and message) and the
  // benchmark goes on with the next series.
  const failed = r => {
    let message = r.text.slice(0, 300);
    try {
      const body = JSON.parse(r.text);
      message = `${body.error?.name ?? ''}: ${body.error?.message ?? ''}`;
    } catch {
      // not JSON
    }
    log(`${label.padEnd(66)} FAILED: HTTP ${r.status} ${message}`);
    return { id, label, reps, warmup, failed: `HTTP ${r.status} ${message}` };
  };
  for (let i = 0; i < warmup; i++) {
    const r = await fn();
    if (r.status !== 200) return failed(r);
  }
  await probe(true, id);
  const ms = [];
  let last;
  for (let i = 0; i < reps; i++) {
    last = await fn();
    if (last.status !== 200) return failed(last);
    ms.push(last.ms);
  }
  const eventLoop = (await probe(true)).eventLoopDelay;
  const row = {
    id,
    label,
    reps,
    warmup,
    p50: pct(ms, 50),
    p95: pct(ms, 95),
    max: Math.max(...ms),
    min: Math.min(...ms),
    bytes: last.bytes,
    eventLoopMaxMs: eventLoop.max,
  };
  log(
    `${label.padEnd(66)} n=${String(reps).padStart(4)}  p50 ${row.p50
      .toFixed(1)
      .padStart(8)}  p95 ${row.p95.toFixed(1).padStart(8)}  max ${row.max
      .toFixed(1)
      .padStart(8)} ms  ${(row.bytes / 1024).toFixed(1)} KiB  event loop max ${
      eventLoop.max
    } ms`,
  );
  return row;
}

// ---------------------------------------------------------------- seeding
const BUCKET = 300_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;

function sloSamplesOf(name, index, days, endMs) {
  const ref = `component:default/${name}`;
  const samples = [];
  const rand = rng(1000 + index);
  for (let start = endMs - days * DAY; start < endMs; start += BUCKET) {
    const hour = (start / HOUR) % 24;
    const total = Math.max(
      1,
      Math.round(
        1000 *
          (1 + 0.6 * Math.sin(((hour - 9) / 24) * 2 * Math.PI)) *
          (0.9 + 0.2 * rand()),
      ),
    );
    const iso = new Date(start).toISOString();
    samples.push({
      entityRef: ref,
      slo: 'availability',
      start: iso,
      durationSeconds: 300,
      good: total - Math.round(total * 0.0008 * rand()),
      total,
    });
    samples.push({
      entityRef: ref,
      slo: 'latency',
      start: iso,
      durationSeconds: 300,
      bad: Math.round(total * 0.012 * rand()),
      total,
    });
  }
  return samples;
}

/** Pushes every SLO component's history, one push per component (2 SLOs × DAYS × 288 samples). */
async function seedSlos(names, offset, endMs, progress) {
  const chunks = [];
  let chunk = { samples: 0, ms: 0, t0: Date.now(), pushes: 0, maxPushMs: 0 };
  const every = Math.max(1, Math.ceil(names.length / 10));
  let stored = progress.stored;
  for (let k = 0; k < names.length; k++) {
    const samples = sloSamplesOf(names[k], offset + k, DAYS, endMs);
    for (let i = 0; i < samples.length; i += 50000) {
      const r = await push('/v1/slo-samples', {
        samples: samples.slice(i, i + 50000),
      });
      if (r.status !== 200)
        throw new Error(`slo push: HTTP ${r.status} ${r.text.slice(0, 500)}`);
      chunk.ms += r.ms;
      chunk.pushes++;
      chunk.maxPushMs = Math.max(chunk.maxPushMs, r.ms);
    }
    chunk.samples += samples.length;
    stored += samples.length;
    if ((k + 1) % every === 0 || k === names.length - 1) {
      const wall = (Date.now() - chunk.t0) / 1000;
      const row = {
        storedAfter: stored,
        samples: chunk.samples,
        pushes: chunk.pushes,
        samplesPerSecond: Math.round(chunk.samples / (chunk.ms / 1000)),
        samplesPerSecondWall: Math.round(chunk.samples / wall),
        meanPushMs: Math.round(chunk.ms / chunk.pushes),
        maxPushMs: Math.round(chunk.maxPushMs),
      };
      chunks.push(row);
      log(
        `  SLO samples stored ${String(stored).padStart(10)}: ${
          row.samplesPerSecond
        } samples/s (server), ${
          row.samplesPerSecondWall
        }/s wall, push of ${Math.round(
          chunk.samples / chunk.pushes,
        )} samples: mean ${row.meanPushMs} ms, max ${row.maxPushMs} ms`,
      );
      chunk = { samples: 0, ms: 0, t0: Date.now(), pushes: 0, maxPushMs: 0 };
    }
  }
  progress.stored = stored;
  return chunks;
}

function supportEvents(total, nowMs) {
  const rand = rng(7);
  const platform = manifest.platformComponents;
  const others = manifest.teamComponentsWithoutSlo;
  const kinds = [
    ['ticket', 0.7],
    ['page', 0.15],
    ['escalation', 0.1],
    ['manual-exception', 0.05],
  ];
  const events = [];
  for (let e = 0; e < total; e++) {
    const entity =
      e % 5 !== 4
        ? platform[e % platform.length]
        : others[Math.floor(rand() * others.length)];
    let r = rand();
    let kind = 'ticket';
    for (const [k, w] of kinds) {
      if ((r -= w) < 0) {
        kind = k;
        break;
      }
    }
    const opened = nowMs - Math.floor(rand() * 84 * DAY) - HOUR;
    const resolved =
      rand() < 0.9
        ? Math.min(nowMs - 1000, opened + Math.floor(rand() * 48 * HOUR))
        : undefined;
    events.push({
      source: 'bench',
      externalId: `BENCH-${e}`,
      entityRef: `component:default/${entity}`,
      consumerRef: `group:default/${
        manifest.teams[Math.floor(rand() * manifest.teams.length)]
      }`,
      kind,
      openedAt: new Date(opened).toISOString(),
      ...(resolved ? { resolvedAt: new Date(resolved).toISOString() } : {}),
      category: ['access', 'quota', 'build', 'deploy', 'docs'][e % 5],
      title: `Synthetic ${kind} ${e}`,
      url: `https://tickets.example.com/BENCH-${e}`,
    });
  }
  return events;
}

async function seedBatches(label, path, key, items, batch) {
  const chunks = [];
  let ms = 0;
  let maxMs = 0;
  const t0 = Date.now();
  let chunkItems = 0;
  let chunkMs = 0;
  const every = Math.max(batch, Math.ceil(items.length / 5 / batch) * batch);
  for (let i = 0; i < items.length; i += batch) {
    const part = items.slice(i, i + batch);
    const r = await push(path, { [key]: part });
    if (r.status !== 200)
      throw new Error(
        `${label} push: HTTP ${r.status} ${r.text.slice(0, 500)}`,
      );
    ms += r.ms;
    chunkMs += r.ms;
    chunkItems += part.length;
    maxMs = Math.max(maxMs, r.ms);
    if ((i + batch) % every === 0 || i + batch >= items.length) {
      chunks.push({
        storedAfter: Math.min(items.length, i + batch),
        perSecond: Math.round(chunkItems / (chunkMs / 1000)),
      });
      chunkItems = 0;
      chunkMs = 0;
    }
  }
  const row = {
    items: items.length,
    batch,
    perSecond: Math.round(items.length / (ms / 1000)),
    perSecondWall: Math.round(items.length / ((Date.now() - t0) / 1000)),
    maxPushMs: Math.round(maxMs),
    chunks,
  };
  log(
    `  ${label}: ${items.length} in batches of ${batch}: ${
      row.perSecond
    }/s (server), ${row.perSecondWall}/s wall, max push ${
      row.maxPushMs
    } ms; as the table grows: ${chunks.map(c => c.perSecond).join(', ')}`,
  );
  return row;
}

function journeyEvents(nowMs) {
  const rand = rng(11);
  const steps = manifest.journeySteps;
  const events = [];
  for (let p = 0; p < PEOPLE; p++) {
    let t = nowMs - Math.floor(rand() * 60 * DAY) - 10 * DAY;
    const subject = `person-${p}@bench.example.com`;
    for (const step of steps) {
      const id = `bench:${p}:${step}`;
      events.push({
        eventId: `${id}:started`,
        journeyRef: `journey:default/${manifest.journey}`,
        stepId: step,
        subject,
        type: 'started',
        at: new Date(t).toISOString(),
      });
      t += Math.floor((0.5 + rand() * 4) * HOUR);
      if (rand() < 0.05) {
        events.push({
          eventId: `${id}:abandoned`,
          journeyRef: `journey:default/${manifest.journey}`,
          stepId: step,
          subject,
          type: 'abandoned',
          at: new Date(t).toISOString(),
        });
        break;
      }
      events.push({
        eventId: `${id}:completed`,
        journeyRef: `journey:default/${manifest.journey}`,
        stepId: step,
        subject,
        type: 'completed',
        at: new Date(t).toISOString(),
      });
      t += Math.floor(rand() * 8 * HOUR);
    }
  }
  return events;
}

// ---------------------------------------------------------------- main
async function waitCatalog() {
  await waitFor('backend ready', ready);
  userToken = await guestToken();
  const want = manifest.n;
  let lastLog = 0;
  const s = await waitFor(`catalog holds ${want} components`, async () => {
    const r = await call(
      'GET',
      '/api/catalog/entities/by-query?filter=kind=component&limit=1',
    );
    const n = JSON.parse(r.text).totalItems;
    if (Date.now() - lastLog > 20000) {
      lastLog = Date.now();
      log(`  catalog: ${n} components`);
    }
    return n >= want;
  });
  // The tree: every group and the journey processed.
  await waitFor('groups, APIs and the journey', async () => {
    const g = JSON.parse(
      (
        await call(
          'GET',
          '/api/catalog/entities/by-query?filter=kind=group,metadata.name=bench-org&limit=1',
        )
      ).text,
    );
    const j = await call(
      'GET',
      `/api/catalog/entities/by-name/journey/default/${manifest.journey}`,
    );
    const a = await call(
      'GET',
      `/api/catalog/entities/by-name/api/default/${manifest.deprecatedApi}`,
    );
    const dependents = (JSON.parse(a.text).relations || []).filter(
      r => r.type === 'apiConsumedBy',
    ).length;
    return (
      g.totalItems === 1 &&
      j.status === 200 &&
      dependents >= manifest.deprecatedDependents
    );
  });
  console.log(JSON.stringify({ catalogSeconds: s }));
}

async function run(out) {
  const result = {
    startedAt: new Date().toISOString(),
    n: manifest.n,
    manifest: {
      ...manifest,
      teams: undefined,
      sloComponents: manifest.sloComponents.length,
      platformComponents: undefined,
      teamComponentsWithoutSlo: undefined,
    },
  };
  await waitFor('backend ready', ready);
  userToken = await guestToken();
  const lastComponent = `bench-service-${String(manifest.n - 1).padStart(
    5,
    '0',
  )}`;
  result.factsSeconds = await waitFor(
    'tech-insights facts stored for the last component',
    async () => {
      const r = await call(
        'GET',
        `/api/tech-insights/facts/latest?entity=${encodeURIComponent(
          `component:default/${lastComponent}`,
        )}&ids[]=benchFactRetriever`,
      );
      return r.status === 200 && JSON.parse(r.text).benchFactRetriever;
    },
  );
  const sloNames = manifest.sloComponents;
  if (sloNames.length) {
    const probeName = sloNames[sloNames.length - 1];
    result.sloDefinitionsSeconds = await waitFor(
      'SLO definitions read',
      async () => {
        const r = await call(
          'GET',
          `${CI}/v1/entities/component/default/${probeName}`,
        );
        return (
          r.status === 200 &&
          r.text.includes('"latency"') &&
          r.text.includes('"availability"')
        );
      },
    );
  }
  await sleep(5000);

  // Seeding through the push API. The last tenth of the SLO components is held back
  // for the mixed phase (pushes and summaries together).
  const endMs = Math.floor(Date.now() / BUCKET) * BUCKET;
  const held =
    sloNames.length >= 2 ? Math.max(1, Math.floor(sloNames.length / 10)) : 0;
  const seedNames = sloNames.slice(0, sloNames.length - held);
  const progress = { stored: 0 };
  result.seed = {};
  log(
    `seeding: ${
      sloNames.length
    } components × 2 SLOs × ${DAYS} days of 5-minute buckets (${
      sloNames.length * 2 * DAYS * 288
    } samples), ${SUPPORT_EVENTS} support events, journeys of ${PEOPLE} people`,
  );
  await probe(true, 'seed-slo');
  let t0 = Date.now();
  result.seed.slo = {
    components: seedNames.length,
    days: DAYS,
    chunks: await seedSlos(seedNames, 0, endMs, progress),
  };
  result.seed.slo.seconds = (Date.now() - t0) / 1000;
  result.seed.slo.samples = progress.stored;
  result.seed.slo.samplesPerSecondWall = Math.round(
    progress.stored / result.seed.slo.seconds,
  );
  result.seed.slo.eventLoop = (
    await probe(true, 'seed-support')
  ).eventLoopDelay;
  log(
    `  event loop during SLO pushes: max ${result.seed.slo.eventLoop.max} ms, p99 ${result.seed.slo.eventLoop.p99} ms; longest GC pause ${result.seed.slo.eventLoop.gcMaxMs} ms, ${result.seed.slo.eventLoop.gcMaxKind}`,
  );
  const nowMs = Date.now();
  result.seed.support = await seedBatches(
    'support events',
    '/v1/support-events',
    'events',
    supportEvents(SUPPORT_EVENTS, nowMs),
    1000,
  );
  result.seed.support.eventLoop = (
    await probe(true, 'seed-journey')
  ).eventLoopDelay;
  log(
    `  event loop during support pushes: max ${result.seed.support.eventLoop.max} ms; longest GC pause ${result.seed.support.eventLoop.gcMaxMs} ms, ${result.seed.support.eventLoop.gcMaxKind}`,
  );
  result.seed.journey = await seedBatches(
    'journey events',
    '/v1/journey-events',
    'events',
    journeyEvents(nowMs),
    5000,
  );
  result.seed.journey.eventLoop = (await probe(true)).eventLoopDelay;

  // Mixed: SLO pushes (first the held-back components' histories, then pushes of
  // changed counts over them) for BENCH_MIXED_SECONDS while summaries are read one
  // after another.
  if (held) {
    const mixedNames = sloNames.slice(sloNames.length - held);
    log(
      `mixed phase: ${MIXED_SECONDS} s of SLO pushes (${held} held-back components, then their counts changed) while reading summaries`,
    );
    await probe(true, 'mixed');
    let pushing = true;
    const rnd = rng(5);
    const summaryMs = [];
    const reader = (async () => {
      while (pushing) {
        const name = seedNames[Math.floor(rnd() * seedNames.length)];
        const r = await call(
          'GET',
          `${CI}/v1/entities/component/default/${name}`,
        );
        if (r.status !== 200)
          throw new Error(
            `summary during pushes: HTTP ${r.status} ${r.text.slice(0, 300)}`,
          );
        summaryMs.push(r.ms);
      }
    })();
    t0 = Date.now();
    const pushes = { inserted: 0, samples: 0, ms: 0, count: 0, maxMs: 0 };
    for (
      let round = 0;
      round === 0 || Date.now() - t0 < MIXED_SECONDS * 1000;
      round++
    ) {
      for (
        let k = 0;
        k < mixedNames.length &&
        (round === 0 || Date.now() - t0 < MIXED_SECONDS * 1000);
        k++
      ) {
        const samples = sloSamplesOf(
          mixedNames[k],
          seedNames.length + k + round * 100000,
          DAYS,
          endMs,
        );
        for (let i = 0; i < samples.length; i += 50000) {
          const r = await push('/v1/slo-samples', {
            samples: samples.slice(i, i + 50000),
          });
          if (r.status !== 200)
            throw new Error(
              `slo push: HTTP ${r.status} ${r.text.slice(0, 500)}`,
            );
          pushes.samples += Math.min(50000, samples.length - i);
          pushes.ms += r.ms;
          pushes.count++;
          pushes.maxMs = Math.max(pushes.maxMs, r.ms);
        }
        if (round === 0) progress.stored += samples.length;
      }
    }
    pushing = false;
    await reader;
    const stats = await probe(true);
    result.mixed = {
      components: held,
      seconds: (Date.now() - t0) / 1000,
      pushes: pushes.count,
      samples: pushes.samples,
      samplesPerSecond: Math.round(pushes.samples / (pushes.ms / 1000)),
      meanPushMs: Math.round(pushes.ms / pushes.count),
      maxPushMs: Math.round(pushes.maxMs),
      summaries: summaryMs.length,
      summaryP50: pct(summaryMs, 50),
      summaryP95: pct(summaryMs, 95),
      summaryMax: Math.max(...summaryMs),
      eventLoop: stats.eventLoopDelay,
    };
    log(
      `  ${pushes.count} pushes, ${
        result.mixed.samplesPerSecond
      } samples/s, push mean ${result.mixed.meanPushMs} ms, max ${
        result.mixed.maxPushMs
      } ms; ${
        summaryMs.length
      } summaries meanwhile: p50 ${result.mixed.summaryP50.toFixed(
        1,
      )} ms, p95 ${result.mixed.summaryP95.toFixed(
        1,
      )} ms, max ${result.mixed.summaryMax.toFixed(1)} ms; event loop max ${
        stats.eventLoopDelay.max
      } ms, p99 ${stats.eventLoopDelay.p99} ms`,
    );
  }
  result.sloSamplesStored = progress.stored;

  // A PostgreSQL server with autovacuum off (as this machine's) never analyses
  // the tables the seeding filled, where a production server (autovacuum on
  // by default) would have while they grew: the planner would then guess 33
  // rows for 50,000. The harness does what autovacuum would, once, and says so.
  if (process.env.BENCH_PG_VACUUM_URL) {
    const t0 = Date.now();
    const out = spawnSync(
      'psql',
      [process.env.BENCH_PG_VACUUM_URL, '-qAtc', 'vacuum analyze'],
      { encoding: 'utf8' },
    );
    if (out.status !== 0) {
      throw new Error(`vacuum analyze: ${out.stderr}`);
    }
    result.pgVacuumAnalyzeMs = Date.now() - t0;
    log(
      `  autovacuum is off on this server: the plugin's database vacuumed and analysed once after seeding (${result.pgVacuumAnalyzeMs} ms), as autovacuum would have`,
    );
  }

  // Rollups are precomputed: compute the whole tree now (timed, first run).
  let r = await call(
    'POST',
    `${CI}/v1/groups/default/${manifest.rootGroup}/rollup/refresh`,
    {},
  );
  if (r.status !== 200)
    throw new Error(`rollup refresh: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  result.firstRollupRefreshMs = r.ms;
  log(`first rollup refresh of ${manifest.rootGroup}: ${r.ms.toFixed(0)} ms`);
  await sleep(3000);
  await probe(true);

  // Timings: one request after another, keep-alive.
  log(
    `timing (${REPS} after ${WARMUP} warm-ups; group views ${GROUP_REPS} after ${GROUP_WARMUP}; nearest-rank percentiles)`,
  );
  const rows = [];
  const pick = (list, seed) => {
    const g = rng(seed);
    return () => list[Math.floor(g() * list.length)];
  };
  const allComponents = Array.from(
    { length: manifest.n },
    (_, i) => `bench-service-${String(i).padStart(5, '0')}`,
  );
  const anyComponent = pick(allComponents, 42);
  rows.push(
    await series(
      'ti-checks',
      'tech-insights: run all 9 checks, 1 component',
      REPS,
      WARMUP,
      () =>
        call(
          'POST',
          `/api/tech-insights/checks/run/default/component/${anyComponent()}`,
          {},
        ),
    ),
  );
  const catalogPick = pick(allComponents, 43);
  rows.push(
    await series(
      'catalog-read',
      'catalog: entity by name (the floor)',
      REPS,
      WARMUP,
      () =>
        call(
          'GET',
          `/api/catalog/entities/by-name/component/default/${catalogPick()}`,
        ),
    ),
  );
  if (sloNames.length) {
    const withSlo = pick(sloNames, 44);
    rows.push(
      await series(
        'summary-slo',
        'ours: summary, component with SLOs and support events',
        REPS,
        WARMUP,
        () => call('GET', `${CI}/v1/entities/component/default/${withSlo()}`),
      ),
    );
  }
  const withSupportOnly = manifest.platformComponents.filter(
    name => !manifest.sloComponents.includes(name),
  );
  if (withSupportOnly.length) {
    const supportPick = pick(withSupportOnly, 46);
    rows.push(
      await series(
        'summary-support',
        'ours: summary, component with support events, no SLOs',
        REPS,
        WARMUP,
        () =>
          call('GET', `${CI}/v1/entities/component/default/${supportPick()}`),
      ),
    );
  }
  const noSlo = pick(manifest.teamComponentsWithoutSlo, 45);
  rows.push(
    await series(
      'summary-noslo',
      'ours: summary, component without SLOs',
      REPS,
      WARMUP,
      () => call('GET', `${CI}/v1/entities/component/default/${noSlo()}`),
    ),
  );
  rows.push(
    await series(
      'summary-deprecated',
      `ours: summary, deprecated API with ${manifest.deprecatedDependents} dependents`,
      REPS,
      WARMUP,
      () =>
        call('GET', `${CI}/v1/entities/api/default/${manifest.deprecatedApi}`),
    ),
  );
  // The same comparison with the four series taken in turn, one request of
  // each per round: a machine whose load drifts while the series above run
  // one after another (minutes apart) moves every series of a round alike,
  // so these ratios are the fairer ones.
  if (sloNames.length && INTERLEAVED_REPS > 0) {
    result.interleaved = await interleaved(INTERLEAVED_REPS, WARMUP, [
      {
        id: 'ti-checks',
        label: 'tech-insights: run all 9 checks, 1 component',
        fn: (pickTi => () =>
          call(
            'POST',
            `/api/tech-insights/checks/run/default/component/${pickTi()}`,
            {},
          ))(pick(allComponents, 142)),
      },
      {
        id: 'catalog-read',
        label: 'catalog: entity by name (the floor)',
        fn: (pickCatalog => () =>
          call(
            'GET',
            `/api/catalog/entities/by-name/component/default/${pickCatalog()}`,
          ))(pick(allComponents, 143)),
      },
      {
        id: 'summary-slo',
        label: 'ours: summary, component with SLOs and support events',
        fn: (pickSlo => () =>
          call('GET', `${CI}/v1/entities/component/default/${pickSlo()}`))(
          pick(sloNames, 144),
        ),
      },
      {
        id: 'summary-noslo',
        label: 'ours: summary, component without SLOs',
        fn: (pickPlain => () =>
          call('GET', `${CI}/v1/entities/component/default/${pickPlain()}`))(
          pick(manifest.teamComponentsWithoutSlo, 145),
        ),
      },
    ]);
  }
  const g1 = manifest.platformGroup;
  const gN = manifest.rootGroup;
  rows.push(
    await series(
      'ranking-1k',
      `ours: internal-customers ranking, group owning ${manifest.platformDirect} directly`,
      GROUP_REPS,
      GROUP_WARMUP,
      () => call('GET', `${CI}/v1/groups/default/${g1}/consumers`),
    ),
  );
  rows.push(
    await series(
      'ranking-all',
      `ours: internal-customers ranking, root group (owns 0 directly, tree of ${manifest.rootTree})`,
      GROUP_REPS,
      GROUP_WARMUP,
      () => call('GET', `${CI}/v1/groups/default/${gN}/consumers`),
    ),
  );
  // The rankings are kept in memory until a write changes the support
  // events: the series above is answered from there after its first request.
  // Here one new event is pushed before each request (not timed), so each
  // ranking is computed from the database.
  let coldEvents = 0;
  rows.push(
    await series(
      'ranking-all-computed',
      `ours: internal-customers ranking, root group (tree of ${manifest.rootTree}), a support push before each`,
      GROUP_REPS,
      GROUP_WARMUP,
      async () => {
        coldEvents += 1;
        const pushed = await push('/v1/support-events', {
          events: [
            {
              source: 'bench-between',
              externalId: `BETWEEN-${coldEvents}`,
              entityRef: `component:default/${manifest.platformComponents[0]}`,
              consumerRef: `group:default/${manifest.teams[0]}`,
              kind: 'ticket',
              openedAt: new Date(Date.now() - HOUR).toISOString(),
            },
          ],
        });
        if (pushed.status !== 200) return pushed;
        return call('GET', `${CI}/v1/groups/default/${gN}/consumers`);
      },
    ),
  );
  rows.push(
    await series(
      'rollup-1k',
      `ours: group rollup (first page), group owning ${manifest.platformDirect}`,
      GROUP_REPS,
      GROUP_WARMUP,
      () => call('GET', `${CI}/v1/groups/default/${g1}/rollup`),
    ),
  );
  rows.push(
    await series(
      'rollup-all',
      `ours: group rollup (first page), root group (tree of ${manifest.rootTree})`,
      GROUP_REPS,
      GROUP_WARMUP,
      () => call('GET', `${CI}/v1/groups/default/${gN}/rollup`),
    ),
  );
  if (REFRESH_REPS > 0) {
    rows.push(
      await series(
        'rollup-refresh-all',
        `ours: rollup refresh, root group (tree of ${manifest.rootTree})`,
        REFRESH_REPS,
        0,
        () => call('POST', `${CI}/v1/groups/default/${gN}/rollup/refresh`, {}),
      ),
    );
  }
  if (TI_BULK_REPS > 0) {
    rows.push(
      await series(
        'ti-bulk-all',
        `tech-insights: run all checks for every component (${manifest.n})`,
        TI_BULK_REPS,
        1,
        () => call('POST', '/api/tech-insights/checks/run', { entities: [] }),
      ),
    );
  }
  const stats = await probe(true);
  result.timingEventLoopMaxMs = Math.max(
    ...rows.filter(x => !x.failed).map(x => x.eventLoopMaxMs),
  );
  result.rssBytes = stats.rssBytes;
  result.heapUsedBytes = stats.heapUsedBytes;
  const by = Object.fromEntries(rows.map(x => [x.id, x]));
  for (const row of rows) {
    if (by['ti-checks']) {
      row.vsTechInsightsP50 = row.p50 / by['ti-checks'].p50;
      row.vsTechInsightsP95 = row.p95 / by['ti-checks'].p95;
    }
    if (by['catalog-read']) {
      row.vsCatalogP50 = row.p50 / by['catalog-read'].p50;
      row.vsCatalogP95 = row.p95 / by['catalog-read'].p95;
    }
  }
  result.rows = rows;
  result.finishedAt = new Date().toISOString();
  log(
    `backend RSS ${(stats.rssBytes / 1048576).toFixed(
      0,
    )} MiB; event loop while timing: max ${
      result.timingEventLoopMaxMs
    } ms (longest in one series)`,
  );
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
}

const [mode, out] = process.argv.slice(2);
(mode === 'wait-catalog'
  ? waitCatalog()
  : mode === 'run'
  ? run(out)
  : Promise.reject(new Error('usage: bench.js wait-catalog | run OUT.json'))
).catch(e => {
  console.error(e);
  process.exit(1);
});
