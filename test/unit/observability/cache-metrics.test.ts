import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CacheMetrics } from '../../../shared/cache/cache-stats.js';
import { CacheMetricsPublisher } from '../../../shared/observability/cache-metrics.js';
import { createObservability } from '../../../shared/observability/index.js';

/** The EMF documents written to stdout while `run` runs. */
function emfLines(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('cache metrics as CloudWatch EMF', () => {
  beforeEach(() => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_DEV', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('publishes totals with the invocation and one line per namespace with hits and misses per layer', () => {
    const observability = createObservability({ logLevel: 'SILENT', tracingEnabled: false, stage: 'test', version: '1' });
    const counters = new CacheMetrics();
    for (const hit of [true, true, false]) {
      counters.request('market');
      counters.l1Lookup('market', hit);
    }
    counters.l2Lookup('market', true);
    counters.request('book');
    counters.l1Lookup('book', false);
    counters.l2Lookup('book', false);
    counters.l2Call(1.5, true);
    counters.l2Call(40, false);
    counters.loaderCall(12, true);
    const publisher = new CacheMetricsPublisher(observability);

    const lines = emfLines(() => {
      publisher.publish(counters.drain());
      observability.metrics.publishStoredMetrics();
    });

    const byNamespace = Object.fromEntries(lines.filter((l) => 'cacheNamespace' in l).map((l) => [l.cacheNamespace, l]));
    expect(byNamespace.market).toMatchObject({ CacheRequests: 3, CacheL1Hits: 2, CacheL1Misses: 1, CacheL2Hits: 1, CacheL2Misses: 0 });
    expect(byNamespace.book).toMatchObject({ CacheRequests: 1, CacheL1Hits: 0, CacheL1Misses: 1, CacheL2Hits: 0, CacheL2Misses: 1 });
    const totals = lines.find((l) => !('cacheNamespace' in l));
    expect(totals).toMatchObject({ CacheRequests: 4, CacheHits: 3, CacheL2Errors: 1, CacheL2Latency: [1.5, 40], CacheLoaderLatency: 12 });

    // A drain empties the delta: the next invocation publishes only its own activity.
    expect(emfLines(() => publisher.publish(counters.drain()))).toEqual([]);
  });
});
