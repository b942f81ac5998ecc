import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** One sample of an OpenMetrics counter series. */
export interface CounterSample {
  /** Unix seconds. */
  time: number;
  value: number;
}

/** A counter (or gauge) series: metric name, labels and its samples in time order. */
export interface CounterSeries {
  name: string;
  labels: Record<string, string>;
  samples: CounterSample[];
  /** Default `counter` (its name ends in `_total`). */
  type?: 'counter' | 'gauge';
}

/**
 * The OpenSLO file of the shop: a Prometheus DataSource on the operator's
 * server `server` and the SLO `shop-availability` (99.5 % of
 * `shop_requests_total` with code 200 over a rolling 30 days).
 */
export function shopAvailabilitySlos(server: string): string {
  return `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prometheus
spec:
  type: Prometheus
  connectionDetails:
    server: ${server}
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: shop-availability
spec:
  service: shop
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.995
  indicator:
    metadata:
      name: shop-non-5xx
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            metricSourceRef: prometheus
            spec:
              query: shop_requests_total{code="200"}
        total:
          metricSource:
            metricSourceRef: prometheus
            spec:
              query: shop_requests_total
`;
}

function which(binary: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/bin')) {
    const candidate = path.join(dir, binary);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Finds Debian's `prometheus` and `promtool` on the PATH. Installing them is
 * the job of the machine's setup (`scripts/test.sh` installs the Debian
 * package before the tests), never of a test. When they are missing this
 * returns null and says so loudly; the real-Prometheus tests are then
 * reported as skipped, never silently passed.
 */
export function findPrometheus(): {
  prometheus: string;
  promtool: string;
} | null {
  const prometheus = which('prometheus');
  const promtool = which('promtool');
  if (!prometheus || !promtool) {
    // eslint-disable-next-line no-console
    console.warn(
      [
        '',
        '################################################################',
        '#  SKIPPING the real-Prometheus tests: `prometheus`/`promtool`  #',
        '#  are not on the PATH. scripts/test.sh installs them; or run:  #',
        '#    apt-get install -y prometheus                             #',
        '################################################################',
        '',
      ].join('\n'),
    );
    return null;
  }
  return { prometheus, promtool };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** OpenMetrics text of counter and gauge series (one family per metric name). */
export function toOpenMetrics(series: CounterSeries[]): string {
  const families = new Map<string, CounterSeries[]>();
  for (const s of series) {
    families.set(s.name, [...(families.get(s.name) ?? []), s]);
  }
  const lines: string[] = [];
  for (const [name, members] of families) {
    const type = members[0].type ?? 'counter';
    const family = type === 'counter' ? name.replace(/_total$/, '') : name;
    lines.push(`# TYPE ${family} ${type}`);
    for (const s of members) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      for (const sample of s.samples) {
        lines.push(`${name}{${labels}} ${sample.value} ${sample.time}`);
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** A Prometheus server started on a free loopback port with backfilled history. */
export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

/**
 * Writes the series as OpenMetrics, backfills them with
 * `promtool tsdb create-blocks-from openmetrics`, starts Prometheus (no scrape
 * targets) on a free port and waits until it is ready.
 */
export async function startPrometheus(
  binaries: { prometheus: string; promtool: string },
  series: CounterSeries[],
): Promise<RunningPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-prometheus-'));
  const dataDir = path.join(dir, 'data');
  const metricsFile = path.join(dir, 'history.om.txt');
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(metricsFile, toOpenMetrics(series));
  fs.writeFileSync(
    configFile,
    'global:\n  scrape_interval: 15s\nscrape_configs: []\n',
  );
  execFileSync(
    binaries.promtool,
    ['tsdb', 'create-blocks-from', 'openmetrics', metricsFile, dataDir],
    { stdio: 'pipe', timeout: 120_000 },
  );

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'prometheus.log');
  const log = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(
    binaries.prometheus,
    [
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--config.file=${configFile}`,
      '--storage.tsdb.retention.time=30d',
    ],
    { stdio: ['ignore', log, log] },
  );
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const stop = async () => {
    if (!exited) {
      await new Promise<void>(resolve => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => {
          if (!exited) child.kill('SIGKILL');
        }, 10_000).unref();
      });
    }
    fs.closeSync(log);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      const output = fs.readFileSync(logFile, 'utf8');
      await stop();
      throw new Error(`Prometheus exited at start:\n${output.slice(-2000)}`);
    }
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('Prometheus did not become ready within 60 s');
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  return { url, stop };
}
