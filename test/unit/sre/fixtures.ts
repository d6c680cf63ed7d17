import { addOutcome, emptyTotals, type OutcomeTotals } from '../../../shared/sre/totals.js';
import { BURN_WINDOWS, type BurnWindowLabel } from '../../../shared/sre/slos.js';

/** `count` requests answered with `status` in `latencyMs`. */
export type OutcomeGroup = [count: number, status: number, latencyMs: number];

export function totalsFrom(groups: OutcomeGroup[]): OutcomeTotals {
  const totals = emptyTotals();
  for (const [count, status, latency] of groups) for (let i = 0; i < count; i += 1) addOutcome(totals, status, latency);
  return totals;
}

/**
 * The worked example: N = 2000 requests, K = 3 server errors, 20 client errors;
 * 1930 under 200 ms (1000 × 20 ms, 600 × 80 ms, 330 × 150 ms), 70 slower
 * (50 × 250 ms, 15 × 1500 ms, 5 × 6000 ms).
 */
export const WORKED_EXAMPLE: OutcomeGroup[] = [
  [997, 200, 20],
  [3, 503, 20],
  [580, 200, 80],
  [20, 404, 80],
  [330, 201, 150],
  [50, 200, 250],
  [15, 200, 1500],
  [5, 200, 6000],
];

export function sameInEveryWindow(totals: OutcomeTotals): Record<BurnWindowLabel, OutcomeTotals> {
  return Object.fromEntries(Object.keys(BURN_WINDOWS).map((label) => [label, totals])) as Record<BurnWindowLabel, OutcomeTotals>;
}
