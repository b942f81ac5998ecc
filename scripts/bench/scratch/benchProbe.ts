/*
 * Benchmark only: copied into the scratch copy of the demo backend by
 * scripts/bench/setup-scratch.sh, never part of the product.
 *
 * GET /api/customer-impact-bench-probe/stats[?reset=true] answers the
 * backend process's event-loop delay (perf_hooks.monitorEventLoopDelay,
 * 5 ms resolution) since the last reset, and its memory. The longest delay
 * is the longest time something held the event loop.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Router } from 'express';
import { monitorEventLoopDelay } from 'perf_hooks';

export default createBackendPlugin({
  pluginId: 'customer-impact-bench-probe',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const histogram = monitorEventLoopDelay({ resolution: 5 });
        histogram.enable();
        let since = Date.now();
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
            },
            rssBytes: memory.rss,
            heapUsedBytes: memory.heapUsed,
          });
          if (req.query.reset === 'true') {
            histogram.reset();
            since = Date.now();
          }
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/stats', allow: 'unauthenticated' });
      },
    });
  },
});
