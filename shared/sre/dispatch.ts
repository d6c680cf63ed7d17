import { BreakerStates } from '../resilience/breaker-machine.js';
import { ConditionFailedError } from '../store/errors.js';
import type { ItemStore } from '../store/port.js';
import { ALERT_ACTION, ALERT_RULES, type AlertRule, type AlertRuleId, alertRule } from './alert-rules.js';
import { alertKey, SRE_TABLE } from './bucket-keys.js';
import type { Clock } from './clock.js';
import { claimAlert } from './cooldown.js';
import { allowedBadRatio, BURN_RATE_POLICY, type BurnRateAlert, SLOS, type SloDefinition } from './slos.js';

/*
 * How CloudWatch alarms and the alert dispatcher agree on the same definitions: the alarm names
 * CDK gives the rules and burn-rate alerts (so the dispatcher can map an alarm back to its rule),
 * the burn-rate thresholds, and the planner that turns a rule's actions into effects.
 */

/** `fundcast-<stage>-<rule id>`: the CloudWatch alarm of one alert rule. */
export function alertAlarmName(stage: string, ruleId: AlertRuleId): string {
  return `fundcast-${stage}-${ruleId}`;
}

/** The composite alarm of one burn-rate alert: `fundcast-<stage>-burn-rate-<long>-<short>`. */
export function burnRateAlarmName(stage: string, alert: BurnRateAlert): string {
  return `fundcast-${stage}-burn-rate-${alert.longWindow}-${alert.shortWindow}`;
}

/** The error budget the burn-rate alarms watch: availability (5xx answers), the SLO CloudWatch can count from `ServerErrors` / `Requests`. */
export const BURN_RATE_SLO: SloDefinition = SLOS.find((slo) => slo.id === 'availability') as SloDefinition;

/** The error ratio at which a window burns the budget `alert.factor` times faster than sustainable. */
export function burnRateThreshold(alert: BurnRateAlert): number {
  return Number((alert.factor * allowedBadRatio(BURN_RATE_SLO)).toFixed(12));
}

/**
 * A page-level burn is server errors at a rate the budget cannot sustain: it gets the
 * high-error-rate remediation and shares that rule's cooldown, so one incident that trips both
 * alarms is dispatched once.
 */
export const BURN_RATE_PAGE_RULE: AlertRuleId = 'high_error_rate';

/** Whether on-call hears about the rule from the dispatcher (and so also when its alarm clears). */
export function notifiesOncall(rule: AlertRule): boolean {
  return rule.actions.some((action) => action === ALERT_ACTION.notifyOncall || action === ALERT_ACTION.investigate);
}

export type AlarmSource = { kind: 'rule'; rule: AlertRule } | { kind: 'burn_rate'; rule: AlertRule; alert: BurnRateAlert };

/** The rule behind an alarm of this stage; undefined for an alarm the dispatcher does not handle (ticket burns, others). */
export function alarmSource(alarmName: string, stage: string): AlarmSource | undefined {
  const rule = ALERT_RULES.find((candidate) => alertAlarmName(stage, candidate.id) === alarmName);
  if (rule) return { kind: 'rule', rule };
  const alert = BURN_RATE_POLICY.find((candidate) => candidate.severity === 'page' && burnRateAlarmName(stage, candidate) === alarmName);
  return alert ? { kind: 'burn_rate', rule: alertRule(BURN_RATE_PAGE_RULE), alert } : undefined;
}

export type Effect =
  | { kind: 'notify'; subject: string; message: string }
  | { kind: 'warm_cache' }
  | { kind: 'enable_breakers' }
  | { kind: 'log'; message: string };

/** Why Lambda needs no scaling action: said in the log and in the notification. */
export const AUTO_SCALE_NOTE =
  'auto_scale: nothing to do; Lambda adds concurrent executions with load by itself (up to the account and reserved limits).';

export interface AlarmContext {
  readonly alarmName: string;
  readonly reason: string;
  readonly source: AlarmSource;
}

/**
 * What firing `source.rule` does, without doing it. `notify_oncall` and `investigate` become one
 * notification; `warm_cache` and `enable_circuit_breaker` become their effects; `auto_scale`
 * becomes a log line (and a line of the notification): Lambda scales on its own.
 */
export function planEffects(context: AlarmContext): Effect[] {
  const { rule } = context.source;
  const effects: Effect[] = [];
  const done: string[] = [];
  for (const action of rule.actions) {
    if (action === ALERT_ACTION.warmCache) {
      effects.push({ kind: 'warm_cache' });
      done.push('warm_cache: the most-read markets are being loaded into the cache.');
    } else if (action === ALERT_ACTION.enableCircuitBreaker) {
      effects.push({ kind: 'enable_breakers' });
      done.push('enable_circuit_breaker: every breaker left DISABLED is being re-enabled (CLOSED).');
    } else if (action === ALERT_ACTION.autoScale) {
      effects.push({ kind: 'log', message: AUTO_SCALE_NOTE });
      done.push(AUTO_SCALE_NOTE);
    }
  }
  const asksOncall = rule.actions.includes(ALERT_ACTION.notifyOncall);
  const asksInvestigation = rule.actions.includes(ALERT_ACTION.investigate);
  if (asksOncall || asksInvestigation) {
    effects.unshift({ kind: 'notify', subject: subjectOf(context), message: messageOf(context, done, asksInvestigation) });
  }
  return effects;
}

