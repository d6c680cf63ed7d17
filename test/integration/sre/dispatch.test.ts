import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { alertAlarmName, alertKey, dispatchAlarm, type AlarmStateChange, type EffectRunner } from '../../../shared/sre/index.js';
import { ManualClock } from './stores.js';

const T0 = Date.parse('2025-03-10T12:00:00Z');
const alarm = (name: string, value = 'ALARM'): AlarmStateChange => ({ alarmData: { alarmName: name, state: { value, reason: 'test' } } });

/** Records what the dispatcher ran; `failNotify` makes the next notification fail, as an SNS outage would. */
class RecordingRunner implements EffectRunner {
  readonly notified: string[] = [];
  warms = 0;
  failNotify = 0;
  async notify(subject: string): Promise<void> {
    if (this.failNotify > 0) {
      this.failNotify -= 1;
      throw new Error('injected publish failure');
    }
    this.notified.push(subject);
  }
  async warmCache(): Promise<void> {
    this.warms += 1;
  }
  async enableBreakers(): Promise<string[]> {
    return [];
  }
  log(): void {}
}

describe('dispatchAlarm with a real SQLite store (two containers)', () => {
  let directory: string;
  let stores: SqliteItemStore[];
  let clock: ManualClock;
  let runner: RecordingRunner;
  const deps = (index: number) => ({ store: stores[index] as SqliteItemStore, clock, stage: 'dev', run: runner });

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'fundcast-dispatch-'));
    const path = join(directory, 'main.sqlite');
    stores = [new SqliteItemStore({ path }), new SqliteItemStore({ path })];
    clock = new ManualClock(T0);
    runner = new RecordingRunner();
  });

  afterEach(async () => {
    for (const store of stores) await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('runs a rule once per cooldown, however many containers get the alarm', async () => {
    const event = alarm(alertAlarmName('dev', 'low_cache_performance')); // 30 min cooldown
    const first = await Promise.all([dispatchAlarm(event, deps(0)), dispatchAlarm(event, deps(1))]);
    expect(first.map((result) => result.outcome).sort()).toEqual(['cooldown', 'dispatched']);
    expect(runner.warms).toBe(1);
    expect(runner.notified).toEqual(['[FundCast warning] low_cache_performance']);

    clock.advance(30 * 60_000 - 1);
    expect(await dispatchAlarm(event, deps(0))).toEqual({ outcome: 'cooldown', ruleId: 'low_cache_performance' });
    clock.advance(1);
    expect(await dispatchAlarm(event, deps(1))).toMatchObject({ outcome: 'dispatched', effects: ['notify', 'warm_cache'] });
    expect(runner.warms).toBe(2);
    expect(await stores[0]?.get('main', alertKey('low_cache_performance'))).toMatchObject({ lastFiredAt: T0 + 30 * 60_000 });
  });

  it('shares the high_error_rate cooldown between its alarm and a page burn-rate alarm', async () => {
    expect(await dispatchAlarm(alarm('fundcast-dev-burn-rate-1h-5m'), deps(0))).toMatchObject({ outcome: 'dispatched', ruleId: 'high_error_rate' });
    expect(await dispatchAlarm(alarm(alertAlarmName('dev', 'high_error_rate')), deps(1))).toEqual({ outcome: 'cooldown', ruleId: 'high_error_rate' });
    expect(runner.notified).toHaveLength(1);
  });

  it('ignores OK, other stages, ticket burns and unknown alarms without touching the store', async () => {
    for (const event of [
      alarm(alertAlarmName('dev', 'high_error_rate'), 'OK'),
      alarm(alertAlarmName('prod', 'high_error_rate')),
      alarm('fundcast-dev-burn-rate-3d-6h'),
      alarm('fundcast-dev-settlement-dead-letters'),
    ]) {
      expect((await dispatchAlarm(event, deps(0))).outcome).toBe('ignored');
    }
    expect(await stores[0]?.get('main', alertKey('high_error_rate'))).toBeUndefined();
    expect(runner.notified).toEqual([]);
  });

  it('gives the claim back when an effect fails, so the retry runs the alert instead of finding it in cooldown', async () => {
    const event = alarm(alertAlarmName('dev', 'high_error_rate'));
    runner.failNotify = 1;
    await expect(dispatchAlarm(event, deps(0))).rejects.toThrow(/high_error_rate: 1 effect\(s\) failed/);
    clock.advance(1_000);
    expect(await dispatchAlarm(event, deps(1))).toMatchObject({ outcome: 'dispatched' });
    expect(runner.notified).toEqual(['[FundCast critical] high_error_rate']);
  });
});
