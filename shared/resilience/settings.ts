import type { MachineConfig } from './breaker-machine.js';

/** What a caller does when the breaker refuses or the dependency fails (documentation for wiring; the caller supplies it). */
export const Fallbacks = {
  none: 'none',
  cachedResponse: 'cached_response',
  /** The Redis L2 is skipped: the two-tier cache answers from L1 or the database. */
  skipLayer: 'skip_layer',
} as const;
export type Fallback = (typeof Fallbacks)[keyof typeof Fallbacks];

export interface BreakerSettings extends MachineConfig {
  readonly fallback: Fallback;
}

/**
 * Shared by every dependency (SPEC §5): a 100-call count window, open at ≥ 50 % failures or
 * ≥ 60 % slow calls, three half-open probes, and a doubling back-off on repeated re-opens capped
 * at four times the base wait.
 */
const COMMON = {
  windowSize: 100,
  failureRateThreshold: 50,
  slowCallRateThreshold: 60,
  backoffMultiplier: 2,
  halfOpenProbes: 3,
} as const;

/**
 * minimumCalls is twice failureThreshold: at the minimum sample, "N failures" and "50 % failures"
 * are then the same rule, so the brief's absolute figure is what opens a quiet container's breaker
 * (resilience4j's default of 100 would leave a low-traffic Lambda container blind for minutes),
 * while one or two unlucky calls never do.
 */
function settingsFor(input: {
  failureThreshold: number;
  recoveryTimeoutMs: number;
  slowCallDurationMs: number;
  probeTimeoutMs: number;
  fallback: Fallback;
}): BreakerSettings {
  return {
    ...COMMON,
    ...input,
    minimumCalls: Math.min(COMMON.windowSize, 2 * input.failureThreshold),
    maxRecoveryTimeoutMs: 4 * input.recoveryTimeoutMs,
  };
}

/** One breaker per dependency, as data; the registry builds them from this table. */
export const BREAKER_SETTINGS = {
  external_apis: settingsFor({ failureThreshold: 5, recoveryTimeoutMs: 30_000, slowCallDurationMs: 5_000, probeTimeoutMs: 10_000, fallback: Fallbacks.cachedResponse }),
  database: settingsFor({ failureThreshold: 3, recoveryTimeoutMs: 15_000, slowCallDurationMs: 10_000, probeTimeoutMs: 10_000, fallback: Fallbacks.none }),
  ai_inference: settingsFor({ failureThreshold: 10, recoveryTimeoutMs: 60_000, slowCallDurationMs: 30_000, probeTimeoutMs: 30_000, fallback: Fallbacks.none }),
  // Redis should answer in a millisecond or two; waiting longer than 200 ms is worse than going to L1/DB.
  cache: settingsFor({ failureThreshold: 5, recoveryTimeoutMs: 10_000, slowCallDurationMs: 200, probeTimeoutMs: 500, fallback: Fallbacks.skipLayer }),
} as const satisfies Record<string, BreakerSettings>;

export type BreakerName = keyof typeof BREAKER_SETTINGS;
export const BREAKER_NAMES = Object.keys(BREAKER_SETTINGS) as BreakerName[];
