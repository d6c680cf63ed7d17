import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ItemStore } from '../../../shared/store/port.js';
import { alertRule } from '../../../shared/sre/alert-rules.js';
import { alertKey } from '../../../shared/sre/bucket-keys.js';
import { claimAlert } from '../../../shared/sre/cooldown.js';
import { realStores } from './stores.js';

const T0 = Date.parse('2025-03-10T12:00:00Z');

describe.each(realStores())('claimAlert on $name', (kind) => {
  let containers: ItemStore[];

  beforeEach(async () => {
    containers = await kind.open();
  });

  afterEach(async () => {
    for (const store of containers) await store.close();
  });

  /** Both containers claim at the same instant; returns how many won. */
  async function race(rule: Parameters<typeof claimAlert>[1], now: number): Promise<number> {
    const wins = await Promise.all(containers.map((store) => claimAlert(store, rule, now)));
    return wins.filter(Boolean).length;
  }

  it('lets exactly one of two racing containers fire, once per cooldown window', async () => {
    const rule = alertRule('high_error_rate'); // 5 min

    expect(await race(rule, T0)).toBe(1);
    expect(await race(rule, T0 + 1_000)).toBe(0);
    expect(await race(rule, T0 + 299_999)).toBe(0);
    expect(await race(rule, T0 + 300_000)).toBe(1);
    expect(await race(rule, T0 + 300_001)).toBe(0);
    const item = await containers[0]?.get('main', alertKey(rule.id));
    expect(item).toMatchObject({ type: 'sre-alert', ruleId: 'high_error_rate', lastFiredAt: T0 + 300_000 });
  });

  it('keeps each rule on its own cooldown', async () => {
    const errors = alertRule('high_error_rate');
    const cache = alertRule('low_cache_performance'); // 30 min

    expect(await race(errors, T0)).toBe(1);
    expect(await race(cache, T0)).toBe(1);
    expect(await race(errors, T0 + 10 * 60_000)).toBe(1);
    expect(await race(cache, T0 + 10 * 60_000)).toBe(0);
    expect(await race(cache, T0 + 30 * 60_000)).toBe(1);
  });
});
