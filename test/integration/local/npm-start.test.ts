import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../shared/local/free-port.js';
import { descendantsOf, isAlive } from '../../helpers/processes.js';

const dataDir = mkdtempSync(join(tmpdir(), 'fundcast-start-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child?.pid && isAlive(child.pid)) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitForHealth(url: string, deadlineMs: number): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadlineMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('npm start', () => {
  it('serves /health within 15 s, 404s unknown routes, and leaves no child process after SIGTERM', async () => {
    const port = await findFreePort();
    const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
    delete env.REDIS_URL;
    delete env.STORE;
    child = spawn('npm', ['start', '--silent'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const health = await waitForHealth(`http://127.0.0.1:${port}/health`, Date.now() + 15_000);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', version: expect.any(String), uptimeSeconds: expect.any(Number) });

    const missing = await fetch(`http://127.0.0.1:${port}/no-such-route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');

    expect(output).toContain('L2 cache: Redis connected');
    const processes = descendantsOf(child.pid as number);
    const redisPid = Number(/"pid":(\d+)/.exec(output)?.[1]);
    expect(processes).toContain(redisPid);

    // 'close' fires once every process holding npm's stdout has exited, not just npm itself.
    const closed = new Promise<void>((resolve) => child?.once('close', () => resolve()));
    child.kill('SIGTERM');
    await closed;
    expect(output).toContain('"signal":"SIGTERM"');
    expect(processes.filter(isAlive)).toEqual([]);
  }, 60_000);
});
