import { describe, expect, it } from 'vitest';
import { BreakerMachine, BreakerStates, type MachineConfig, type Permit } from '../../../shared/resilience/breaker-machine.js';

const CONFIG: MachineConfig = {
  windowSize: 10,
  minimumCalls: 4,
  failureThreshold: 3,
  failureRateThreshold: 50,
  slowCallRateThreshold: 60,
  slowCallDurationMs: 100,
  recoveryTimeoutMs: 1_000,
  backoffMultiplier: 2,
  maxRecoveryTimeoutMs: 3_000,
  halfOpenProbes: 2,
  probeTimeoutMs: 500,
};

const ok = { failed: false, slow: false };
const bad = { failed: true, slow: false };
const slow = { failed: false, slow: true };

function permit(machine: BreakerMachine, now: number): Permit {
  const permission = machine.tryAcquire(now);
  if (!permission.allowed) throw new Error(`refused at ${now}`);
  return permission.permit;
}

function feed(machine: BreakerMachine, outcomes: { failed: boolean; slow: boolean }[], now = 0): void {
  for (const outcome of outcomes) machine.record(permit(machine, now), outcome, now);
}

function opened(config: Partial<MachineConfig> = {}): BreakerMachine {
  const machine = new BreakerMachine({ ...CONFIG, ...config });
  feed(machine, [bad, bad, bad, ok]);
  expect(machine.state).toBe(BreakerStates.open);
  machine.takeTransitions();
  return machine;
}

describe('BreakerMachine in CLOSED', () => {
  it('stays closed below minimumCalls even when every call failed', () => {
    const machine = new BreakerMachine({ ...CONFIG, failureThreshold: 1 });
    feed(machine, [bad, bad, bad]);
    expect(machine.state).toBe(BreakerStates.closed);
    feed(machine, [bad]);
    expect(machine.state).toBe(BreakerStates.open);
  });

  it('opens at exactly the failure rate threshold (≥ 50 %) once the failure count is reached', () => {
    const machine = new BreakerMachine(CONFIG);
    feed(machine, [ok, ok, ok, bad, bad]);
    expect(machine.state).toBe(BreakerStates.closed); // 2 of 5: 40 %
    feed(machine, [bad]);
    expect(machine.state).toBe(BreakerStates.open); // 3 of 6: 50 %
    expect(machine.takeTransitions()).toEqual([{ from: 'CLOSED', to: 'OPEN', reason: 'failure_rate', at: 0 }]);
  });

  it('needs failureThreshold failures even when the rate is above the threshold', () => {
    const machine = new BreakerMachine({ ...CONFIG, failureThreshold: 5 });
    feed(machine, [bad, bad, bad, bad, ok]);
    expect(machine.state).toBe(BreakerStates.closed); // 80 % but only 4 failures
    feed(machine, [bad]);
    expect(machine.state).toBe(BreakerStates.open);
  });

  it('opens on the slow-call rate (≥ 60 %) without any failure', () => {
    const machine = new BreakerMachine(CONFIG);
    feed(machine, [slow, slow, ok, ok]);
    expect(machine.state).toBe(BreakerStates.closed); // 50 %
    feed(machine, [slow]);
    expect(machine.state).toBe(BreakerStates.open); // 3 of 5: 60 %
    expect(machine.takeTransitions()[0]?.reason).toBe('slow_call_rate');
  });

  it('forgets outcomes that roll out of the count window', () => {
    const machine = new BreakerMachine(CONFIG);
    feed(machine, [bad, bad, ...Array.from({ length: 10 }, () => ok)]);
    expect(machine.snapshot()).toMatchObject({ calls: 10, failures: 0 });
    feed(machine, [bad, bad]);
    expect(machine.state).toBe(BreakerStates.closed); // the first two failures are gone: 2 of 10
  });

  it('reports rates in percent', () => {
    const machine = new BreakerMachine(CONFIG);
    feed(machine, [bad, ok, ok, { failed: true, slow: true }]);
    expect(machine.snapshot()).toMatchObject({ calls: 4, failures: 2, slowCalls: 1, failureRate: 50, slowCallRate: 25 });
  });

  it('ignores outcomes of calls permitted before a transition', () => {
    const machine = new BreakerMachine(CONFIG);
    const early = permit(machine, 0);
    machine.reset(1);
    machine.record(early, bad, 2);
    expect(machine.snapshot().calls).toBe(0);
  });
});

