import { ALERT_RULES, type AlertRule } from './alert-rules.js';
import { evaluateAlertRule, type AlertEvaluation, type CacheStats } from './alert-evaluation.js';
import { DAY_MS, floorTo, MINUTE_MS } from './bucket-keys.js';
import type { OutcomeReader, OutcomeWindow } from './outcome-reader.js';
import { evaluateSlo, type SloEvaluation } from './slo-evaluation.js';
import { BURN_WINDOWS, SLO_WINDOW_DAYS, SLOS, type BurnWindowLabel, type SloDefinition } from './slos.js';
import { latencyQuantileMs, type OutcomeTotals } from './totals.js';

/**
 * How long after a minute ends before it counts as complete: containers flush every ~5 s, so
 * by then each has added its share. Windows end at the last complete minute.
 */
export const DEFAULT_SETTLE_MS = 10_000;

export interface EvaluationOptions {
  settleMs?: number;
}

/** Exclusive end of the windows evaluated at `now`. */
export function evaluationEnd(now: number, settleMs = DEFAULT_SETTLE_MS): number {
  return floorTo(now - settleMs, MINUTE_MS);
}

export interface SloReport {
  /** Start and exclusive end of the SLO window read (epoch ms). */
  from: number;
  to: number;
  slos: SloEvaluation[];
}

/** Every SLO over its 30-day window, with burn rates and burn-rate alerts. */
export async function evaluateSlos(
  reader: OutcomeReader,
  now: number,
  options: EvaluationOptions = {},
  slos: readonly SloDefinition[] = SLOS,
): Promise<SloReport> {
  const end = evaluationEnd(now, options.settleMs);
  const labels = Object.keys(BURN_WINDOWS) as BurnWindowLabel[];
  const [window, ...burns] = await Promise.all([
    reader.window(end - SLO_WINDOW_DAYS * DAY_MS, end),
    ...labels.map((label) => reader.window(end - BURN_WINDOWS[label].minutes * MINUTE_MS, end)),
  ]);
  const burnTotals = Object.fromEntries(labels.map((label, i) => [label, (burns[i] as OutcomeWindow).totals])) as Record<
    BurnWindowLabel,
    OutcomeTotals
  >;
  const evaluations = slos.map((slo) => evaluateSlo(slo, (window as OutcomeWindow).totals, burnTotals));
  return { from: (window as OutcomeWindow).from, to: end, slos: evaluations };
}

/** Every alert rule over its own period, ending at the last complete minute. */
export async function evaluateAlertRules(
  reader: OutcomeReader,
  now: number,
  cache: CacheStats,
  options: EvaluationOptions = {},
  rules: readonly AlertRule[] = ALERT_RULES,
): Promise<AlertEvaluation[]> {
  const end = evaluationEnd(now, options.settleMs);
  const periods = [...new Set(rules.map((rule) => rule.periodSeconds))];
  const windows = await Promise.all(periods.map((seconds) => reader.window(end - seconds * 1000, end)));
  const byPeriod = new Map(periods.map((seconds, i) => [seconds, (windows[i] as OutcomeWindow).totals]));
  return rules.map((rule) => evaluateAlertRule(rule, byPeriod.get(rule.periodSeconds) as OutcomeTotals, cache));
}

export interface RequestStats {
  from: number;
  to: number;
  requests: number;
  requestsPerSecond: number;
  serverErrors: number;
  clientErrors: number;
  /** 5xx / requests; null without requests. */
  errorRate: number | null;
  /** Histogram upper bounds (see latencyQuantileMs) and the mean; null without requests. */
  latency: { meanMs: number | null; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null };
}

export function statsOf(window: OutcomeWindow): RequestStats {
  const { totals, from, to } = window;
  const seconds = (to - from) / 1000;
  const some = totals.requests > 0;
  return {
    from,
    to,
    requests: totals.requests,
    requestsPerSecond: seconds > 0 ? totals.requests / seconds : 0,
    serverErrors: totals.serverErrors,
    clientErrors: totals.clientErrors,
    errorRate: some ? totals.serverErrors / totals.requests : null,
    latency: {
      meanMs: some ? totals.latencySumMs / totals.requests : null,
      p50Ms: latencyQuantileMs(totals, 0.5),
      p95Ms: latencyQuantileMs(totals, 0.95),
      p99Ms: latencyQuantileMs(totals, 0.99),
    },
  };
}

/** Request statistics of the minutes from `from` to `to` (exclusive), for `/admin/stats`. */
export async function requestStats(reader: OutcomeReader, window: { from: number; to: number }): Promise<RequestStats> {
  return statsOf(await reader.window(window.from, window.to));
}
