#!/usr/bin/env node
// `yarn bench:page` (through scripts/bench/page.sh): how long the entity page
// takes, warm, in Chromium, until every Customer Impact card on it shows its
// content, in the demo's new-frontend-system app and in the legacy app.
// docs/benchmarks.md, "The entity page in Chromium", says what is measured.
//
// Environment:
//   E2E_APP_PORT (3000), E2E_BACKEND_PORT (7007), E2E_LEGACY_APP_PORT (3001):
//     the demo's ports, as in e2e/playwright.config.ts. A demo already running
//     there is reused; otherwise `yarn start` / `yarn start:legacy` are started
//     with APP_CONFIG_ overrides for those ports and stopped at the end.
//   CHROMIUM_PATH (/usr/bin/chromium)
//   BENCH_PAGE_REPS (20): timed loads per entity and app; BENCH_PAGE_WARMUP (3)
//   BENCH_PAGE_SPA_REPS (BENCH_PAGE_REPS): timed client-side navigations (0: none)
//   BENCH_PAGE_APPS (nfs,legacy; also built: the production build of the new
//     frontend app served by the backend, and legacy-built: the production
//     build of the legacy app served from its dist folder at the legacy port;
//     see page.sh), BENCH_PAGE_ENTITIES (all of ENTITIES below, by name)
//   BENCH_PAGE_TARGET_MS (1500)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const http = require('http');
const { chromium } = require('@playwright/test');

const ROOT = path.resolve(__dirname, '../..');
const num = (name, dflt) =>
  process.env[name] === undefined || process.env[name] === ''
    ? dflt
    : Number(process.env[name]);
const APP_PORT = process.env.E2E_APP_PORT || '3000';
const BACKEND_PORT = process.env.E2E_BACKEND_PORT || '7007';
const LEGACY_PORT = process.env.E2E_LEGACY_APP_PORT || '3001';
const BACKEND = `http://127.0.0.1:${BACKEND_PORT}`;
const REPS = num('BENCH_PAGE_REPS', 20);
const WARMUP = num('BENCH_PAGE_WARMUP', 3);
const SPA_REPS = num('BENCH_PAGE_SPA_REPS', REPS);
const TARGET_MS = num('BENCH_PAGE_TARGET_MS', 1500);
const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CARD_TIMEOUT_MS = 60_000;

/**
 * The Customer Impact cards, by the title each card component renders once it
 * has its content (plugins/customer-impact/src/components): an InfoCard's
 * header title, or the h2 of the compact "not set up" card (NotConfigured).
 * The loading state of a card is an InfoCard with the same title and a
 * <Progress /> (data-testid="progress") as its body; in the new frontend
 * system a card whose code has not arrived yet is a <Progress /> without a
 * card. The banner is a WarningPanel (an Accordion) titled by what it warns of.
 */
const CARD = {
  banner: { banner: true }, // title per entity
  painIndex: { title: 'Pain index' },
  deprecation: { title: 'Deprecation: who still depends on it' },
  slos: { title: 'SLOs' },
  supportLoad: { title: 'Support load' },
  journeys: { title: 'Journeys that pass through here' },
  changes: { title: 'Changes and relief' },
};

/**
 * The entities measured, from the demo data (examples/entities.yaml,
 * examples/journeys.yaml, packages/backend/src/demo), with the cards each
 * shows in each app: the new frontend system app mounts every card of the
 * plugin (app-config.yaml, app.extensions; the changes card too), the legacy
 * app the cards of packages/app-legacy/src/components/catalog/EntityPage.tsx
 * (no changes card). A card's own filter decides the rest: the deprecation
 * card on deprecated entities, the journeys card where a journey step goes
 * through, the banner where the entity is deprecated or depends on a
 * deprecated one (it renders nothing otherwise).
 * `ready` tells from the summary that the demo has pushed the entity's data.
 */
