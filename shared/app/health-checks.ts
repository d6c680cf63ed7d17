import type { AppDeps } from './deps.js';

type Check = { status: 'ok' | 'down' | 'not_configured'; latencyMs?: number };

const PROBE_TIMEOUT_MS = 1_000;

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS)))]);
    return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch {
    return { status: 'down', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } finally {
    clearTimeout(timer);
  }
}

/** Probes the store and the L2 cache (each bounded) and reads every breaker, for `GET /health?detailed=true`. */
export async function probeDependencies(deps: AppDeps): Promise<{
  checks: { store: Check; cache: Check };
  circuitBreakers: Record<string, string>;
  healthy: boolean;
}> {
  const { redis } = deps;
  const [store, cache] = await Promise.all([
    timed(() => deps.store.get('main', { pk: 'health#probe', sk: 'probe' })),
    redis ? timed(() => redis.ping()) : Promise.resolve<Check>({ status: 'not_configured' }),
  ]);
  const breakers = await deps.breakers.currentSnapshots();
  const circuitBreakers = Object.fromEntries(breakers.map((b) => [b.name, b.state]));
  const healthy = store.status === 'ok' && cache.status !== 'down' && breakers.every((b) => b.state === 'CLOSED' || b.state === 'DISABLED');
  return { checks: { store, cache }, circuitBreakers, healthy };
}
