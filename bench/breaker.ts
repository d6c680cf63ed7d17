import { performance } from 'node:perf_hooks';
import Opossum from 'opossum';
import { systemClock } from '../shared/adapters/clock.js';
import { CircuitBreaker } from '../shared/resilience/circuit-breaker.js';
import { BREAKER_SETTINGS } from '../shared/resilience/settings.js';

const ROUNDS = 5;

/** Nanoseconds per call of `run` over `calls` sequential awaited calls. */
async function nsPerCall(calls: number, run: () => Promise<number>): Promise<number> {
  const started = performance.now();
  let sum = 0;
  for (let i = 0; i < calls; i += 1) sum += await run();
  const elapsed = performance.now() - started;
  if (sum !== calls) throw new Error('a call returned the wrong value');
  return (elapsed * 1e6) / calls;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * The closed fast path: what a breaker adds to a call that succeeds at once. Ours (local state,
 * no breaker table) beside opossum 9 and a bare await, in interleaved rounds so machine noise
 * falls on all three alike; the median round is reported.
 */
export async function benchBreaker(calls: number): Promise<void> {
  const fn = async () => 1;
  const ours = new CircuitBreaker({ name: 'bench', config: BREAKER_SETTINGS.database, clock: systemClock });
  const peer = new Opossum(fn, { timeout: false });
  const subjects: [string, () => Promise<number>][] = [
    ['bare await fn()', fn],
    ['opossum 9 fire()', () => peer.fire()],
    ['FundCast execute()', () => ours.execute(fn)],
  ];
  for (const [, run] of subjects) await nsPerCall(Math.min(calls, 20_000), run);
  const samples = subjects.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, [, run]] of subjects.entries()) samples[index]?.push(await nsPerCall(calls, run));
  }
  peer.shutdown();
  const [bare, opossum, fundcast] = samples.map((s) => median(s)) as [number, number, number];
  process.stdout.write(`\nCircuit breaker, closed fast path: ${calls.toLocaleString('en')} awaited calls × ${ROUNDS} rounds (median round)\n`);
  for (const [[name], ns] of subjects.map((s, i) => [s, [bare, opossum, fundcast][i] as number] as const)) {
    process.stdout.write(`  ${name.padEnd(20)} ${ns.toFixed(0).padStart(6)} ns/call   overhead ${(ns - bare).toFixed(0).padStart(6)} ns\n`);
  }
  process.stdout.write(`  ratio (FundCast / opossum) ${(fundcast / opossum).toFixed(2)}x per call, ${((fundcast - bare) / (opossum - bare)).toFixed(2)}x overhead\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchBreaker(Number(process.env.BENCH_BREAKER_CALLS ?? 200_000));
