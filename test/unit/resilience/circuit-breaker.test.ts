import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConditionFailedError, InvalidCursorError, InvalidStoreRequestError, StoreUnavailableError, TransactionConflictError } from '../../../shared/store/errors.js';
import type { MachineConfig } from '../../../shared/resilience/breaker-machine.js';
import { type BreakerEvent, CircuitBreaker } from '../../../shared/resilience/circuit-breaker.js';
import { BreakerOpenError } from '../../../shared/resilience/errors.js';
import { isDependencyFailure } from '../../../shared/resilience/failures.js';
import { BREAKER_SETTINGS } from '../../../shared/resilience/settings.js';

const CONFIG: MachineConfig = {
  windowSize: 10,
  minimumCalls: 2,
  failureThreshold: 2,
  failureRateThreshold: 50,
  slowCallRateThreshold: 60,
  slowCallDurationMs: 100,
  recoveryTimeoutMs: 10_000,
  backoffMultiplier: 1,
  maxRecoveryTimeoutMs: 10_000,
  halfOpenProbes: 1,
  probeTimeoutMs: 1_000,
};

class TestClock {
  time = 1_000_000;
  now = () => this.time;
}

class HttpishError extends Error {
  constructor(readonly status: number) {
    super(`status ${status}`);
  }
}

const down = () => Promise.reject(new StoreUnavailableError());

function breaker(clock = new TestClock(), config: Partial<MachineConfig> = {}) {
  return { clock, subject: new CircuitBreaker({ name: 'dep', config: { ...CONFIG, ...config }, clock }) };
}