const ENTITIES = [
  {
    // SLOs (one paging), support events (a bad on-call shift), journeys.
    name: 'payments-service',
    kind: 'component',
    title: 'Payments service',
    cards: ['painIndex', 'slos', 'supportLoad', 'journeys', 'changes'],
    ready: s =>
      s.slos?.slos?.some(x => x.state === 'page') &&
      s.supportLoad?.status === 'ok' &&
      s.journeys?.status === 'ok',
  },
  {
    // Deprecated without a replacement, one dependent, 12 weeks of burndown,
    // support events, a journey step; no SLOs (the card says how to add them).
    name: 'legacy-build-runner',
    kind: 'component',
    title: 'Legacy build runner',
    banner: 'This Component is deprecated',
    cards: [
      'banner',
      'painIndex',
      'deprecation',
      'slos',
      'supportLoad',
      'journeys',
      'changes',
    ],
    ready: s =>
      s.deprecation?.deprecated &&
      s.deprecation.burndown?.length > 0 &&
      s.supportLoad?.status === 'ok' &&
      s.journeys?.status === 'ok',
  },
  {
    // The deprecated API: three dependents, an exemption, burndown, support events.
    name: 'payments-v1',
    kind: 'api',
    title: 'Payments API v1',
    banner: 'This API is deprecated',
    cards: [
      'banner',
      'painIndex',
      'deprecation',
      'slos',
      'supportLoad',
      'changes',
    ],
    ready: s =>
      s.deprecation?.dependents?.length === 3 &&
      s.deprecation.burndown?.some(
        p => p.date === new Date().toISOString().slice(0, 10),
      ) &&
      s.supportLoad?.status === 'ok',
  },
];

const APPS = [
  {
    id: 'nfs',
    label: 'new frontend system',
    url: `http://localhost:${APP_PORT}`,
    // The catalog list is the demo's home page (app-config.yaml, page:catalog).
    listPath: '/',
    cards: c => c,
  },
  {
    // The same app as `nfs`, built for production (`yarn workspace app build`,
    // which page.sh runs for BENCH_PAGE_APPS=built) and served by the demo
    // backend itself (@backstage/plugin-app-backend, at the backend's port):
    // hashed bundles with cache headers, minified, as a portal serves it.
    id: 'built',
    label: 'new frontend system, production build served by the backend',
    url: `http://localhost:${BACKEND_PORT}`,
    listPath: '/',
    cards: c => c,
  },
  {
    id: 'legacy',
    label: 'legacy',
    url: `http://localhost:${LEGACY_PORT}`,
    listPath: '/catalog',
    cards: c => c.filter(x => x !== 'changes'),
  },
  {
    // The legacy app built for production (`yarn workspace app-legacy build`,
    // which page.sh runs for BENCH_PAGE_APPS=legacy-built; its config,
    // app-config.yaml with app-config.legacy.yaml, is built in) and served
    // from packages/app-legacy/dist at the legacy app's port by this script
    // (`serveBuiltLegacyApp`), as a web server in front of a portal serves
    // it: hashed files cached for a year, index.html never.
    id: 'legacy-built',
    label: 'legacy, production build served from its dist folder',
    url: `http://localhost:${LEGACY_PORT}`,
    listPath: '/catalog',
    cards: c => c.filter(x => x !== 'changes'),
  },
];

/** BENCH_PAGE_APPS: the ids of APPS measured, in order (default nfs,legacy). */
function selectedApps() {
  return (process.env.BENCH_PAGE_APPS || 'nfs,legacy').split(',');
}

// ---------------------------------------------------------------- the demo

const started = [];

async function answers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return res.ok;
  } catch {
    return false;
  }
}

function startDemo(what, script, env, logFile) {
  const log = fs.openSync(logFile, 'w');
  const args = Array.isArray(script) ? script : [script];
  const child = spawn('yarn', args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true, // its own process group, stopped as a whole
    stdio: ['ignore', log, log],
  });
  started.push({ what, child });
  console.log(
    `starting ${what}: yarn ${args.join(' ')} (pid ${
      child.pid
    }, log ${path.relative(ROOT, logFile)})`,
  );
  return child;
}

function stopDemo() {
  for (const { what, child } of started.splice(0)) {
    if (child.exitCode !== null) continue;
    try {
      if (child.stop) child.stop();
      else process.kill(-child.pid, 'SIGTERM');
      console.log(`stopped ${what} (pid ${child.pid})`);
    } catch {
      /* gone */
    }
  }
}
process.on('SIGINT', () => {
  stopDemo();
  process.exit(130);
});
process.on('SIGTERM', () => {
  stopDemo();
  process.exit(143);
});

async function poll(what, fn, seconds) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`never ready: ${what}${last ? ` (${last})` : ''}`);
}

