/*
 * Benchmark only: copied into the scratch copy of the demo backend by
 * scripts/bench/setup-scratch.sh, never part of the product.
 *
 * GET /api/customer-impact-bench-probe/stats[?reset=true] answers the
 * backend process's event-loop delay (perf_hooks.monitorEventLoopDelay,
 * 5 ms resolution) since the last reset, and its memory. The longest delay
 * is the longest time something held the event loop. Beside it, the
 * longest garbage-collection pause of the same window (PerformanceObserver,
 * entry type `gc`) and how many lasted 50 ms or more, so that a long hold
 * can be told from a collection of a large heap.
 *
 * With BENCH_PROFILE_DIR set in the backend's environment, a reset that names
 * the window that starts (`?reset=true&window=<name>`) also starts a V8 CPU
 * profile of the process (node:inspector, 1 ms sampling) and a watchdog of the
 * event loop (a 5 ms timer), and the next stats call stops them and writes
 * `<dir>/<nn>-<name>.cpuprofile`, with the holds the watchdog saw (`holds`:
 * [start, end] in the profile's µs):
 * `node scripts/bench/holds.js <file>` lists the longest holds and what ran in
 * them. BENCH_PROFILE_WINDOWS (a regular expression) profiles only the
 * windows it matches (`seed|mixed`: not the timed series).
 *
 * BENCH_V8_FLAGS in the backend's environment are V8 flags set when this
 * module loads (`v8.setFlagsFromString`), for those Node.js refuses in
 * NODE_OPTIONS: `--trace-gc-nvp` writes every collection's pause and its
 * phases to the backend's log, which `node scripts/bench/gc.js <log>` sums up.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Router } from 'express';
import {
  PerformanceObserver,
  constants,
  monitorEventLoopDelay,
  type PerformanceEntry,
} from 'perf_hooks';
import { Session } from 'inspector';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { setFlagsFromString } from 'v8';

if (process.env.BENCH_V8_FLAGS) {
  setFlagsFromString(process.env.BENCH_V8_FLAGS);
}

/** One CPU profile at a time, of the window named by the last reset. */
function windowProfiler(dir: string | undefined) {
  if (!dir) {
    return { async next(_window: string | undefined) {} };
  }
  mkdirSync(dir, { recursive: true });
  const only = new RegExp(process.env.BENCH_PROFILE_WINDOWS || '.');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params ?? {}, (err, result) =>
        err ? reject(err) : resolve(result),
      ),
    );
  let running: string | undefined;
  let count = 0;
  // The event loop's holds while profiling: a 5 ms timer that fires more
  // than 50 ms late was held up from its last firing until now. Times in µs
  // of the monotonic clock, as the profile's own.
  let holds: Array<[number, number]> = [];
  let last = 0;
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  const watchdog = setInterval(() => {
    const now = nowUs();
    if (last && now - last > 50_000) {
      holds.push([last, now]);
    }
    last = now;
  }, 5);
  watchdog.unref();
  return {
    async next(window: string | undefined) {
      if (running) {
        const { profile } = await post('Profiler.stop');
        await post('Profiler.disable');
        count += 1;
        const name = `${String(count).padStart(2, '0')}-${running}.cpuprofile`;
        writeFileSync(join(dir, name), JSON.stringify({ ...profile, holds }));
        running = undefined;
      }
      if (window && only.test(window)) {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 1000 });
        await post('Profiler.start');
        holds = [];
        last = 0;
        running = window.replace(/[^a-z0-9-]/gi, '_');
      }
      last = nowUs();
    },
  };
}

/** Which collection a `gc` entry was (Node's perf_hooks constants). */
function gcKindOf(entry: PerformanceEntry): string {
  const kind = (entry as PerformanceEntry & { detail?: { kind?: number } })
    .detail?.kind;
  switch (kind) {
    case constants.NODE_PERFORMANCE_GC_MINOR:
      return 'minor (scavenge)';
    case constants.NODE_PERFORMANCE_GC_MAJOR:
      return 'major (mark-compact)';
    case constants.NODE_PERFORMANCE_GC_INCREMENTAL:
      return 'incremental marking';
    case constants.NODE_PERFORMANCE_GC_WEAKCB:
      return 'weak callbacks';
    default:
      return String(kind);
  }
}

export default createBackendPlugin({
  pluginId: 'customer-impact-bench-probe',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const histogram = monitorEventLoopDelay({ resolution: 5 });
        histogram.enable();
        let since = Date.now();
        const gc = { maxMs: 0, maxKind: '', over50ms: 0 };
        new PerformanceObserver(list => {
          for (const entry of list.getEntries()) {
            if (entry.duration > gc.maxMs) {
              gc.maxMs = entry.duration;
              gc.maxKind = gcKindOf(entry);
            }
            if (entry.duration >= 50) {
              gc.over50ms += 1;
            }
          }
        }).observe({ entryTypes: ['gc'] });
        const profiler = windowProfiler(process.env.BENCH_PROFILE_DIR);
        const router = Router();
        router.get('/stats', async (req, res) => {
          const ms = (ns: number) => Math.round(ns / 1e4) / 100;
          const memory = process.memoryUsage();
          res.json({
            pid: process.pid,
            windowMs: Date.now() - since,
            eventLoopDelay: {
              count: histogram.count,
              mean: ms(histogram.mean),
              p50: ms(histogram.percentile(50)),
              p99: ms(histogram.percentile(99)),
              max: ms(histogram.max),
              gcMaxMs: Math.round(gc.maxMs * 100) / 100,
              gcMaxKind: gc.maxKind,
              gcOver50ms: gc.over50ms,
            },
            rssBytes: memory.rss,
            heapUsedBytes: memory.heapUsed,
          });
          const window =
            req.query.reset === 'true' && typeof req.query.window === 'string'
              ? req.query.window
              : undefined;
          await profiler.next(window);
          if (req.query.reset === 'true') {
            histogram.reset();
            gc.maxMs = 0;
            gc.maxKind = '';
            gc.over50ms = 0;
            since = Date.now();
          }
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/stats', allow: 'unauthenticated' });
      },
    });
  },
});
