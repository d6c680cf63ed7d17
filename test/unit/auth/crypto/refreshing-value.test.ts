import { describe, expect, it } from 'vitest';
import { RefreshingValue } from '../../../../shared/adapters/secrets/index.js';

function source() {
  const state = { loads: 0, fail: false, value: 'v1' };
  const load = async (): Promise<string> => {
    state.loads += 1;
    if (state.fail) throw new Error('source down');
    return state.value;
  };
  return { state, load };
}

describe('RefreshingValue', () => {
  it('serves the loaded value until the TTL has passed, then loads again', async () => {
    const { state, load } = source();
    let now = 0;
    const value = new RefreshingValue(load, { ttlMs: 1000, now: () => now });

    await value.get();
    now = 999;
    await value.get();
    state.value = 'v2';
    now = 1000;

    expect(await value.get()).toBe('v2');
    expect(state.loads).toBe(2);
  });

  it('loads once for concurrent callers', async () => {
    const { state, load } = source();
    const value = new RefreshingValue(load, { ttlMs: 1000 });

    const results = await Promise.all([value.get(), value.get(), value.get()]);

    expect(results).toEqual(['v1', 'v1', 'v1']);
    expect(state.loads).toBe(1);
  });

  it('throws the load error when it has nothing to serve, and tries again next call', async () => {
    const { state, load } = source();
    const value = new RefreshingValue(load, { ttlMs: 1000 });
    state.fail = true;

    await expect(value.get()).rejects.toThrow('source down');
    state.fail = false;

    expect(await value.get()).toBe('v1');
  });

  it('serves the stale value after a failed reload, retrying only after retryMs', async () => {
    const { state, load } = source();
    let now = 0;
    const reported: unknown[] = [];
    const value = new RefreshingValue(load, { ttlMs: 1000, retryMs: 100, now: () => now, onStaleServed: (error) => reported.push(error) });
    await value.get();
    state.fail = true;

    now = 1000;
    const stale = await value.get();
    now = 1099;
    await value.get();
    const loadsBeforeRetry = state.loads;
    state.fail = false;
    state.value = 'v2';
    now = 1100;

    expect(stale).toBe('v1');
    expect(reported).toHaveLength(1);
    expect(loadsBeforeRetry).toBe(2);
    expect(await value.get()).toBe('v2');
  });
});
