/**
 * Request-outcome counts and the latency histogram they carry. The same shape is summed in a
 * container, added into stored buckets and read back, so one set of helpers serves all three.
 */

/**
 * Upper bounds (exclusive) of the latency buckets; a last bucket holds everything from 5000 ms
 * up. 200 ms and 2000 ms are bounds, so the latency SLO and the p95 rule read exact counts.
 */
export const LATENCY_BOUNDS_MS = [25, 50, 100, 200, 300, 500, 1_000, 2_000, 5_000] as const;
export const HISTOGRAM_BUCKETS = LATENCY_BOUNDS_MS.length + 1;
/** Where the open last bucket starts. */
export const OPEN_BUCKET_FLOOR_MS = 5_000;

/** Stored attribute of each histogram bucket: `lt25` … `lt5000`, then `ltInf`. */
export const HISTOGRAM_ATTRIBUTES: readonly string[] = [...LATENCY_BOUNDS_MS.map((bound) => `lt${bound}`), 'ltInf'];

export interface OutcomeTotals {
  requests: number;
  /** Status 500–599. */
  serverErrors: number;
  /** Status 400–499. */
  clientErrors: number;
  /** Sum of latencies rounded to whole milliseconds, for the mean. */
  latencySumMs: number;
  /** Count per latency bucket, HISTOGRAM_BUCKETS long. */
  histogram: number[];
}

export const COUNTER_ATTRIBUTES = ['requests', 'serverErrors', 'clientErrors', 'latencySumMs'] as const;

export function emptyTotals(): OutcomeTotals {
  return { requests: 0, serverErrors: 0, clientErrors: 0, latencySumMs: 0, histogram: new Array<number>(HISTOGRAM_BUCKETS).fill(0) };
}

/** The bucket a latency falls in; a negative or non-finite latency counts as 0 ms. */
export function bucketOf(latencyMs: number): number {
  const ms = Number.isFinite(latencyMs) && latencyMs > 0 ? latencyMs : 0;
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => ms < bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

export function addOutcome(totals: OutcomeTotals, status: number, latencyMs: number): void {
  totals.requests += 1;
  if (status >= 500 && status <= 599) totals.serverErrors += 1;
  else if (status >= 400 && status <= 499) totals.clientErrors += 1;
  totals.latencySumMs += Number.isFinite(latencyMs) && latencyMs > 0 ? Math.round(latencyMs) : 0;
  const bucket = bucketOf(latencyMs);
  totals.histogram[bucket] = (totals.histogram[bucket] ?? 0) + 1;
}

export function addTotals(into: OutcomeTotals, from: OutcomeTotals): void {
  for (const name of COUNTER_ATTRIBUTES) into[name] += from[name];
  from.histogram.forEach((count, i) => {
    into.histogram[i] = (into.histogram[i] ?? 0) + count;
  });
}

/** Requests strictly faster than `bound`, which must be one of LATENCY_BOUNDS_MS. */
export function countBelow(totals: OutcomeTotals, bound: number): number {
  const end = LATENCY_BOUNDS_MS.indexOf(bound as (typeof LATENCY_BOUNDS_MS)[number]);
  if (end === -1) throw new RangeError(`${bound} ms is not a histogram bound`);
  return totals.histogram.slice(0, end + 1).reduce((sum, count) => sum + count, 0);
}

/**
 * The upper bound of the bucket holding the q-quantile request (nearest rank), so the true
 * value is below it. The open last bucket reports its lower bound, 5000 ms: "at least".
 * Null when there are no requests.
 */
export function latencyQuantileMs(totals: OutcomeTotals, q: number): number | null {
  if (totals.requests === 0) return null;
  // The epsilon keeps 0.95 × 100 from rounding up to rank 96 through float error.
  const rank = Math.max(1, Math.ceil(q * totals.requests - 1e-9));
  let seen = 0;
  for (const [i, count] of totals.histogram.entries()) {
    seen += count;
    if (seen >= rank) return LATENCY_BOUNDS_MS[i] ?? OPEN_BUCKET_FLOOR_MS;
  }
  return OPEN_BUCKET_FLOOR_MS;
}
