import { describe, expect, it } from 'vitest';
import { MemoryFailureTracker } from '../../../../shared/auth/rate-limit/memory-failure-tracker.js';
import type { BackoffPolicy } from '../../../../shared/auth/rate-limit/port.js';

const policy: BackoffPolicy = {
  kind: 'backoff',
  name: 'mem',
  maxFailures: 3,
  windowSeconds: 60,
  baseBlockSeconds: 10,
  maxBlockSeconds: 40,
  historySeconds: 100,
};

function tracker(maxEntries?: number) {
  const clock = { now: 1_000_000 };
  const instance = new MemoryFailureTracker({ now: () => clock.now, ...(maxEntries ? { maxEntries } : {}) });
  return { clock, instance };
}

async function breach(instance: MemoryFailureTracker, key: string) {
  let decision = await instance.recordFailure(key, policy);
  while (!decision.blocked) decision = await instance.recordFailure(key, policy);
  return decision;
}

describe('MemoryFailureTracker (the per-container fallback)', () => {
  it('blocks on the max-th failure of a window and counts down before that', async () => {
    const { instance } = tracker();
    expect(await instance.recordFailure('k', policy)).toEqual({ blocked: false, failuresLeft: 2 });
    expect(await instance.recordFailure('k', policy)).toEqual({ blocked: false, failuresLeft: 1 });
    expect(await instance.recordFailure('k', policy)).toEqual({ blocked: true, retryAfterSeconds: 10, breach: 1, newBreach: true });
    expect(await instance.isBlocked('k', policy)).toEqual({ blocked: true, retryAfterSeconds: 10 });
    expect(await instance.isBlocked('other', policy)).toEqual({ blocked: false });
  });

  it('doubles the block on each breach up to the cap, and failures during a block do not escalate', async () => {
    const { clock, instance } = tracker();
    const blocks: number[] = [];
    for (let n = 0; n < 5; n += 1) {
      const decision = await breach(instance, 'k');
      if (!decision.blocked) throw new Error('expected a block');
      blocks.push(decision.retryAfterSeconds);
      clock.now += 5_000;
      expect(await instance.recordFailure('k', policy)).toMatchObject({ blocked: true, breach: n + 1, newBreach: false });
      clock.now += decision.retryAfterSeconds * 1000;
      expect(await instance.isBlocked('k', policy)).toEqual({ blocked: false });
    }
    expect(blocks).toEqual([10, 20, 40, 40, 40]);
  });

  it('forgets the window after windowSeconds and the breaches after the history', async () => {
    const { clock, instance } = tracker();
    await instance.recordFailure('k', policy);
    await instance.recordFailure('k', policy);
    clock.now += 60_000;
    expect(await instance.recordFailure('k', policy)).toEqual({ blocked: false, failuresLeft: 2 });
    await breach(instance, 'k');
    clock.now += 10_000 + 100_000;
    expect(await breach(instance, 'k')).toMatchObject({ breach: 1, retryAfterSeconds: 10 });
  });

  it('reset clears the failures but keeps the breach history', async () => {
    const { clock, instance } = tracker();
    await breach(instance, 'k');
    clock.now += 10_000;
    await instance.recordFailure('k', policy);
    await instance.recordFailure('k', policy);
    await instance.reset('k', policy);
    expect(await instance.recordFailure('k', policy)).toEqual({ blocked: false, failuresLeft: 2 });
    expect(await breach(instance, 'k')).toMatchObject({ breach: 2, retryAfterSeconds: 20 });
  });

  it('stays within its entry bound under a flood of fresh subjects', async () => {
    const { instance } = tracker(100);
    for (let i = 0; i < 1000; i += 1) await instance.recordFailure(`ip-${i}`, policy);
    const entries = (instance as unknown as { entries: Map<string, unknown> }).entries;
    expect(entries.size).toBeLessThanOrEqual(100);
    expect(await instance.recordFailure('ip-999', policy)).toEqual({ blocked: false, failuresLeft: 1 });
  });
});