async function trip(subject: CircuitBreaker): Promise<void> {
  for (let i = 0; i < 2; i += 1) await expect(subject.execute(down)).rejects.toBeInstanceOf(StoreUnavailableError);
  expect(subject.state).toBe('OPEN');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CircuitBreaker.execute', () => {
  it('returns the result and records a success', async () => {
    const { subject } = breaker();
    await expect(subject.execute(async () => 42)).resolves.toBe(42);
    expect(subject.snapshot()).toMatchObject({ state: 'CLOSED', calls: 1, failureRate: 0 });
  });

  it('refuses with BreakerOpenError carrying retryAfterSeconds, without calling fn', async () => {
    const { subject, clock } = breaker();
    await trip(subject);
    clock.time += 2_500;
    const fn = vi.fn(async () => 1);
    const error = await subject.execute(fn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BreakerOpenError);
    expect(error).toMatchObject({ name: 'BreakerOpenError', breaker: 'dep', retryAfterSeconds: 8, code: 'BREAKER_OPEN' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('answers with the fallback when open and when the dependency fails, never for caller errors', async () => {
    const { subject } = breaker();
    const fallback = vi.fn(({ reason }: { reason: string }) => `cached (${reason})`);
    await expect(subject.execute(down, { fallback })).resolves.toBe('cached (failure)');
    await expect(subject.execute(() => Promise.reject(new HttpishError(404)), { fallback })).rejects.toBeInstanceOf(HttpishError);
    await expect(subject.execute(down, { fallback })).resolves.toBe('cached (failure)');
    expect(subject.state).toBe('OPEN');
    await expect(subject.execute(async () => 'fresh', { fallback })).resolves.toBe('cached (open)');
  });

  it('does not count caller errors: many 4xx never open it', async () => {
    const { subject } = breaker();
    for (let i = 0; i < 10; i += 1) await expect(subject.execute(() => Promise.reject(new HttpishError(409)))).rejects.toThrow();
    expect(subject.snapshot()).toMatchObject({ state: 'CLOSED', failureRate: 0, calls: 10 });
  });

  it('counts a synchronous throw like a rejection', async () => {
    const { subject } = breaker();
    for (let i = 0; i < 2; i += 1) {
      await expect(
        subject.execute(() => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
    }
    expect(subject.state).toBe('OPEN');
  });

  it('measures slow calls on the injected clock', async () => {
    const { subject, clock } = breaker();
    const slow = async () => {
      clock.time += 101;
      return 'late';
    };
    await subject.execute(slow);
    await subject.execute(async () => 'quick');
    expect(subject.snapshot().slowCallRate).toBe(50);
    await subject.execute(slow);
    expect(subject.state).toBe('OPEN');
  });

  it('uses a custom classifier', async () => {
    const clock = new TestClock();
    const subject = new CircuitBreaker({ name: 'dep', config: CONFIG, clock, isFailure: () => false });
    for (let i = 0; i < 5; i += 1) await expect(subject.execute(down)).rejects.toThrow();
    expect(subject.state).toBe('CLOSED');
  });

  it('a probe that outlives probeTimeoutMs is failed and the breaker re-opens', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { subject, clock } = breaker();
    await trip(subject);
    clock.time += 10_000;
    const probe = subject.execute(() => new Promise<never>(() => undefined)).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await probe).toMatchObject({ name: 'CallTimeoutError' });
    expect(subject.state).toBe('OPEN');
  });

  it('a successful probe closes it', async () => {
    const { subject, clock } = breaker();
    await trip(subject);
    clock.time += 10_000;
    await expect(subject.execute(async () => 'ok')).resolves.toBe('ok');
    expect(subject.state).toBe('CLOSED');
  });

  it('tells listeners about every transition, and a throwing listener changes nothing', async () => {
    const { subject, clock } = breaker();
    const events: BreakerEvent[] = [];
    subject.onTransition(() => {
      throw new Error('broken metrics');
    });
    const off = subject.onTransition((event) => events.push(event));
    await trip(subject);
    clock.time += 10_000;
    await subject.execute(async () => 1);
    await subject.forceOpen();
    off();
    await subject.reset();
    expect(events.map((e) => `${e.breaker}:${e.from}>${e.to}:${e.reason}`)).toEqual([
      'dep:CLOSED>OPEN:failure_rate',
      'dep:OPEN>HALF_OPEN:recovery_timeout',
      'dep:HALF_OPEN>CLOSED:probes_succeeded',
      'dep:CLOSED>FORCED_OPEN:operator',
    ]);
  });

  it('disable lets calls through and records nothing; reset resumes counting', async () => {
    const { subject } = breaker();
    await subject.disable();
    for (let i = 0; i < 5; i += 1) await expect(subject.execute(down)).rejects.toThrow();
    expect(subject.snapshot()).toMatchObject({ state: 'DISABLED', calls: 0 });
    await subject.reset();
    await trip(subject);
  });
});

describe('isDependencyFailure', () => {
  it.each([
    ['StoreUnavailableError', new StoreUnavailableError(), true],
    ['a plain Error (timeouts, network)', new Error('ETIMEDOUT'), true],
    ['a 500', new HttpishError(500), true],
    ['a 429 (throttled)', new HttpishError(429), true],
    ['a 408', new HttpishError(408), true],
    ['ConditionFailedError', new ConditionFailedError(0), false],
    ['InvalidStoreRequestError', new InvalidStoreRequestError('x'), false],
    ['InvalidCursorError', new InvalidCursorError(), false],
    ['TransactionConflictError (contention)', new TransactionConflictError(), false],
    ['a 404', new HttpishError(404), false],
    ['a domain error with httpStatus 422', Object.assign(new Error('bad'), { httpStatus: 422 }), false],
  ])('%s → %s', (_label, error, expected) => {
    expect(isDependencyFailure(error)).toBe(expected);
  });
});

describe('BREAKER_SETTINGS', () => {
  it('carries the brief’s figures per dependency', () => {
    expect(BREAKER_SETTINGS.external_apis).toMatchObject({ failureThreshold: 5, recoveryTimeoutMs: 30_000, fallback: 'cached_response' });
    expect(BREAKER_SETTINGS.database).toMatchObject({ failureThreshold: 3, recoveryTimeoutMs: 15_000, slowCallDurationMs: 10_000 });
    expect(BREAKER_SETTINGS.ai_inference).toMatchObject({ failureThreshold: 10, recoveryTimeoutMs: 60_000 });
    expect(BREAKER_SETTINGS.cache).toMatchObject({ slowCallDurationMs: 200, fallback: 'skip_layer' });
    for (const settings of Object.values(BREAKER_SETTINGS)) {
      expect(settings).toMatchObject({ windowSize: 100, failureRateThreshold: 50, slowCallRateThreshold: 60, halfOpenProbes: 3 });
      expect(settings.minimumCalls).toBe(2 * settings.failureThreshold);
    }
  });

  it('opens the database breaker on its third failure among its first six calls', async () => {
    const clock = new TestClock();
    const subject = new CircuitBreaker({ name: 'database', config: BREAKER_SETTINGS.database, clock });
    for (let i = 0; i < 3; i += 1) await subject.execute(async () => 1);
    for (let i = 0; i < 2; i += 1) await expect(subject.execute(down)).rejects.toThrow();
    expect(subject.state).toBe('CLOSED');
    await expect(subject.execute(down)).rejects.toThrow();
    expect(subject.state).toBe('OPEN');
  });
});
