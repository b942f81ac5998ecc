import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';

/** What the child backend (./child.ts) is started with. */
export interface KillableBackendOptions {
  /** The whole config (`backend.database` must be on disk or PostgreSQL). */
  config: object;
  /** The catalog the plugin reads. */
  entities: Entity[];
  /** Modules to add, as paths the child can `require` (TypeScript is fine). */
  modules?: string[];
  /** Tables whose writes (insert, update, delete) the child reports. */
  watch?: string[];
  /** Stop the process after the `write`-th completed write into `table`. */
  freezeAt?: { table: string; write: number };
}

/** A backend in its own OS process, to be killed with SIGKILL. */
export interface KillableBackend {
  url: string;
  /** The child's output so far (for failure messages). */
  output(): string;
  /** Resolves with the first `@@killable` line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Every `@@killable` line so far. */
  lines(): string[];
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
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

/** A static external-access token the child backend accepts (every permission). */
export const KILLABLE_BACKEND_TOKEN = 'killable-backend-test-token';

/**
 * The config of a child backend on `port` with `database`, a static token
 * ({@link KILLABLE_BACKEND_TOKEN}) and `extra` merged at the top level.
 */
export function killableBackendConfig(
  port: number,
  database: object,
  extra: Record<string, unknown> = {},
): object {
  return {
    app: { baseUrl: 'http://127.0.0.1:3000' },
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database,
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: KILLABLE_BACKEND_TOKEN, subject: 'crash-test' },
          },
        ],
      },
    },
    ...extra,
  };
}

/**
 * Starts ./child.ts in a new node process (TypeScript through the Backstage
 * CLI's node transform, as `yarn bench:slo` runs) and waits until its
 * readiness route answers.
 */
export async function startKillableBackend(
  options: KillableBackendOptions & { port: number },
): Promise<KillableBackend> {
  const { port, ...childOptions } = options;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'child.ts'),
    ],
    {
      cwd: path.resolve(__dirname, '../../..'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: process.env.KILLABLE_LOG_LEVEL ?? 'warn',
        CI_KILLABLE_BACKEND: JSON.stringify(childOptions),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let output = '';
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (l: string) => void }> = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    partial += text;
    let nl = partial.indexOf('\n');
    while (nl >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      if (line.startsWith('@@killable ')) {
        const message = line.slice('@@killable '.length);
        lines.push(message);
        for (const w of [...waiters]) {
          if (w.pattern.test(message)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(message);
          }
        }
      }
      nl = partial.indexOf('\n');
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  let exited = false;
  const exit = new Promise<void>(resolve =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // The IPC channel only tells the child when we go away.
  child.on('error', () => {});

  const tail = () => output.slice(-4000);
  const waitForLine = (pattern: RegExp, timeoutMs = 60_000) => {
    const seen = lines.find(l => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const waiter = { pattern, resolve: (l: string) => resolve(l) };
      waiters.push(waiter);
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `No line ${pattern} from the child backend within ${timeoutMs} ms; its output:\n${tail()}`,
          ),
        );
      }, timeoutMs);
      exit.then(() => {
        clearTimeout(timer);
        if (waiters.includes(waiter)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(
              `The child backend exited before ${pattern}; its output:\n${tail()}`,
            ),
          );
        }
      });
      const original = waiter.resolve;
      waiter.resolve = l => {
        clearTimeout(timer);
        original(l);
      };
    });
  };
  const kill = async () => {
    if (!exited) {
      child.kill('SIGKILL');
      await exit;
    }
  };
  const stop = async () => {
    if (!exited) {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exit;
      clearTimeout(timer);
    }
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForLine(/^started$|^failed /, 90_000).then(line => {
      if (line.startsWith('failed')) throw new Error(line);
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${url}/.backstage/health/v1/readiness`)
        .then(r => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) {
        throw new Error('the readiness route did not answer within 30 s');
      }
      await new Promise(r => setTimeout(r, 100));
    }
  } catch (error) {
    await kill();
    throw new Error(
      `The child backend did not start: ${
        (error as Error).message
      }\nIts output:\n${tail()}`,
    );
  }
  return {
    url,
    output: () => output,
    lines: () => [...lines],
    waitForLine,
    kill,
    stop,
  };
}
