import type { BackoffPolicy } from './port.js';

/**
 * The block lengths of breach 1, 2, 3 …: doubling from the base until the cap, the cap last.
 * The Redis script receives this list instead of re-deriving it, so the schedule has one source.
 */
export function blockSchedule(policy: BackoffPolicy): number[] {
  const schedule: number[] = [];
  for (let seconds = policy.baseBlockSeconds; seconds < policy.maxBlockSeconds; seconds *= 2) schedule.push(seconds);
  schedule.push(policy.maxBlockSeconds);
  return schedule;
}

/** How long breach number `breach` (1-based) blocks for; every breach past the schedule gets the cap. */
export function blockSecondsFor(policy: BackoffPolicy, breach: number): number {
  const schedule = blockSchedule(policy);
  const index = Math.min(Math.max(breach, 1), schedule.length) - 1;
  return schedule[index] ?? policy.maxBlockSeconds;
}

/** Rejects policies that would never block, never expire or loop forever; policies are data, so check them once. */
export function assertValidBackoffPolicy(policy: BackoffPolicy): void {
  const positive = [policy.maxFailures, policy.windowSeconds, policy.baseBlockSeconds, policy.maxBlockSeconds, policy.historySeconds];
  if (!positive.every((value) => Number.isInteger(value) && value > 0) || policy.maxBlockSeconds < policy.baseBlockSeconds) {
    throw new RangeError(`Back-off policy "${policy.name}" needs positive integers and maxBlockSeconds ≥ baseBlockSeconds`);
  }
}

/** Seconds a client is told to wait: whole seconds, never 0 (RFC 9110 Retry-After is a delay in seconds). */
export function toRetryAfterSeconds(milliseconds: number): number {
  return Math.max(1, Math.ceil(milliseconds / 1000));
}