const LEGACY_DIST = path.join(ROOT, 'packages', 'app-legacy', 'dist');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the legacy app's production build at LEGACY_PORT: the files of
 * packages/app-legacy/dist, index.html for every path that names no file
 * (the app routes in the browser). Files under static/ have content hashes
 * in their names and are cached for a year; index.html is never cached, so
 * a reload asks for it and finds its scripts in the cache.
 */
function serveBuiltLegacyApp() {
  const index = path.join(LEGACY_DIST, 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(
      `no production build of the legacy app in ${path.relative(
        ROOT,
        LEGACY_DIST,
      )}: run it through page.sh (yarn bench:page), which builds it`,
    );
  }
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    let file;
    try {
      // path.join resolves any '..'; the check below keeps it inside dist.
      file = path.join(LEGACY_DIST, decodeURIComponent(pathname));
    } catch {
      file = index; // a malformed escape
    }
    const isFile =
      file.startsWith(LEGACY_DIST + path.sep) &&
      fs.existsSync(file) &&
      fs.statSync(file).isFile();
    if (!isFile && path.extname(pathname) !== '') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`no ${pathname} in the build`);
      return;
    }
    const found = isFile ? file : index;
    res.writeHead(200, {
      'Content-Type':
        CONTENT_TYPES[path.extname(found)] || 'application/octet-stream',
      'Cache-Control':
        found === index
          ? 'no-store'
          : pathname.startsWith('/static/')
          ? 'public, max-age=31536000, immutable'
          : 'public, max-age=0, must-revalidate',
    });
    fs.createReadStream(found).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(LEGACY_PORT), () => {
      console.log(
        `serving the legacy app's production build at http://localhost:${LEGACY_PORT}`,
      );
      started.push({
        what: 'the legacy production build server',
        child: {
          exitCode: null,
          stop: () => {
            server.close();
            server.closeAllConnections();
          },
        },
      });
      resolve(server);
    });
  });
}

/** Starts what is not running yet, as e2e/playwright.config.ts does. */
async function ensureDemo(outDir) {
  const defaults =
    APP_PORT === '3000' && BACKEND_PORT === '7007' && LEGACY_PORT === '3001';
  const cors = JSON.stringify([
    `http://localhost:${APP_PORT}`,
    `http://localhost:${LEGACY_PORT}`,
  ]);
  const apps = selectedApps();
  if (!(await answers(`${BACKEND}/.backstage/health/v1/readiness`))) {
    // Without the development app (only the built one, or only the legacy
    // app): the backend alone, which serves the built app when there is one.
    const devApp = apps.includes('nfs');
    startDemo(
      devApp ? 'the demo (backend and new-frontend app)' : 'the demo backend',
      devApp ? 'start' : ['workspace', 'backend', 'start'],
      defaults
        ? {}
        : {
            APP_CONFIG_app_baseUrl: `http://localhost:${APP_PORT}`,
            APP_CONFIG_backend_baseUrl: `http://localhost:${BACKEND_PORT}`,
            APP_CONFIG_backend_listen_port: BACKEND_PORT,
            APP_CONFIG_backend_cors_origin: cors,
          },
      path.join(outDir, 'demo.log'),
    );
  } else {
    console.log(`reusing the demo backend at ${BACKEND}`);
  }
  if (
    apps.includes('legacy') &&
    !(await answers(`http://localhost:${LEGACY_PORT}`))
  ) {
    startDemo(
      'the legacy app',
      'start:legacy',
      defaults
        ? {}
        : {
            APP_CONFIG_app_baseUrl: `http://localhost:${LEGACY_PORT}`,
            APP_CONFIG_backend_baseUrl: `http://localhost:${BACKEND_PORT}`,
          },
      path.join(outDir, 'legacy.log'),
    );
  } else if (apps.includes('legacy')) {
    console.log(`reusing the legacy app at http://localhost:${LEGACY_PORT}`);
  }
  if (apps.includes('legacy-built')) {
    if (apps.includes('legacy')) {
      throw new Error(
        `legacy and legacy-built share the legacy port ${LEGACY_PORT}: measure them in two runs`,
      );
    }
    if (await answers(`http://localhost:${LEGACY_PORT}`)) {
      throw new Error(
        `something answers at the legacy port ${LEGACY_PORT} (the development server of yarn start:legacy?): stop it to measure the production build there`,
      );
    }
    await serveBuiltLegacyApp();
  }
  await poll(
    'the backend',
    () => answers(`${BACKEND}/.backstage/health/v1/readiness`),
    600,
  );
  for (const app of APPS.filter(a => selectedApps().includes(a.id))) {
    await poll(`the ${app.label} app`, () => answers(app.url), 600);
  }
  // The demo's data: pushed by the demo at start, some of it minutes later.
  const token = await poll(
    'guest sign-in',
    async () => {
      const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
        method: 'POST',
      });
      return res.ok ? (await res.json()).backstageIdentity.token : undefined;
    },
    300,
  );
  for (const entity of selectedEntities()) {
    await poll(
      `the demo data of ${entity.kind}:${entity.name}`,
      async () => {
        const res = await fetch(
          `${BACKEND}/api/customer-impact/v1/entities/${entity.kind}/default/${entity.name}`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        return res.ok && entity.ready(await res.json());
      },
      300,
    );
  }
  console.log('the demo is ready');
}

