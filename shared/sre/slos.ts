/**
 * The service level objectives, as data. The admin API evaluates them (evaluate.ts) and CDK
 * turns the same definitions into burn-rate alarms, so there is exactly one place to change a
 * target.
 */

export const SLO_IDS = ['availability', 'latency', 'error_rate'] as const;
export type SloId = (typeof SLO_IDS)[number];

/** Which requests spend the error budget. */
export const BAD_EVENT = { serverError: 'server_error', slow: 'slow' } as const;
export type BadEvent = (typeof BAD_EVENT)[keyof typeof BAD_EVENT];

/**
 * `at_least`: the share of good requests must be ≥ target (availability, latency).
 * `below`: the share of bad requests must be < target (error rate). Both spend the same kind of
 * budget; they differ only in how the objective is written down and shown.
 */
export type SloObjective = 'at_least' | 'below';

export interface SloDefinition {
  readonly id: SloId;
  readonly title: string;
  readonly badEvent: BadEvent;
  /** For `slow`: a request is good when its latency is strictly below this. */
  readonly latencyThresholdMs?: number;
  readonly objective: SloObjective;
  /** A ratio in (0, 1): the good share for `at_least`, the bad share for `below`. */
  readonly target: number;
  readonly windowDays: number;
}

export const SLO_WINDOW_DAYS = 30;

export const SLOS: readonly SloDefinition[] = [
  {
    id: 'availability',
    title: 'Availability: requests answered without a 5xx',
    badEvent: BAD_EVENT.serverError,
    objective: 'at_least',
    target: 0.999,
    windowDays: SLO_WINDOW_DAYS,
  },
  {
    id: 'latency',
    title: 'Latency: requests answered in under 200 ms',
    badEvent: BAD_EVENT.slow,
    latencyThresholdMs: 200,
    objective: 'at_least',
    target: 0.95,
    windowDays: SLO_WINDOW_DAYS,
  },
  {
    id: 'error_rate',
    title: 'Error rate: share of requests answered with a 5xx',
    badEvent: BAD_EVENT.serverError,
    objective: 'below',
    target: 0.005,
    windowDays: SLO_WINDOW_DAYS,
  },
];

/**
 * The share of requests that may be bad over the window. Rounded to 12 places so that
 * 1 − 0.999 is 0.001 and a request count at exactly the target meets it.
 */
export function allowedBadRatio(slo: SloDefinition): number {
  const allowed = slo.objective === 'at_least' ? 1 - slo.target : slo.target;
  return Number(allowed.toFixed(12));
}

/** Below this share of budget left, a met SLO is reported `at_risk`. */
export const AT_RISK_BUDGET_REMAINING = 0.25;

/** A burn-rate window, named the way dashboards and alarms name it. */
export interface BurnWindow {
  readonly label: string;
  readonly minutes: number;
}

export const BURN_WINDOWS = {
  '5m': { label: '5m', minutes: 5 },
  '30m': { label: '30m', minutes: 30 },
  '1h': { label: '1h', minutes: 60 },
  '2h': { label: '2h', minutes: 120 },
  '6h': { label: '6h', minutes: 360 },
  '1d': { label: '1d', minutes: 1_440 },
  '3d': { label: '3d', minutes: 4_320 },
} as const satisfies Record<string, BurnWindow>;
export type BurnWindowLabel = keyof typeof BURN_WINDOWS;

/** Burn rates the admin API always reports, whatever the policy below uses. */
export const REPORTED_BURN_WINDOWS: readonly BurnWindowLabel[] = ['1h', '6h', '3d'];

export interface BurnRateAlert {
  readonly severity: 'page' | 'ticket';
  /** Fires when both windows burn at least this many times the sustainable rate. */
  readonly factor: number;
  readonly longWindow: BurnWindowLabel;
  /** Stops the alert soon after the burning stops, although the long window still remembers it. */
  readonly shortWindow: BurnWindowLabel;
}

/**
 * Multi-window, multi-burn-rate alerting (Google SRE workbook, "Alerting on SLOs"). 14.4× over
 * 1 h spends 2 % of a 30-day budget; 6× over 6 h spends 5 %; 3× over 1 d and 1× over 3 d
 * spend 10 %.
 */
export const BURN_RATE_POLICY: readonly BurnRateAlert[] = [
  { severity: 'page', factor: 14.4, longWindow: '1h', shortWindow: '5m' },
  { severity: 'page', factor: 6, longWindow: '6h', shortWindow: '30m' },
  { severity: 'ticket', factor: 3, longWindow: '1d', shortWindow: '2h' },
  { severity: 'ticket', factor: 1, longWindow: '3d', shortWindow: '6h' },
];
