import { findRedisServer } from '../shared/local/redis-server.js';
import { api, fundedTrader } from './lib/api.js';
import { type LoadOptions, type LoadSamples, loadSamples, type ServerProcess, startServer, summarize } from './lib/measure.js';
import { printComparison } from './lib/report.js';

const SERVER = new URL('./servers/fundcast-redis.ts', import.meta.url).pathname;

/**
 * One market with a book worth reading: resting bids on both outcomes that never cross (every
 * YES + NO pair sums below 100) plus a few crossing pairs, so the detail has a price and volume.
 */
async function seedMarket(base: string): Promise<{ path: string; token: string }> {
  const admin = (await api(base, '/auth/login', { body: { email: 'bench-admin@example.com', password: 'walnut-harbor-lantern-77' } })).accessToken as string;
  const [yes, no] = [await fundedTrader(base, admin, 'yes'), await fundedTrader(base, admin, 'no')];
  const market = await api(base, '/markets', {
    body: { title: 'Benchmark: market detail', description: 'bench', category: 'bench', type: 'binary', engine: 'orderbook', closesAt: new Date(Date.now() + 86_400_000).toISOString() },
    token: admin,
  });
  const path = `/markets/${String(market.id)}`;
  const order = (token: string, outcome: string, price: number, quantity: number) =>
    api(base, `${path}/orders`, { body: { outcome, side: 'buy', type: 'limit', quantity, price }, token });
  for (let i = 0; i < 5; i += 1) {
    await order(yes, 'YES', 55, 3);
    await order(no, 'NO', 45, 3);
  }
  for (let price = 10; price < 45; price += 1) {
    await order(yes, 'YES', price, 1 + (price % 7));
    await order(no, 'NO', price, 1 + (price % 5));
  }
  return { path, token: yes };
}

interface Target {
  options: LoadOptions;
  runs: LoadSamples[];
}

async function prepare(server: ServerProcess, connections: number): Promise<Target> {
  const { path, token } = await seedMarket(server.url);
  return { options: { url: `${server.url}${path}`, connections, durationSeconds: 1, headers: { authorization: `Bearer ${token}` } }, runs: [] };
}

/**
 * GET /markets/{id} on one hot market with the cache off (the peer) and on. Two stacks, started and
 * seeded the same way apart from CACHE_ENABLED, each with its own redis-server; they are loaded in
 * alternating 1 s slices (off-on, on-off, ...) so load from elsewhere on the machine falls on both alike.
 */
export async function benchMarket(durationSeconds: number, connections: number): Promise<void> {
  const servers = await Promise.allSettled([startServer(SERVER, { CACHE_ENABLED: 'false' }), startServer(SERVER, { CACHE_ENABLED: 'true' })]);
  try {
    const [offServer, onServer] = servers.map((started) => {
      if (started.status === 'rejected') throw started.reason;
      return started.value;
    }) as [ServerProcess, ServerProcess];
    const off = await prepare(offServer, connections);
    const on = await prepare(onServer, connections);
    for (const target of [off, on]) await loadSamples(target.options);
    for (let slice = 0; slice < Math.max(1, Math.round(durationSeconds)); slice += 1) {
      for (const target of slice % 2 === 0 ? [off, on] : [on, off]) target.runs.push(await loadSamples(target.options));
    }
    const l2 = findRedisServer() ? 'L1 + local redis-server L2' : 'L1 only: no redis-server on PATH';
    printComparison(
      `GET /markets/{id} (one hot market, 70 resting bids and 5 fills, SQLite store, ${l2}), ${connections} connections, ${durationSeconds} s each in alternating 1 s slices; peer: the same stack with CACHE_ENABLED=false`,
      'cache off',
      summarize(off.runs),
      'cache on',
      summarize(on.runs),
    );
  } finally {
    await Promise.all(servers.map((started) => (started.status === 'fulfilled' ? started.value.stop() : undefined)));
  }
}