// ------------------------------------------------------------ in the page

/**
 * Runs in the page, every animation frame: true once every expected card
 * shows its content. A card shows its content when
 *  - it is on the page: the card (`MuiCard-root`) whose header title, or the
 *    h2 of the compact not-set-up card, is exactly its title; for the banner
 *    the WarningPanel (`MuiAccordion-root`) whose summary holds its title;
 *  - it is rendered: `checkVisibility()` and a non-empty box;
 *  - nothing in it is still loading: no <Progress /> (data-testid="progress",
 *    even while it is hidden during its first 250 ms), no indeterminate
 *    progressbar (one without aria-valuenow: the SLO card's error-budget bars
 *    are determinate ones, they are content), no MUI skeleton;
 *  - it has a body: text beyond its title; and every chart in it (a recharts
 *    ResponsiveContainer) has drawn its svg.
 * The first frame in which all hold is recorded as window.__ciVisibleAt
 * (performance.now(), i.e. ms since the navigation started for a full load).
 */
function allCardsVisible({ cards: expected, title }) {
  // The catalog's own part of the page, for comparison: the first frame in
  // which the entity page's header (the heading with the entity's title, an
  // h1 in the legacy app, an h2 of the new header in the other) shows.
  if (window.__ciHeaderAt === undefined) {
    const h1 = [...document.querySelectorAll('h1, h2')].find(
      h =>
        h.textContent.trim() === title &&
        !h.closest('[class*="MuiCard-root"]') &&
        h.checkVisibility(),
    );
    if (h1) window.__ciHeaderAt = performance.now();
  }
  // Class names are matched by substring: the legacy app's are suffixed
  // (MuiCard-root-873).
  const CARD_ROOT = '[class*="MuiCard-root"]';
  const CARD_TITLE = '[class*="MuiCardHeader-title"], h2';
  const state = (window.__ciCardState = {});
  const titleOf = el => (el ? el.textContent.trim() : '');
  let all = true;
  for (const spec of expected) {
    let root = null;
    if (spec.banner) {
      for (const acc of document.querySelectorAll(
        '[class*="MuiAccordion-root"]',
      )) {
        const summary = acc.querySelector(
          '[class*="MuiAccordionSummary-root"]',
        );
        if (summary && summary.textContent.includes(spec.title)) {
          root = acc;
          break;
        }
      }
    } else {
      for (const card of document.querySelectorAll(CARD_ROOT)) {
        const heading = card.querySelector(CARD_TITLE);
        if (
          heading &&
          heading.closest(CARD_ROOT) === card &&
          titleOf(heading) === spec.title
        ) {
          root = card;
          break;
        }
      }
    }
    let why = 'ok';
    if (!root) why = 'missing';
    else {
      const box = root.getBoundingClientRect();
      if (!root.checkVisibility() || box.width === 0 || box.height === 0) {
        why = 'hidden';
      } else if (
        root.querySelector(
          '[data-testid="progress"], [role="progressbar"]:not([aria-valuenow]), [class*="MuiSkeleton-root"]',
        )
      ) {
        why = 'loading';
      } else if (root.innerText.replace(spec.title, '').trim().length === 0) {
        why = 'empty';
      } else if (
        [...root.querySelectorAll('.recharts-responsive-container')].some(
          c => !c.querySelector('svg.recharts-surface'),
        )
      ) {
        why = 'chart not drawn';
      }
    }
    state[spec.id] = why;
    if (why !== 'ok') all = false;
  }
  if (all && window.__ciVisibleAt === undefined) {
    window.__ciVisibleAt = performance.now();
  }
  return all;
}