function subjectOf({ source }: AlarmContext): string {
  const what = source.kind === 'rule' ? source.rule.id : `error budget burning ${source.alert.factor}x`;
  // SNS subjects: ASCII, at most 100 characters.
  return `[FundCast ${source.rule.severity}] ${what}`.slice(0, 100);
}

function messageOf({ alarmName, reason, source }: AlarmContext, done: string[], investigate: boolean): string {
  const { rule } = source;
  const lines = [
    `Alarm: ${alarmName}`,
    source.kind === 'rule'
      ? `Rule: ${rule.id} (${rule.description}; severity ${rule.severity})`
      : `Burn rate: ${source.alert.factor}x over ${source.alert.longWindow} and ${source.alert.shortWindow} (${source.alert.severity}); handled as ${rule.id}`,
    `Reason: ${reason}`,
    `Cooldown: ${rule.cooldownSeconds / 60} min (no further dispatch of ${rule.id} before then)`,
    ...done.map((line) => `Done: ${line}`),
    ...(investigate ? ['Investigate: see docs/deploy.md, "Alert dispatcher".'] : []),
  ];
  return lines.join('\n');
}

/** The part of a CloudWatch alarm state-change event (a Lambda alarm action) the dispatcher reads. */
export interface AlarmStateChange {
  readonly alarmData: {
    readonly alarmName: string;
    readonly state: { readonly value: string; readonly reason?: string };
  };
}

/** The effects as the dispatcher's host runs them (SNS, the cache warm, the breaker registry). */
export interface EffectRunner {
  notify(subject: string, message: string): Promise<void>;
  warmCache(): Promise<void>;
  /** Returns the breakers it re-enabled. */
  enableBreakers(): Promise<string[]>;
  log(message: string, details?: Record<string, unknown>): void;
}

export interface DispatchDeps {
  readonly store: ItemStore;
  readonly clock: Clock;
  readonly stage: string;
  readonly run: EffectRunner;
}

export type DispatchResult =
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'cooldown'; ruleId: AlertRuleId }
  | { outcome: 'dispatched'; ruleId: AlertRuleId; effects: Effect['kind'][] };

/**
 * Handles one alarm state change: only ALARM of a known alarm is acted on; the rule's cooldown is
 * claimed (one conditional write, across containers and retries), then every effect runs. If any
 * effect fails the claim is given back and the error rethrown, so Lambda's retry of the
 * asynchronous invocation runs the alert again instead of finding it in cooldown.
 */
export async function dispatchAlarm(event: AlarmStateChange, deps: DispatchDeps): Promise<DispatchResult> {
  const { alarmName, state } = event.alarmData;
  if (state.value !== 'ALARM') return { outcome: 'ignored', reason: `state ${state.value}` };
  const source = alarmSource(alarmName, deps.stage);
  if (!source) return { outcome: 'ignored', reason: `no rule for alarm ${alarmName}` };
  const now = deps.clock.now();
  if (!(await claimAlert(deps.store, source.rule, now))) return { outcome: 'cooldown', ruleId: source.rule.id };

  const effects = planEffects({ alarmName, reason: state.reason ?? '', source });
  const results = await Promise.allSettled(effects.map((effect) => runEffect(effect, deps.run)));
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failures.length > 0) {
    await releaseClaim(deps.store, source.rule.id, now);
    throw new AggregateError(failures.map((failure) => failure.reason), `alert ${source.rule.id}: ${failures.length} effect(s) failed`);
  }
  return { outcome: 'dispatched', ruleId: source.rule.id, effects: effects.map((effect) => effect.kind) };
}

async function runEffect(effect: Effect, run: EffectRunner): Promise<void> {
  switch (effect.kind) {
    case 'notify':
      return run.notify(effect.subject, effect.message);
    case 'warm_cache':
      return run.warmCache();
    case 'enable_breakers': {
      const enabled = await run.enableBreakers();
      run.log('breakers re-enabled', { breakers: enabled });
      return;
    }
    case 'log':
      run.log(effect.message);
      return;
  }
}

/** Undoes this dispatch's claim, and only this one's (a later claim is left alone). */
async function releaseClaim(store: ItemStore, ruleId: AlertRuleId, claimedAt: number): Promise<void> {
  try {
    await store.write([
      {
        type: 'update',
        table: SRE_TABLE,
        key: alertKey(ruleId),
        update: { remove: ['lastFiredAt'] },
        condition: { kind: 'compare', name: 'lastFiredAt', op: '=', value: claimedAt },
      },
    ]);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
}

/** What re-enabling needs from the breaker registry and the breaker table. */
export interface BreakerControl {
  names(): string[];
  /** The state every container shares (the breaker table), not this container's cached view. */
  sharedState(name: string): Promise<string | undefined>;
  reset(name: string): Promise<unknown>;
}

/**
 * `enable_circuit_breaker`: breakers protect by default, so "enabling" one means undoing an
 * operator's DISABLE (which lets every call through, slow or failing). Breakers that are CLOSED,
 * OPEN or HALF_OPEN are left to their state machine; a FORCED_OPEN one stays as the operator set it.
 */
export async function enableDisabledBreakers(control: BreakerControl): Promise<string[]> {
  const enabled: string[] = [];
  for (const name of control.names()) {
    if ((await control.sharedState(name)) !== BreakerStates.disabled) continue;
    await control.reset(name);
    enabled.push(name);
  }
  return enabled;
}
