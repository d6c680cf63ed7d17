import { benchCacheLatency } from './cache-latency.js';
import { benchCacheZipf } from './cache-zipf.js';
import { benchEngine } from './engine.js';
import { benchHealth } from './http-health.js';
import { benchMarket } from './http-market.js';
import { benchOrders } from './http-orders.js';
import { benchRoundTrips } from './round-trips.js';

// `npm run bench`: figures beside a peer measured in the same run, as ratios. Never a pass/fail test.
const durationSeconds = Number(process.env.BENCH_DURATION_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const engineOrders = Number(process.env.BENCH_ENGINE_ORDERS ?? 100_000);

process.stdout.write(`FundCast benchmarks (node ${process.version}, ${new Date().toISOString()})\n`);
await benchHealth(durationSeconds, connections);
await benchOrders(durationSeconds, connections);
await benchRoundTrips(1_000);
benchEngine(engineOrders);
await benchCacheZipf(Number(process.env.BENCH_CACHE_REQUESTS ?? 100_000));
await benchCacheLatency(Number(process.env.BENCH_CACHE_LATENCY_CALLS ?? 20_000));
await benchMarket(durationSeconds, connections);
await (await import('./breaker.js')).benchBreaker(Number(process.env.BENCH_BREAKER_CALLS ?? 200_000));
