import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { connectRedis, createRedisClient } from '../adapters/redis/client.js';
import { findFreePort } from './free-port.js';

export interface LocalRedis {
  readonly url: string;
  readonly pid: number;
  /** Ends the server and waits until the process is gone. */
  stop(): Promise<void>;
}

/** The first executable `redis-server` on PATH, if any. */
export function findRedisServer(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const client = createRedisClient({ url, commandTimeoutMs: 200, connectTimeoutMs: 200 });
    client.on('error', () => undefined);
    const ready = await connectRedis(client);
    client.disconnect();
    if (ready) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

/**
 * Starts a throw-away redis-server on `port` (loopback only, nothing persisted, killed with its
 * parent); `extraArgs` adds server options (e.g. cluster mode for tests). Resolves undefined
 * when it cannot serve there (port taken, binary broken).
 */
export async function startRedisOnPort(
  port: number,
  binary: string,
  readyTimeoutMs = 3000,
  extraArgs: readonly string[] = [],
): Promise<LocalRedis | undefined> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning', ...extraArgs];
  const child = spawn(binary, args, { stdio: 'ignore' });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 2000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 2000);
    }
  };
  const url = `redis://127.0.0.1:${port}`;
  if (child.pid !== undefined && (await waitUntilReady(url, child, readyTimeoutMs))) return { url, pid: child.pid, stop };
  await stop();
  return undefined;
}

/** Starts a throw-away redis-server on a free loopback port; undefined when none is installed or it cannot start. */
export async function startLocalRedis(binary = findRedisServer(), attempts = 3): Promise<LocalRedis | undefined> {
  if (!binary) return undefined;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const started = await startRedisOnPort(await findFreePort(), binary);
    if (started) return started;
  }
  return undefined;
}