/** Navigation timing and the /api/customer-impact requests of the page. */
function pageFigures(since) {
  const nav = performance.getEntriesByType('navigation')[0];
  const visibleAt = window.__ciVisibleAt;
  const headerAt = window.__ciHeaderAt;
  const requests = performance
    .getEntriesByType('resource')
    .filter(
      e => e.name.includes('/api/customer-impact/') && e.startTime >= since,
    )
    .map(e => {
      const url = new URL(e.name);
      return {
        path:
          url.pathname.replace(/^.*\/api\/customer-impact/, '') + url.search,
        start: e.startTime,
        end: e.responseEnd,
        duration: e.duration,
      };
    });
  const before = requests.filter(r => r.start <= visibleAt);
  // The JavaScript the page loaded (bytes over the wire, and decoded).
  const scripts = performance
    .getEntriesByType('resource')
    .filter(e => e.startTime >= since && /\.js(\?|$)/.test(e.name));
  // When the page asked the backend for what (auth, catalog, ours), for the
  // question "where did the time go".
  const api = performance
    .getEntriesByType('resource')
    .filter(e => e.startTime >= since && e.name.includes('/api/'))
    .map(e => ({
      path: new URL(e.name).pathname.replace(/^\/api/, '').slice(0, 60),
      start: Math.round(e.startTime - since),
      end: Math.round(e.responseEnd - since),
    }));
  return {
    visibleAt,
    headerAt,
    cardsAfterHeader: headerAt === undefined ? null : visibleAt - headerAt,
    api,
    jsTransferredKiB: Math.round(
      scripts.reduce((s, e) => s + e.transferSize, 0) / 1024,
    ),
    jsDecodedKiB: Math.round(
      scripts.reduce((s, e) => s + e.decodedBodySize, 0) / 1024,
    ),
    afterDomContentLoaded:
      nav && since === 0 ? visibleAt - nav.domContentLoadedEventEnd : null,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
    load: nav ? nav.loadEventEnd : null,
    ciRequests: before.length,
    ciRequestMs: before.reduce((s, r) => s + r.duration, 0),
    ciRequestsAfter: requests.length - before.length,
    requests,
  };
}

// ------------------------------------------------------------- measuring

function selectedEntities() {
  const names = (process.env.BENCH_PAGE_ENTITIES || '')
    .split(',')
    .filter(Boolean);
  return names.length ? ENTITIES.filter(e => names.includes(e.name)) : ENTITIES;
}

function expectedCards(app, entity) {
  return app.cards(entity.cards).map(id => ({
    id,
    ...CARD[id],
    title: id === 'banner' ? entity.banner : CARD[id].title,
  }));
}

/**
 * Signs in as the guest (as e2e/tests/signIn.ts does), once per browser
 * context: later loads in the context sign in again silently, as a person's
 * browser does, and that is part of every timed load.
 */
async function signIn(page, url, entityTitle) {
  const enter = page.getByRole('button', { name: 'Enter' });
  const refused = page.getByText(/You cannot sign in as a guest/).first();
  const signedIn = page.getByRole('heading', { name: entityTitle }).first();
  for (let attempt = 1; attempt <= 3; attempt++) {
    // The first load of a dev-server bundle can take minutes on 2 cores.
    await page.goto(url, { timeout: 300_000 });
    await enter.or(signedIn).first().waitFor({ timeout: 300_000 });
    if (await signedIn.isVisible()) return;
    await enter.click();
    await refused.or(signedIn).first().waitFor({ timeout: 120_000 });
    if (await signedIn.isVisible()) return;
  }
  throw new Error('guest sign-in refused three times');
}

async function waitForCards(page, expected) {
  // expected: { cards, title }
  try {
    await page.waitForFunction(allCardsVisible, expected, {
      polling: 'raf',
      timeout: CARD_TIMEOUT_MS,
    });
  } catch (e) {
    const state = await page
      .evaluate(() => window.__ciCardState)
      .catch(() => undefined);
    throw new Error(
      `the cards never all showed their content on ${page.url()}: ${JSON.stringify(
        state,
      )} (${e.message.split('\n')[0]})`,
    );
  }
}

/** One full load of the entity page: navigation start to all cards visible. */
async function fullLoad(page, url, expected) {
  await page.goto(url, { waitUntil: 'commit' });
  await waitForCards(page, expected);
  await page.waitForLoadState('load');
  return page.evaluate(pageFigures, 0);
}

