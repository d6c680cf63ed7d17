/** Time as the SRE code sees it (epoch ms); the adapters' `systemClock` fits, tests pass their own. */
export interface Clock {
  now(): number;
}
