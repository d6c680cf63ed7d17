import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BreakerMachine, type BreakerState, type CallOutcome, type MachineConfig, type Permit } from '../../../shared/resilience/breaker-machine.js';

const configArbitrary: fc.Arbitrary<MachineConfig> = fc
  .record({
    windowSize: fc.integer({ min: 1, max: 20 }),
    minimumFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    failureThreshold: fc.integer({ min: 1, max: 10 }),
    failureRateThreshold: fc.integer({ min: 1, max: 100 }),
    slowCallRateThreshold: fc.integer({ min: 1, max: 100 }),
    recoveryTimeoutMs: fc.integer({ min: 1, max: 50 }),
    backoffMultiplier: fc.constantFrom(1, 2),
    halfOpenProbes: fc.integer({ min: 1, max: 4 }),
    probeTimeoutMs: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ minimumFraction, ...rest }) => ({
    ...rest,
    minimumCalls: Math.max(1, Math.round(minimumFraction * rest.windowSize)),
    slowCallDurationMs: 10,
    maxRecoveryTimeoutMs: rest.recoveryTimeoutMs * 4,
  }));

const outcomeArbitrary: fc.Arbitrary<CallOutcome> = fc.record({ failed: fc.boolean(), slow: fc.boolean() });

/** The rule as the spec words it, recomputed from scratch over the last `windowSize` outcomes. */
function referenceOpens(config: MachineConfig, history: CallOutcome[]): boolean {
  const window = history.slice(-config.windowSize);
  const calls = window.length;
  const failures = window.filter((o) => o.failed).length;
  const slow = window.filter((o) => o.slow).length;
  if (calls < config.minimumCalls) return false;
  const byFailures = failures >= config.failureThreshold && failures / calls >= config.failureRateThreshold / 100;
  const bySlowCalls = slow >= config.failureThreshold && slow / calls >= config.slowCallRateThreshold / 100;
  return byFailures || bySlowCalls;
}

const LEGAL = new Set(['CLOSED>OPEN', 'OPEN>HALF_OPEN', 'HALF_OPEN>OPEN', 'HALF_OPEN>CLOSED']);

type Step = { kind: 'call'; outcome: CallOutcome; durationMs: number } | { kind: 'start' } | { kind: 'finish'; index: number; outcome: CallOutcome } | { kind: 'wait'; ms: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('call' as const), outcome: outcomeArbitrary, durationMs: fc.integer({ min: 0, max: 40 }) }),
  fc.constant({ kind: 'start' as const }),
  fc.record({ kind: fc.constant('finish' as const), index: fc.nat(), outcome: outcomeArbitrary }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 60 }) }),
);

describe('BreakerMachine properties', () => {
  it('random calls, overlapping calls and waits only ever take the legal edges, each from the current state', () => {
    fc.assert(
      fc.property(configArbitrary, fc.array(stepArbitrary, { maxLength: 300 }), (config, steps) => {
        const machine = new BreakerMachine(config);
        const inFlight: Permit[] = [];
        let now = 0;
        let state: BreakerState = machine.state;
        for (const step of steps) {
          if (step.kind === 'wait') now += step.ms;
          if (step.kind === 'call') {
            const permission = machine.tryAcquire(now);
            if (permission.allowed) machine.record(permission.permit, step.outcome, now + step.durationMs);
          }
          if (step.kind === 'start') {
            const permission = machine.tryAcquire(now);
            if (permission.allowed) inFlight.push(permission.permit);
            else expect(permission.retryAfterMs).toBeGreaterThanOrEqual(0);
          }
          if (step.kind === 'finish' && inFlight.length > 0) {
            const [permit] = inFlight.splice(step.index % inFlight.length, 1);
            machine.record(permit as Permit, step.outcome, now);
          }
          for (const transition of machine.takeTransitions()) {
            expect(transition.from).toBe(state);
            expect(LEGAL.has(`${transition.from}>${transition.to}`)).toBe(true);
            expect(transition.at).toBeGreaterThanOrEqual(now);
            state = transition.to;
          }
          expect(machine.state).toBe(state);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('opens exactly at the first outcome where the naive window model crosses a threshold, and a reset starts a new window', () => {
    fc.assert(
      fc.property(configArbitrary, fc.array(fc.oneof({ weight: 20, arbitrary: outcomeArbitrary }, { weight: 1, arbitrary: fc.constant('reset' as const) }), { maxLength: 200 }), (config, inputs) => {
        const machine = new BreakerMachine(config);
        let history: CallOutcome[] = [];
        for (const input of inputs) {
          if (input === 'reset') {
            machine.reset(0);
            history = [];
            continue;
          }
          if (machine.state !== 'CLOSED') continue;
          const permission = machine.tryAcquire(0);
          if (!permission.allowed) throw new Error('CLOSED refused a call');
          history.push(input);
          machine.record(permission.permit, input, 0);
          expect(machine.state).toBe(referenceOpens(config, history) ? 'OPEN' : 'CLOSED');
          if (machine.state === 'CLOSED') {
            const window = history.slice(-config.windowSize);
            expect(machine.snapshot()).toMatchObject({ calls: window.length, failures: window.filter((o) => o.failed).length, slowCalls: window.filter((o) => o.slow).length });
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
