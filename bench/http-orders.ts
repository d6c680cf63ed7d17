import autocannon from 'autocannon';
import { api } from './lib/api.js';
import { type LoadResult, startServer } from './lib/measure.js';
import { printComparison } from './lib/report.js';

const PASSWORD = 'bench-trader-granite-55';

async function trader(base: string, admin: string, name: string): Promise<string> {
  const email = `${name}-${Date.now()}@example.com`;
  const { userId } = await api(base, '/auth/register', { body: { email, password: PASSWORD } });
  await api(base, `/admin/accounts/${String(userId)}/credits`, { body: { amount: 10_000_000_000, reason: 'bench funding' }, token: admin });
  return (await api(base, '/auth/login', { body: { email, password: PASSWORD } })).accessToken as string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Drives a list of requests round-robin (autocannon's `requests`) and takes percentiles from every response. */
async function loadRequests(url: string, requests: autocannon.Request[], durationSeconds: number, connections: number): Promise<LoadResult> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, requests, duration: durationSeconds, connections }, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / durationSeconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** POST /markets/{id}/orders through the local HTTP server, beside GET /health on the same server in the same run. */
export async function benchOrders(durationSeconds: number, connections: number): Promise<void> {
  const server = await startServer(new URL('./servers/fundcast.ts', import.meta.url).pathname);
  try {
    const base = server.url;
    const admin = (await api(base, '/auth/login', { body: { email: 'bench-admin@example.com', password: 'walnut-harbor-lantern-77' } })).accessToken as string;
    const [yes, no] = [await trader(base, admin, 'yes'), await trader(base, admin, 'no')];
    const market = await api(base, '/markets', {
      body: { title: 'Benchmark: complementary matching', description: 'bench', category: 'bench', type: 'binary', engine: 'orderbook', closesAt: new Date(Date.now() + 86_400_000).toISOString() },
      token: admin,
    });
    const path = `/markets/${String(market.id)}/orders`;
    // Each YES buy at 50 is met by a NO buy at 50: every pair of requests mints one pair of shares.
    const order = (token: string, outcome: string): autocannon.Request => ({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ outcome, side: 'buy', type: 'limit', quantity: 1, price: 50 }),
    });
    const health: autocannon.Request[] = [{ method: 'GET', path: '/health' }];
    const orders = [order(yes, 'YES'), order(no, 'NO')];
    await loadRequests(base, health, 1, connections);
    await loadRequests(base, orders, 1, connections);
    const peer = await loadRequests(base, health, durationSeconds, connections);
    const subject = await loadRequests(base, orders, durationSeconds, connections);
    printComparison(
      `POST /markets/{id}/orders (crossing limit orders, SQLite store), ${connections} connections, ${durationSeconds} s; peer: GET /health on the same server`,
      'GET /health',
      peer,
      'FundCast POST orders',
      subject,
    );
  } finally {
    await server.stop();
  }
}
