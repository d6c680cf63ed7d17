import { randomUUID } from 'node:crypto';
import { connectRedis, createRedisClient, type RedisConnection } from '../../../../shared/adapters/redis/client.js';
import { RedisRateLimiter } from '../../../../shared/adapters/redis/rate-limiter.js';
import type { RateLimitLogger } from '../../../../shared/auth/rate-limit/port.js';

export interface LogLine {
  level: 'warn' | 'info';
  message: string;
  attributes: Record<string, unknown> | undefined;
}

/** A logger that keeps what it is told, for asserting on the outage warnings. */
export function recordingLogger(): RateLimitLogger & { lines: LogLine[]; count(level: LogLine['level'], pattern: RegExp): number } {
  const lines: LogLine[] = [];
  return {
    lines,
    warn: (message, attributes) => lines.push({ level: 'warn', message, attributes }),
    info: (message, attributes) => lines.push({ level: 'info', message, attributes }),
    count: (level, pattern) => lines.filter((line) => line.level === level && pattern.test(line.message)).length,
  };
}

/** A key namespace of its own, so tests sharing the run's redis-server never see each other's counters. */
export function uniquePrefix(): string {
  return `fc:rl:test:${randomUUID().slice(0, 8)}:`;
}

/**
 * A connected client as a Lambda container would hold it. The command timeout is wider than
 * production's 50 ms because two busy CI cores would otherwise trip it and test the fallback by accident.
 */
export async function connectedClient(url: string, commandTimeoutMs = 1000): Promise<RedisConnection> {
  const client = createRedisClient({ url, commandTimeoutMs });
  client.on('error', () => undefined);
  if (!(await connectRedis(client))) throw new Error(`Redis at ${url} is not reachable`);
  return client;
}

export interface Container {
  readonly client: RedisConnection;
  readonly limiter: RedisRateLimiter;
  readonly logger: ReturnType<typeof recordingLogger>;
}

/** One "Lambda container": its own client, its own limiter instance. */
export async function container(url: string, keyPrefix: string, commandTimeoutMs?: number): Promise<Container> {
  const client = await connectedClient(url, commandTimeoutMs);
  const logger = recordingLogger();
  return { client, logger, limiter: new RedisRateLimiter({ client, logger, keyPrefix }) };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
