import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ItemStore } from '../../../shared/store/port.js';
import { hourKey, minuteKey } from '../../../shared/sre/bucket-keys.js';
import { evaluateAlertRules, evaluateSlos, requestStats } from '../../../shared/sre/evaluate.js';
import { OutcomeReader } from '../../../shared/sre/outcome-reader.js';
import { OutcomeRecorder } from '../../../shared/sre/outcome-recorder.js';
import { WORKED_EXAMPLE } from '../../unit/sre/fixtures.js';
import { FaultInjectingStore, ManualClock, realStores } from './stores.js';

const T0 = Date.parse('2025-03-10T12:00:00Z');
const MINUTE = 60_000;

describe.each(realStores())('request outcomes on $name', (kind) => {
  let first: ItemStore;
  let second: ItemStore;
  let clock: ManualClock;

  beforeEach(async () => {
    [first, second] = await kind.open();
    clock = new ManualClock(T0);
  });

  afterEach(async () => {
    await first.close();
    await second.close();
  });

  it('two containers add into the same minute and hour items, and evaluation sums both', async () => {
    const containers = [first, second].map((store) => new OutcomeRecorder({ store, clock }));
    let i = 0;
    for (const [count, status, latencyMs] of WORKED_EXAMPLE) {
      for (let n = 0; n < count; n += 1, i += 1) {
        containers[i % 2]?.record({ status, latencyMs, at: T0 + (i % 120) * 1000 });
      }
    }

    const results = await Promise.all(containers.map((recorder) => recorder.flush()));

    expect(results).toEqual([
      { written: 3, failed: 0, dropped: 0 },
      { written: 3, failed: 0, dropped: 0 },
    ]);
    const hour = await first.get('main', hourKey(T0));
    expect(hour).toMatchObject({
      type: 'sre-hour',
      requests: 2000,
      serverErrors: 3,
      clientErrors: 20,
      lt25: 1000,
      lt100: 600,
      lt200: 330,
      lt300: 50,
      lt2000: 15,
      ltInf: 5,
      expiresAt: (T0 + 3_600_000 + 35 * 86_400_000) / 1000,
    });
    const minutes = await Promise.all([0, 1].map((m) => second.get('main', minuteKey(T0 + m * MINUTE))));
    expect(minutes.map((item) => item?.requests)).toEqual([1020, 980]); // i % 120 seconds: 16 full cycles, then 60 + 20

    clock.time = T0 + 2 * MINUTE + 10_000;
    const reader = new OutcomeReader(second, clock);
    const report = await evaluateSlos(reader, clock.now());
    const byId = Object.fromEntries(report.slos.map((slo) => [slo.id, slo]));
    expect(byId.availability?.current).toBeCloseTo(1 - 3 / 2000, 12);
    expect(byId.availability?.burnRates['1h']).toBeCloseTo(1.5, 12);
    expect(byId.availability?.status).toBe('breached');
    expect(byId.error_rate?.current).toBeCloseTo(0.0015, 12);
    expect(byId.error_rate?.errorBudgetRemaining).toBeCloseTo(0.7, 12);
    expect(byId.latency?.current).toBeCloseTo(1930 / 2000, 12);
    expect(report.to).toBe(T0 + 2 * MINUTE);

    const stats = await requestStats(reader, { from: T0, to: T0 + 2 * MINUTE });
    expect(stats).toMatchObject({ requests: 2000, serverErrors: 3, clientErrors: 20 });
    expect(stats.requestsPerSecond).toBeCloseTo(2000 / 120, 12);
    expect(stats.latency).toMatchObject({ p50Ms: 25, p95Ms: 200, p99Ms: 300 });

    const alerts = await evaluateAlertRules(reader, clock.now(), { hits: 30, requests: 100 });
    expect(alerts.map((alert) => [alert.rule.id, alert.value, alert.status])).toEqual([
      ['high_error_rate', 0, 'ok'],
      ['slow_response_times', 200, 'ok'],
      ['low_cache_performance', 0.3, 'firing'],
    ]);
  });

  it('high_error_rate fires on the errors of both containers together (301 in a minute), neither alone', async () => {
    const [a, b] = [first, second].map((store) => new OutcomeRecorder({ store, clock }));
    for (let n = 0; n < 200; n += 1) a?.record({ status: 500, latencyMs: 5, at: T0 + n });
    for (let n = 0; n < 101; n += 1) b?.record({ status: 502, latencyMs: 5, at: T0 + n });
    await Promise.all([a?.flush(), b?.flush()]);

    const [rule] = await evaluateAlertRules(new OutcomeReader(first, clock), T0 + MINUTE + 10_000, { hits: 1, requests: 1 });

    expect(rule?.value).toBeCloseTo(301 / 60, 12);
    expect(rule?.firing).toBe(true);
  });

  it('fault injection: a write that rejects keeps its counts for the next flush; nothing is lost or counted twice', async () => {
    const faulty = new FaultInjectingStore(first);
    const errors: unknown[] = [];
    const recorder = new OutcomeRecorder({ store: faulty, clock, onFlushError: (error) => errors.push(error) });
    for (let n = 0; n < 10; n += 1) recorder.record({ status: n < 2 ? 503 : 200, latencyMs: 150, at: T0 + n });
    faulty.failNextWrites = 1;

    const failed = await recorder.flush();

    expect(failed).toEqual({ written: 1, failed: 1, dropped: 0 });
    expect(errors).toHaveLength(1);
    expect(recorder.pendingRequests).toBe(10);
    for (let n = 0; n < 5; n += 1) recorder.record({ status: 200, latencyMs: 250, at: T0 + 30_000 + n });

    expect(await recorder.flush()).toEqual({ written: 2, failed: 0, dropped: 0 });
    expect(recorder.pendingRequests).toBe(0);
    const stored = await Promise.all([first.get('main', minuteKey(T0)), first.get('main', hourKey(T0))]);
    for (const item of stored) expect(item).toMatchObject({ requests: 15, serverErrors: 2, lt200: 10, lt300: 5, latencySumMs: 2750 });
  });

  it('fault injection: flush never rejects, even when every write fails and the error callback throws', async () => {
    const faulty = new FaultInjectingStore(first);
    const recorder = new OutcomeRecorder({
      store: faulty,
      clock,
      onFlushError: () => {
        throw new Error('broken logger');
      },
    });
    recorder.record({ status: 200, latencyMs: 10, at: T0 });
    faulty.failNextWrites = 2;

    await expect(recorder.flush()).resolves.toEqual({ written: 0, failed: 2, dropped: 0 });
    expect(recorder.pendingRequests).toBe(1);
    expect(await recorder.flush()).toEqual({ written: 2, failed: 0, dropped: 0 });
  });

  it('record starts a flush once the interval has passed since the last one, not before', async () => {
    const recorder = new OutcomeRecorder({ store: first, clock, flushIntervalMs: 5_000 });
    recorder.record({ status: 200, latencyMs: 10, at: clock.now() });
    clock.advance(4_999);
    recorder.record({ status: 200, latencyMs: 10, at: clock.now() });

    expect(recorder.pendingRequests).toBe(2);
    clock.advance(1);
    recorder.record({ status: 200, latencyMs: 10, at: clock.now() });

    await vi.waitFor(async () => expect(await first.get('main', minuteKey(T0))).toMatchObject({ requests: 3 }));
    expect(recorder.pendingRequests).toBe(0);
  });
});