describe('BreakerMachine in OPEN and HALF_OPEN', () => {
  it('refuses until the recovery timeout, then lets exactly halfOpenProbes probes through', () => {
    const machine = opened();
    expect(machine.tryAcquire(999)).toEqual({ allowed: false, retryAfterMs: 1 });
    const first = machine.tryAcquire(1_000);
    expect(first).toMatchObject({ allowed: true, permit: { probe: true } });
    expect(machine.state).toBe(BreakerStates.halfOpen);
    expect(machine.tryAcquire(1_000).allowed).toBe(true);
    expect(machine.tryAcquire(1_000).allowed).toBe(false);
    expect(machine.takeTransitions()).toEqual([{ from: 'OPEN', to: 'HALF_OPEN', reason: 'recovery_timeout', at: 1_000 }]);
  });

  it('closes with an empty window when every probe succeeds', () => {
    const machine = opened();
    const probes = [permit(machine, 1_000), permit(machine, 1_000)];
    machine.record(probes[0] as Permit, ok, 1_010);
    expect(machine.state).toBe(BreakerStates.halfOpen);
    machine.record(probes[1] as Permit, ok, 1_020);
    expect(machine.state).toBe(BreakerStates.closed);
    expect(machine.snapshot().calls).toBe(0);
    expect(machine.takeTransitions().at(-1)).toEqual({ from: 'HALF_OPEN', to: 'CLOSED', reason: 'probes_succeeded', at: 1_020 });
  });

  it('re-opens on the first failed or slow probe', () => {
    for (const outcome of [bad, slow]) {
      const machine = opened();
      machine.record(permit(machine, 1_000), outcome, 1_010);
      expect(machine.state).toBe(BreakerStates.open);
      expect(machine.takeTransitions().at(-1)?.reason).toBe('probe_failed');
    }
  });

  it('counts a probe that has not reported within its timeout as failed', () => {
    const machine = opened();
    const late = permit(machine, 1_000);
    permit(machine, 1_000);
    expect(machine.tryAcquire(1_499).allowed).toBe(false); // both probes out, none timed out yet
    expect(machine.state).toBe(BreakerStates.halfOpen);
    expect(machine.tryAcquire(1_500).allowed).toBe(false);
    expect(machine.state).toBe(BreakerStates.open);
    expect(machine.takeTransitions().at(-1)?.reason).toBe('probe_timeout');
    machine.record(late, ok, 1_600);
    expect(machine.state).toBe(BreakerStates.open);
  });

  it('treats a success reported after the probe timeout as a timeout', () => {
    const machine = opened();
    machine.record(permit(machine, 1_000), ok, 1_500);
    expect(machine.state).toBe(BreakerStates.open);
  });

  it('doubles the recovery wait on each re-open from HALF_OPEN, capped, and starts over after closing', () => {
    const machine = opened();
    const reopenAt = (at: number) => {
      machine.record(permit(machine, at), bad, at);
      return machine.snapshot().openUntil;
    };
    expect(reopenAt(1_000)).toBe(3_000); // 2 × 1 s
    expect(reopenAt(3_000)).toBe(6_000); // 4 s capped to 3 s
    expect(reopenAt(6_000)).toBe(9_000);
    const probes = [permit(machine, 9_000), permit(machine, 9_000)];
    probes.forEach((p) => machine.record(p, ok, 9_001));
    feed(machine, [bad, bad, bad, ok], 10_000);
    expect(machine.snapshot().openUntil).toBe(11_000);
  });

  it('with a multiplier of 1 always waits the base recovery timeout', () => {
    const machine = opened({ backoffMultiplier: 1 });
    machine.record(permit(machine, 1_000), bad, 1_000);
    expect(machine.snapshot().openUntil).toBe(2_000);
  });
});

describe('BreakerMachine operator states', () => {
  it('FORCED_OPEN refuses everything, even after the recovery timeout', () => {
    const machine = new BreakerMachine(CONFIG);
    machine.forceOpen(0);
    expect(machine.tryAcquire(1_000_000)).toEqual({ allowed: false, retryAfterMs: 1_000 });
    expect(machine.takeTransitions()).toEqual([{ from: 'CLOSED', to: 'FORCED_OPEN', reason: 'operator', at: 0 }]);
  });

  it('DISABLED lets everything through and records nothing', () => {
    const machine = new BreakerMachine(CONFIG);
    machine.disable(0);
    feed(machine, Array.from({ length: 20 }, () => bad));
    expect(machine.state).toBe(BreakerStates.disabled);
    expect(machine.snapshot().calls).toBe(0);
  });

  it('reset closes from any state with an empty window', () => {
    const machine = opened();
    machine.reset(5);
    expect(machine.state).toBe(BreakerStates.closed);
    expect(machine.takeTransitions()).toEqual([{ from: 'OPEN', to: 'CLOSED', reason: 'operator', at: 5 }]);
    feed(machine, [bad, bad, ok]);
    expect(machine.state).toBe(BreakerStates.closed);
  });

  it('adopting OPEN from another container takes its openUntil', () => {
    const machine = new BreakerMachine(CONFIG);
    machine.adopt({ state: 'OPEN', openUntil: 7_000, reopenCount: 2 }, 10);
    expect(machine.snapshot()).toMatchObject({ state: 'OPEN', openUntil: 7_000, reopenCount: 2 });
    expect(machine.takeTransitions()).toEqual([{ from: 'CLOSED', to: 'OPEN', reason: 'shared_state', at: 10 }]);
  });

  it('rejects a minimumCalls above the window size', () => {
    expect(() => new BreakerMachine({ ...CONFIG, minimumCalls: 11 })).toThrow(RangeError);
  });
});