/** From the catalog list, a click on the entity's link: click to all cards visible. */
async function spaNavigation(page, listUrl, entityPath, expected) {
  await page.goto(listUrl);
  const link = page.locator(`a[href="${entityPath}"]`).first();
  await link.waitFor({ timeout: 60_000 });
  await page.waitForLoadState('load');
  // Let the list settle so that its own requests do not overlap the click.
  await page.waitForTimeout(300);
  const clickAt = await page.evaluate(href => {
    window.__ciVisibleAt = undefined;
    window.__ciHeaderAt = undefined;
    const a = document.querySelector(`a[href="${href}"]`);
    const t = performance.now();
    a.click();
    return t;
  }, entityPath);
  await waitForCards(page, expected);
  const figures = await page.evaluate(pageFigures, clickAt);
  return {
    ...figures,
    visibleAt: figures.visibleAt - clickAt,
    headerAt: figures.headerAt - clickAt,
    domContentLoaded: null,
    afterDomContentLoaded: null,
    load: null,
  };
}

/**
 * A screenshot of the whole page. The legacy app scrolls inside its page
 * element, not the document, so `fullPage` alone would stop at the viewport:
 * the viewport is made as tall as the tallest scrolling content for the shot.
 */
async function screenshotWhole(page, file) {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() =>
    Math.max(
      document.documentElement.scrollHeight,
      ...[...document.querySelectorAll('*')]
        .filter(e => e.scrollHeight > e.clientHeight + 1)
        .filter(e => /(auto|scroll)/.test(getComputedStyle(e).overflowY))
        .map(e => e.scrollHeight + e.getBoundingClientRect().top),
    ),
  );
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(Math.ceil(height), 10_000),
  });
  await page.waitForTimeout(300); // charts resize to the new box
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(viewport);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function stats(values) {
  const v = values.filter(x => Number.isFinite(x)).sort((a, b) => a - b);
  return {
    n: v.length,
    p50: percentile(v, 50),
    p95: percentile(v, 95),
    max: v.length ? v[v.length - 1] : null,
  };
}

function summarise(samples) {
  return {
    visible: stats(samples.map(s => s.visibleAt)),
    header: stats(samples.map(s => s.headerAt)),
    cardsAfterHeader: stats(samples.map(s => s.cardsAfterHeader)),
    domContentLoaded: stats(samples.map(s => s.domContentLoaded)),
    afterDomContentLoaded: stats(samples.map(s => s.afterDomContentLoaded)),
    jsTransferredKiB: stats(samples.map(s => s.jsTransferredKiB)),
    load: stats(samples.map(s => s.load)),
    ciRequests: stats(samples.map(s => s.ciRequests)),
    ciRequestMs: stats(samples.map(s => s.ciRequestMs)),
  };
}

const ms = x => (x === null || x === undefined ? '-' : `${Math.round(x)}`);

