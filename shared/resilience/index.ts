export {
  BreakerMachine,
  BreakerStates,
  TransitionReasons,
  trippedBy,
  type BreakerState,
  type BreakerTransition,
  type CallOutcome,
  type MachineConfig,
  type MachineSnapshot,
  type Permission,
  type Permit,
  type TransitionReason,
} from './breaker-machine.js';
export { ItemStoreBreakerStateStore, breakerKey } from './breaker-table.js';
export {
  CircuitBreaker,
  type BreakerEvent,
  type BreakerListener,
  type BreakerSnapshot,
  type CircuitBreakerOptions,
  type ExecuteOptions,
  type FailureClassifier,
  type FallbackContext,
} from './circuit-breaker.js';
export { BreakerOpenError, CallTimeoutError, ResilienceError, UnknownBreakerError } from './errors.js';
export { isDependencyFailure } from './failures.js';
export { GuardedItemStore, StoreCircuitOpenError } from './guarded-store.js';
export { BreakerRegistry, type BreakerRegistryOptions } from './registry.js';
export { BREAKER_NAMES, BREAKER_SETTINGS, Fallbacks, type BreakerName, type BreakerSettings, type Fallback } from './settings.js';
export { SharedBreakerSync, type BreakerStateStore, type SharedBreakerRecord, type SharedStateOptions } from './shared-state.js';
