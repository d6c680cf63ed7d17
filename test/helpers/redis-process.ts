import { findRedisServer, type LocalRedis, startRedisOnPort as startOnPort } from '../../shared/local/redis-server.js';
import { isAlive } from './processes.js';

/** A redis-server this test owns, on a port the test chose (e.g. the port of one it just killed). */
export interface RedisProcess extends LocalRedis {
  readonly port: number;
}

/** Starts redis-server on `port` or fails the test; `stop()` resolves once the process is gone. */
export async function startRedisOnPort(port: number, readyTimeoutMs = 5000): Promise<RedisProcess> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not on PATH');
  const started = await startOnPort(port, binary, readyTimeoutMs);
  if (!started) throw new Error(`redis-server did not start on port ${port}`);
  return {
    ...started,
    port,
    stop: async () => {
      await started.stop();
      if (isAlive(started.pid)) throw new Error(`redis-server ${started.pid} survived SIGKILL`);
    },
  };
}
