import { type ChildProcess, spawn } from 'node:child_process';
import { connectRedis, createRedisClient } from '../../shared/adapters/redis/client.js';
import { findRedisServer } from '../../shared/local/redis-server.js';
import { isAlive } from './processes.js';

/** A redis-server this test owns, on a port the test chose (e.g. the port of one it just killed). */
export interface RedisProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** SIGTERM, then SIGKILL if it lingers; resolves once the process is gone. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function ready(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const client = createRedisClient({ url, commandTimeoutMs: 200, connectTimeoutMs: 200 });
    client.on('error', () => undefined);
    const up = await connectRedis(client);
    client.disconnect();
    if (up) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

/**
 * Starts `redis-server --port <port> --bind 127.0.0.1 --save '' --appendonly no`: nothing persisted,
 * killed with the test process if a test forgets to stop it. Rejects when it cannot serve on that port.
 */
export async function startRedisOnPort(port: number, readyTimeoutMs = 5000): Promise<RedisProcess> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not on PATH');
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await exited(child, 2000))) {
      child.kill('SIGKILL');
      await exited(child, 2000);
    }
    if (child.pid !== undefined && isAlive(child.pid)) throw new Error(`redis-server ${child.pid} survived SIGKILL`);
  };

  const url = `redis://127.0.0.1:${port}`;
  if (child.pid === undefined || !(await ready(url, child, readyTimeoutMs))) {
    await stop();
    throw new Error(`redis-server did not start on port ${port}: ${output.trim()}`);
  }
  return { url, port, pid: child.pid, stop };
}
