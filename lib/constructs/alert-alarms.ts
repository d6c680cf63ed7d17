import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmRule,
  AlarmState,
  ComparisonOperator,
  CompositeAlarm,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import {
  ALERT_METRIC,
  ALERT_RULES,
  type AlertRule,
  type AlertRuleId,
  alertAlarmName,
  BURN_RATE_POLICY,
  BURN_RATE_SLO,
  BURN_WINDOWS,
  type BurnRateAlert,
  type BurnWindowLabel,
  burnRateAlarmName,
  burnRateThreshold,
} from '../../shared/sre/index.js';
import { appMetric } from './app-metrics.js';

/** Below this many cache requests in a period the hit rate counts as healthy: a rate from a handful of reads means nothing. */
export const CACHE_MINIMUM_REQUESTS = 50;

/** CloudWatch's longest alarm period; a longer window is that many whole periods, all breaching. */
const MAX_ALARM_PERIOD = Duration.days(1);

/**
 * The value an alert rule compares with its threshold, over the rule's period, from the EMF
 * metrics. A switch over every ALERT_METRIC: a new metric fails the typecheck here.
 */
export function ruleMetric(rule: AlertRule): IMetric {
  const period = Duration.seconds(rule.periodSeconds);
  switch (rule.metric) {
    case ALERT_METRIC.serverErrorsPerSecond:
      return new MathExpression({
        expression: `errors / ${rule.periodSeconds}`,
        usingMetrics: { errors: appMetric('ServerErrors', 'Sum', period) },
        period,
        label: 'server errors per second',
      });
    case ALERT_METRIC.latencyP95:
      return appMetric('Latency', 'p95', period, 'latency p95 (ms)');
    case ALERT_METRIC.cacheHitRatio:
      return new MathExpression({
        // A quiet period counts as healthy (1) rather than as a rate computed from a handful of reads.
        expression: `IF(requests >= ${CACHE_MINIMUM_REQUESTS}, hits / requests, 1)`,
        usingMetrics: { hits: appMetric('CacheHits', 'Sum', period), requests: appMetric('CacheRequests', 'Sum', period) },
        period,
        label: 'cache hit rate',
      });
  }
}

/** What a rule's alarm says about itself: the rule, its severity, cooldown and actions. */
export function ruleAlarmDescription(rule: AlertRule): string {
  return (
    `${rule.description} (alert rule ${rule.id}, shared/sre/alert-rules.ts). Severity: ${rule.severity}. ` +
    `Cooldown: ${rule.cooldownSeconds / 60} min. Actions: ${rule.actions.join(', ')}, run by the alert dispatcher. ` +
    'Runbook: docs/deploy.md, "Alerts".'
  );
}

/** One CloudWatch alarm per ALERT_RULES entry, named `fundcast-<stage>-<rule id>`. */
export class RuleAlarms extends Construct {
  public readonly alarms: Readonly<Record<AlertRuleId, Alarm>>;

  constructor(scope: Construct, id: string, props: { readonly stage: string }) {
    super(scope, id);
    const alarms = {} as Record<AlertRuleId, Alarm>;
    for (const rule of ALERT_RULES) {
      alarms[rule.id] = new Alarm(this, rule.id, {
        alarmName: alertAlarmName(props.stage, rule.id),
        alarmDescription: ruleAlarmDescription(rule),
        metric: ruleMetric(rule),
        threshold: rule.threshold,
        comparisonOperator:
          rule.comparison === 'greater_than' ? ComparisonOperator.GREATER_THAN_THRESHOLD : ComparisonOperator.LESS_THAN_THRESHOLD,
        // One period, as the admin API evaluates the rule; the cooldown stops repeats.
        evaluationPeriods: 1,
        // No traffic, no metrics: nothing to judge.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    this.alarms = alarms;
  }
}

/** How one burn window becomes an alarm CloudWatch accepts: period and number of breaching periods. */
export function windowEvaluation(window: BurnWindowLabel): { period: Duration; periods: number } {
  const minutes = BURN_WINDOWS[window].minutes;
  const maxMinutes = MAX_ALARM_PERIOD.toMinutes();
  if (minutes <= maxMinutes) return { period: Duration.minutes(minutes), periods: 1 };
  if (minutes % maxMinutes !== 0) throw new Error(`Burn window ${window} is not a whole number of days`);
  return { period: MAX_ALARM_PERIOD, periods: minutes / maxMinutes };
}

/** The error ratio over one period: SUM(ServerErrors) / SUM(Requests), 0 without requests. */
export function errorRatio(period: Duration): MathExpression {
  return new MathExpression({
    expression: 'IF(requests > 0, errors / requests, 0)',
    usingMetrics: { errors: appMetric('ServerErrors', 'Sum', period), requests: appMetric('Requests', 'Sum', period) },
    period,
    label: 'error ratio',
  });
}

export interface BurnRateAlarm {
  readonly alert: BurnRateAlert;
  readonly long: Alarm;
  readonly short: Alarm;
  /** In ALARM while both windows burn at least `factor` times the sustainable rate. */
  readonly composite: CompositeAlarm;
}

/**
 * Multi-window, multi-burn-rate alerts from BURN_RATE_POLICY: per (factor, long, short) two metric
 * alarms on the error ratio (threshold factor × the availability SLO's allowed bad share) and a
 * composite alarm that is their AND. The metric alarms carry no action; the composites do.
 */
export class BurnRateAlarms extends Construct {
  public readonly alarms: readonly BurnRateAlarm[];

  constructor(scope: Construct, id: string, props: { readonly stage: string }) {
    super(scope, id);
    this.alarms = BURN_RATE_POLICY.map((alert) => {
      const name = burnRateAlarmName(props.stage, alert);
      const windowAlarm = (role: 'long' | 'short', window: BurnWindowLabel) => {
        const { period, periods } = windowEvaluation(window);
        return new Alarm(this, `${alert.longWindow}-${alert.shortWindow}-${role}`, {
          alarmName: `${name}-${role}`,
          alarmDescription: `Error ratio over ${window} at least ${alert.factor}x the ${BURN_RATE_SLO.id} budget; one half of ${name}.`,
          metric: errorRatio(period),
          threshold: burnRateThreshold(alert),
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: periods,
          datapointsToAlarm: periods,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
      };
      const long = windowAlarm('long', alert.longWindow);
      const short = windowAlarm('short', alert.shortWindow);
      const composite = new CompositeAlarm(this, `${alert.longWindow}-${alert.shortWindow}`, {
        compositeAlarmName: name,
        alarmDescription:
          `Severity: ${alert.severity}. The error budget of the ${BURN_RATE_SLO.id} SLO (${BURN_RATE_SLO.target * 100} % over ` +
          `${BURN_RATE_SLO.windowDays} days) burns at least ${alert.factor}x over ${alert.longWindow} and ${alert.shortWindow}. ` +
          'Runbook: docs/deploy.md, "Alerts".',
        alarmRule: AlarmRule.allOf(AlarmRule.fromAlarm(long, AlarmState.ALARM), AlarmRule.fromAlarm(short, AlarmState.ALARM)),
      });
      return { alert, long, short, composite };
    });
  }
}
