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
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Router } from 'express';
import { PerformanceObserver, monitorEventLoopDelay } from 'perf_hooks';

export default createBackendPlugin({
  pluginId: 'customer-impact-bench-probe',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const histogram = monitorEventLoopDelay({ resolution: 5 });
        histogram.enable();
        let since = Date.now();
        const gc = { maxMs: 0, over50ms: 0 };
        new PerformanceObserver(list => {
          for (const entry of list.getEntries()) {
            gc.maxMs = Math.max(gc.maxMs, entry.duration);
            if (entry.duration >= 50) {
              gc.over50ms += 1;
            }
          }
        }).observe({ entryTypes: ['gc'] });
        const router = Router();
        router.get('/stats', (req, res) => {
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
              gcOver50ms: gc.over50ms,
            },
            rssBytes: memory.rss,
            heapUsedBytes: memory.heapUsed,
          });
          if (req.query.reset === 'true') {
            histogram.reset();
            gc.maxMs = 0;
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
