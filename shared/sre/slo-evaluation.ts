import {
  allowedBadRatio,
  AT_RISK_BUDGET_REMAINING,
  BURN_RATE_POLICY,
  BURN_WINDOWS,
  type BurnRateAlert,
  type BurnWindowLabel,
  type SloDefinition,
  type SloId,
  type SloObjective,
} from './slos.js';
import { countBelow, type OutcomeTotals } from './totals.js';

export type SloStatus = 'met' | 'at_risk' | 'breached' | 'no_data';

export interface BurnAlertState extends BurnRateAlert {
  firing: boolean;
}

export interface SloEvaluation {
  id: SloId;
  title: string;
  objective: SloObjective;
  target: number;
  /** Good share for `at_least` SLOs, bad share for `below`; null without requests. */
  current: number | null;
  requests: number;
  badRequests: number;
  /** Share of the window's error budget spent; above 1 once overspent. Null without requests. */
  errorBudgetConsumed: number | null;
  /** 1 − consumed, clamped at 0 (an overspent budget shows as 0, the overspend in `consumed`). */
  errorBudgetRemaining: number | null;
  status: SloStatus;
  /** Bad share of the window / allowed bad share; null for a window without requests. */
  burnRates: Record<BurnWindowLabel, number | null>;
  burnAlerts: BurnAlertState[];
}

/** Requests that spend this SLO's budget. */
export function badRequests(slo: SloDefinition, totals: OutcomeTotals): number {
  if (slo.badEvent === 'server_error') return totals.serverErrors;
  if (slo.latencyThresholdMs === undefined) throw new RangeError(`SLO ${slo.id} needs latencyThresholdMs`);
  return totals.requests - countBelow(totals, slo.latencyThresholdMs);
}

export function burnRate(slo: SloDefinition, totals: OutcomeTotals): number | null {
  if (totals.requests === 0) return null;
  return badRequests(slo, totals) / totals.requests / allowedBadRatio(slo);
}

function meetsTarget(slo: SloDefinition, bad: number, requests: number): boolean {
  const badShare = bad / requests;
  return slo.objective === 'at_least' ? badShare <= allowedBadRatio(slo) : badShare < slo.target;
}

/**
 * One SLO over its window (`window`) with burn rates over the shorter windows. Status: `breached`
 * when the window misses the target; else `at_risk` when under a quarter of the budget is left
 * or any burn-rate alert fires; else `met`. `no_data` without requests in the window.
 */
export function evaluateSlo(
  slo: SloDefinition,
  window: OutcomeTotals,
  burnWindows: Record<BurnWindowLabel, OutcomeTotals>,
): SloEvaluation {
  const labels = Object.keys(BURN_WINDOWS) as BurnWindowLabel[];
  const burnRates = Object.fromEntries(labels.map((label) => [label, burnRate(slo, burnWindows[label])])) as Record<
    BurnWindowLabel,
    number | null
  >;
  const burnAlerts = BURN_RATE_POLICY.map((alert) => ({
    ...alert,
    firing: [burnRates[alert.longWindow], burnRates[alert.shortWindow]].every((rate) => rate !== null && rate >= alert.factor),
  }));
  const base = { id: slo.id, title: slo.title, objective: slo.objective, target: slo.target, burnRates, burnAlerts };
  const { requests } = window;
  if (requests === 0) {
    return { ...base, current: null, requests, badRequests: 0, errorBudgetConsumed: null, errorBudgetRemaining: null, status: 'no_data' };
  }
  const bad = badRequests(slo, window);
  const consumed = bad / (allowedBadRatio(slo) * requests);
  const remaining = Math.max(0, 1 - consumed);
  let status: SloStatus = 'met';
  if (!meetsTarget(slo, bad, requests)) status = 'breached';
  else if (remaining < AT_RISK_BUDGET_REMAINING || burnAlerts.some((alert) => alert.firing)) status = 'at_risk';
  return {
    ...base,
    current: slo.objective === 'at_least' ? 1 - bad / requests : bad / requests,
    requests,
    badRequests: bad,
    errorBudgetConsumed: consumed,
    errorBudgetRemaining: remaining,
    status,
  };
}