async function main() {
  const stamp =
    new Date().toISOString().replace(/[:.]/g, '').slice(0, 15) + 'Z';
  const outDir = path.join(ROOT, 'bench-results', `page-${stamp}`);
  fs.mkdirSync(outDir, { recursive: true });
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: ROOT,
      })
        .toString()
        .trim();
    } catch {
      return 'unknown';
    }
  })();
  const apps = selectedApps();
  await ensureDemo(outDir);

  const browser = await chromium.launch({
    executablePath: EXECUTABLE,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const meta = {
    date: new Date().toISOString(),
    commit,
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      loadavgAtStart: os.loadavg().map(x => Math.round(x * 100) / 100),
      node: process.version,
      chromium: browser.version(),
    },
    params: {
      REPS,
      WARMUP,
      SPA_REPS,
      TARGET_MS,
      APP_PORT,
      BACKEND_PORT,
      LEGACY_PORT,
    },
  };
  console.log(
    `\nentity page benchmark: ${REPS} timed loads after ${WARMUP} warm-ups per entity and app` +
      `${SPA_REPS ? `, ${SPA_REPS} client-side navigations` : ''}; Chromium ${
        meta.machine.chromium
      }; commit ${commit}`,
  );
  const results = [];
  try {
    for (const app of APPS.filter(a => apps.includes(a.id))) {
      // One browser context per app: its HTTP cache and its guest session
      // are shared by every load that follows.
      const context = await browser.newContext({
        viewport: { width: 1440, height: 1000 },
      });
      const page = await context.newPage();
      await page.addInitScript(() =>
        performance.setResourceTimingBufferSize(5000),
      );
      const first = selectedEntities()[0];
      await signIn(
        page,
        `${app.url}/catalog/default/${first.kind}/${first.name}`,
        first.title,
      );
      for (const entity of selectedEntities()) {
        const entityPath = `/catalog/default/${entity.kind}/${entity.name}`;
        const url = `${app.url}${entityPath}`;
        const expected = {
          cards: expectedCards(app, entity),
          title: entity.title,
        };
        for (let i = 0; i < WARMUP; i++) await fullLoad(page, url, expected);
        const samples = [];
        for (let i = 0; i < REPS; i++) {
          samples.push(await fullLoad(page, url, expected));
        }
        const shot = path.join(outDir, `${app.id}-${entity.name}.png`);
        await screenshotWhole(page, shot);
        const cardsOnPage = await page.evaluate(() =>
          [...document.querySelectorAll('[class*="MuiCard-root"]')]
            .map(c => c.querySelector('[class*="MuiCardHeader-title"], h2'))
            .filter(Boolean)
            .map(h => h.textContent.trim()),
        );
        const row = {
          app: app.id,
          entity: `${entity.kind}:default/${entity.name}`,
          mode: 'full load',
          cards: expected.cards.map(c => c.id),
          cardsOnPage,
          screenshot: path.relative(ROOT, shot),
          ...summarise(samples),
          samples,
        };
        results.push(row);
        printRow(row);
        if (SPA_REPS > 0) {
          const listUrl = `${app.url}${app.listPath}?filters%5Bkind%5D=${entity.kind}&filters%5Buser%5D=all`;
          await spaNavigation(page, listUrl, entityPath, expected); // warm-up
          const spa = [];
          for (let i = 0; i < SPA_REPS; i++) {
            spa.push(await spaNavigation(page, listUrl, entityPath, expected));
          }
          const spaRow = {
            app: app.id,
            entity: `${entity.kind}:default/${entity.name}`,
            mode: 'from the catalog list',
            cards: expected.cards.map(c => c.id),
            ...summarise(spa),
            samples: spa,
          };
          results.push(spaRow);
          printRow(spaRow);
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
    meta.machine.loadavgAtEnd = os
      .loadavg()
      .map(x => Math.round(x * 100) / 100);
    fs.writeFileSync(
      path.join(outDir, 'results.json'),
      JSON.stringify({ meta, results }, null, 2),
    );
    stopDemo();
  }
  console.log('');
  printTable(results);
  console.log(
    `\nresults: ${path.relative(
      ROOT,
      outDir,
    )}/results.json, screenshots beside it`,
  );
}

function printRow(r) {
  console.log(
    `  ${r.app.padEnd(6)} ${r.entity.padEnd(34)} ${r.mode.padEnd(
      22,
    )} header p50 ${ms(r.header.p50)}, all cards visible p50 ${ms(
      r.visible.p50,
    )} p95 ${ms(r.visible.p95)} max ${ms(r.visible.max)} ms`,
  );
}

function printTable(results) {
  const head = [
    'app',
    'entity',
    'measured',
    'cards',
    'header p50',
    'visible p50',
    'p95',
    'max',
    `≤ ${TARGET_MS} ms (p95)`,
    'DCL p50',
    'load p50',
    'DCL→visible p50',
    'header→visible p50',
    'JS KiB over the wire',
    'CI requests',
    'CI req. ms p50',
  ];
  const rows = results.map(r => [
    r.app,
    r.entity,
    r.mode,
    String(r.cards.length),
    ms(r.header.p50),
    ms(r.visible.p50),
    ms(r.visible.p95),
    ms(r.visible.max),
    r.visible.p95 <= TARGET_MS ? 'met' : 'missed',
    ms(r.domContentLoaded.p50),
    ms(r.load.p50),
    ms(r.afterDomContentLoaded.p50),
    ms(r.cardsAfterHeader.p50),
    r.jsTransferredKiB.p50 === null ? '-' : String(r.jsTransferredKiB.p50),
    r.ciRequests.p50 === r.ciRequests.max
      ? String(r.ciRequests.p50)
      : `${r.ciRequests.p50}-${r.ciRequests.max}`,
    ms(r.ciRequestMs.p50),
  ]);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main().catch(e => {
  console.error(e);
  stopDemo();
  process.exit(1);
});
