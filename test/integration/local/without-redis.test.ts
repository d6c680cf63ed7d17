import { afterEach, describe, expect, it, vi } from 'vitest';
import { findFreePort } from '../../../shared/local/free-port.js';
import { findRedisServer } from '../../../shared/local/redis-server.js';
import { startTestStack } from '../../helpers/local-stack.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Powertools writes INFO to stdout and WARN/ERROR to stderr: capture both. */
function captureOutput(): string[] {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
  return lines;
}

describe('local stack without Redis', () => {
  it('runs on L1 alone and says so exactly once when REDIS_URL points nowhere', async () => {
    const lines = captureOutput();
    const deadPort = await findFreePort();
    const stack = await startTestStack({ REDIS_URL: `redis://127.0.0.1:${deadPort}`, LOG_LEVEL: 'INFO' });
    try {
      expect(stack.deps.redis).toBeUndefined();
      expect((await fetch(`${stack.url}/health`)).status).toBe(200);
      expect((await fetch(`${stack.url}/health`)).status).toBe(200);
      expect(lines.filter((line) => line.includes('in-container L1 cache only'))).toHaveLength(1);
      expect(lines.join('\n')).not.toContain(String(deadPort));
    } finally {
      await stack.close();
    }
  });

  it('starts no redis-server when autostart is off', async () => {
    const stack = await startTestStack({ REDIS_AUTOSTART: 'false' });
    try {
      expect(stack.redisServer).toBeUndefined();
      expect(stack.deps.redis).toBeUndefined();
    } finally {
      await stack.close();
    }
  });

  it('finds no redis-server on an empty PATH', () => {
    expect(findRedisServer('')).toBeUndefined();
    expect(findRedisServer(process.env.PATH)).toMatch(/redis-server$/);
  });
});
