import type { TestProject } from 'vitest/node';
import { startLocalRedis } from '../../shared/local/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real redis-server started for this test run, on a free loopback port. */
    redisUrl: string;
  }
}

/** One real redis-server for the whole run; tests that must kill Redis start their own. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startLocalRedis();
  if (!redis) throw new Error('redis-server was not found on PATH or did not start: the tests need a real Redis');
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
