/** Time as the domain sees it; tests pass their own to make expiry and windows deterministic. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
