import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  durationSeconds: number;
  connections: number;
  /** Sent with every request (e.g. a bearer token). */
  headers?: Record<string, string>;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** The raw outcome of one autocannon run, kept so several runs can be pooled. */
export interface LoadSamples {
  times: number[];
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
}

/** Drives the URL with autocannon and keeps every response time (autocannon has no p95). */
export async function loadSamples(options: LoadOptions): Promise<LoadSamples> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: options.url, duration: options.durationSeconds, connections: options.connections, ...(options.headers ? { headers: options.headers } : {}) },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
    });
  });
  return { times, requests: result.requests.total, seconds: options.durationSeconds, non2xx: result.non2xx, errors: result.errors };
}

/** Percentiles and throughput over one or more runs, pooled. */
export function summarize(runs: readonly LoadSamples[]): LoadResult {
  const times = runs.flatMap((run) => run.times).sort((a, b) => a - b);
  const sum = (pick: (run: LoadSamples) => number) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    requestsPerSecond: sum((run) => run.requests) / sum((run) => run.seconds),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
  };
}

/** Drives the URL with autocannon and summarizes the run. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  return summarize([await loadSamples(options)]);
}

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Runs a server script in its own process, so the load generator never shares its event loop. `env` adds to this process's. */
export function startServer(script: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const ready = /READY (\S+)/.exec(buffered);
      if (!ready?.[1]) return;
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve({
        url: ready[1],
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
