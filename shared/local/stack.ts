import type { Area } from '../api/route-types.js';
import { ROUTES } from '../api/routes.js';
import type { RedisConnection } from '../adapters/redis/client.js';
import type { AppDeps } from '../app/deps.js';
import { loadLocalConfig } from '../config.js';
import type { ApiHandler } from '../http/area-handler.js';
import { createObservability } from '../observability/index.js';
import type { ItemStore } from '../store/port.js';
import { startHttpServer } from './http-server.js';
import { invalidateMarket } from '../cache/market-cache.js';
import { LocalTaskRunner } from './task-runner.js';
import { buildLocalDeps, openLocalRedis, openLocalStore } from './local-deps.js';
import { type LocalRedis, startLocalRedis } from './redis-server.js';

export interface LocalStackOptions {
  env?: Record<string, string | undefined>;
  /** The area routers, built from the wired dependencies (the same factories the Lambda entries use). */
  createHandlers: (deps: AppDeps) => Record<Area, ApiHandler>;
}

export interface LocalStack {
  readonly url: string;
  readonly deps: AppDeps;
  /** The runner's own logger: a child, so it never carries the keys of the last request a handler served. */
  readonly logger: AppDeps['observability']['logger'];
  /** The redis-server this stack started, if it started one. */
  readonly redisServer: LocalRedis | undefined;
  /** The store adapter itself, beneath the `database` breaker that `deps.store` goes through. */
  readonly store: ItemStore;
  close(): Promise<void>;
}

/** `npm start`: store, L2 cache, handlers and the HTTP front door, with nothing to set up by hand. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // Locally, traces have nowhere to go and EMF metrics would flood stdout; the cloud keeps both on.
  const env: Record<string, string | undefined> = { POWERTOOLS_TRACE_ENABLED: 'false', ...(options.env ?? process.env) };
  process.env.POWERTOOLS_METRICS_DISABLED ??= env.POWERTOOLS_METRICS_DISABLED ?? 'true';
  const config = loadLocalConfig(env);
  const observability = createObservability(config);
  const logger = observability.logger.createChild();

  let redisServer: LocalRedis | undefined;
  let redis: RedisConnection | undefined;
  let store: ItemStore | undefined;
  try {
    const redisUrl = config.redisUrl ?? (config.redisAutostart ? (redisServer = await startLocalRedis())?.url : undefined);
    redis = await openLocalRedis(redisUrl);
    if (redis) logger.info('L2 cache: Redis connected', { source: redisServer ? 'redis-server started' : 'REDIS_URL', pid: redisServer?.pid });
    else logger.warn('L2 cache: no Redis reachable; running on the in-container L1 cache only');

    store = await openLocalStore(config);
    logger.info('Store ready', { store: config.store });

    // The runner needs the trading service and the service's deps need the runner: bind it late.
    const late: { runner?: LocalTaskRunner } = {};
    const deps = await buildLocalDeps(config, observability, store, redis, { notify: (taskId) => late.runner?.notify(taskId) });
    const runner = new LocalTaskRunner(
      {
        pendingTasks: (limit) => deps.trading.pendingTasks(limit),
        runTask: async (taskId) => {
          const task = await deps.trading.runTask(taskId);
          await invalidateMarket(deps.cache, task.marketId);
          return task;
        },
      },
      logger,
    );
    late.runner = runner;
    runner.start();
    if (config.bootstrapAdmin) {
      const { email, password } = config.bootstrapAdmin;
      const outcome = await deps.identity.ensureAdmin(email, password, { correlationId: 'bootstrap' });
      logger.info(outcome === 'created' ? 'Bootstrap admin created' : 'Bootstrap admin already exists');
    }
    const server = await startHttpServer({
      handlers: options.createHandlers(deps),
      routes: ROUTES,
      host: config.host,
      port: config.port,
      stage: config.stage,
    });
    const openStore = store;
    const openRedis = redis;
    return {
      url: server.url,
      deps,
      logger,
      redisServer,
      store: openStore,
      close: async () => {
        await server.close();
        await runner.stop();
        openRedis?.disconnect();
        await openStore.close();
        await redisServer?.stop();
      },
    };
  } catch (error) {
    redis?.disconnect();
    await store?.close();
    await redisServer?.stop();
    throw error;
  }
}
