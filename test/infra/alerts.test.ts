import { describe, expect, it } from 'vitest';
import { ALERT_DISPATCHER_NAME, COOLDOWN_KEY_PREFIX, TOPIC_KEY_ACTIONS } from '../../lib/constructs/alert-dispatcher.js';
import { APP_METRICS } from '../../lib/constructs/app-metrics.js';
import { TABLE_READ_ACTIONS, TABLE_READ_WRITE_ACTIONS } from '../../lib/constructs/table-access.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/index.js';
import { ALERT_RULES, type AlertRuleId, alertAlarmName, BURN_RATE_POLICY, BURN_WINDOWS, burnRateAlarmName } from '../../shared/sre/index.js';
import { crossStackValue, logicalId, resources, useNaggedDevStage } from './synth.js';
import { type Statement, asList, roleStatements } from './template-refs.js';

const dev = useNaggedDevStage();

type Props = Record<string, unknown>;
interface MetricQuery {
  Id: string;
  Expression?: string;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown[] }; Period: number; Stat: string };
  ReturnData?: boolean;
}

/** The thresholds the brief states, by rule: a new rule without an entry here fails. */
const BRIEF: Record<AlertRuleId, { threshold: number; comparison: string }> = {
  high_error_rate: { threshold: 5, comparison: 'GreaterThanThreshold' },
  slow_response_times: { threshold: 2000, comparison: 'GreaterThanThreshold' },
  low_cache_performance: { threshold: 0.5, comparison: 'LessThanThreshold' },
};

const template = () => dev.synth.templates.observability;
const observability = () => dev.synth.stacks.observability;
const dispatcherId = () => logicalId(observability().alertDispatcher.dispatcher.function.node.defaultChild);
const dispatcherArn = () => ({ 'Fn::GetAtt': [dispatcherId(), 'Arn'] });
const topicRef = () => ({ Ref: logicalId(observability().onCallTopic.node.defaultChild) });

function alarmNamed(type: 'AWS::CloudWatch::Alarm' | 'AWS::CloudWatch::CompositeAlarm', name: string): Props {
  const found = Object.values(resources(template(), type)).filter((alarm) => alarm.Properties?.AlarmName === name);
  expect(found, name).toHaveLength(1);
  return found[0]?.Properties ?? {};
}

function dispatcherStatements(): Statement[] {
  return roleStatements(template(), observability().alertDispatcher.dispatcher.role);
}

it('synthesizes the dev stage with cdk-nag attached and no unacknowledged finding', () => {
  expect(dev.error).toBeUndefined();
});

describe('alert-rule alarms', () => {
  it('read the EMF metrics where Powertools writes them', () => {
    expect(APP_METRICS).toEqual({ namespace: METRICS_NAMESPACE, dimensionsMap: { service: SERVICE_NAME } });
  });

  it.each(ALERT_RULES.map((rule) => [rule.id, rule] as const))('%s became an alarm with the brief’s threshold and the rule’s period', (id, rule) => {
    const alarm = alarmNamed('AWS::CloudWatch::Alarm', alertAlarmName('dev', id));
    expect(BRIEF[id]).toBeDefined();
    expect(alarm).toMatchObject({ Threshold: BRIEF[id].threshold, ComparisonOperator: BRIEF[id].comparison, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    expect(alarm.Threshold).toBe(rule.threshold);
    const periods = [alarm.Period, ...((alarm.Metrics as MetricQuery[] | undefined) ?? []).map((query) => query.MetricStat?.Period)].filter((p) => p !== undefined);
    expect(periods.length).toBeGreaterThan(0);
    for (const period of periods) expect(period).toBe(rule.periodSeconds);
    expect(alarm.AlarmDescription).toContain(`Severity: ${rule.severity}`);
    expect(alarm.AlarmDescription).toContain(`Cooldown: ${rule.cooldownSeconds / 60} min`);
    expect(alarm.AlarmActions).toEqual([dispatcherArn()]);
  });

  it('high_error_rate: SUM(ServerErrors) per second over 60 s', () => {
    const metrics = alarmNamed('AWS::CloudWatch::Alarm', 'fundcast-dev-high_error_rate').Metrics as MetricQuery[];
    expect(metrics.find((q) => q.Expression)?.Expression).toBe('errors / 60');
    expect(metrics.find((q) => q.Id === 'errors')?.MetricStat).toMatchObject({ Metric: { Namespace: 'FundCast', MetricName: 'ServerErrors', Dimensions: [{ Name: 'service', Value: 'fundcast' }] }, Stat: 'Sum' });
  });

  it('slow_response_times: p95 of the EMF Latency', () => {
    const metrics = alarmNamed('AWS::CloudWatch::Alarm', 'fundcast-dev-slow_response_times').Metrics as MetricQuery[];
    expect(metrics).toHaveLength(1);
    expect(metrics[0]?.MetricStat).toEqual({ Metric: { Namespace: 'FundCast', MetricName: 'Latency', Dimensions: [{ Name: 'service', Value: 'fundcast' }] }, Period: 300, Stat: 'p95' });
  });

  it('low_cache_performance: hits / requests with a 50-request guard, replacing the old 0.8 alarm', () => {
    const metrics = alarmNamed('AWS::CloudWatch::Alarm', 'fundcast-dev-low_cache_performance').Metrics as MetricQuery[];
    expect(metrics.find((q) => q.Expression)?.Expression).toBe('IF(requests >= 50, hits / requests, 1)');
    expect(metrics.find((q) => q.Id === 'hits')?.MetricStat?.Metric.MetricName).toBe('CacheHits');
    expect(metrics.find((q) => q.Id === 'requests')?.MetricStat?.Metric.MetricName).toBe('CacheRequests');
    const thresholds = Object.values(resources(template(), 'AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties?.Threshold);
    expect(thresholds).not.toContain(0.8);
  });

  it('tells on-call when a notifying rule clears, and not for slow_response_times', () => {
    expect(alarmNamed('AWS::CloudWatch::Alarm', 'fundcast-dev-high_error_rate').OKActions).toEqual([topicRef()]);
    expect(alarmNamed('AWS::CloudWatch::Alarm', 'fundcast-dev-low_cache_performance').OKActions).toEqual([topicRef()]);
    expect(alarmNamed('AWS::CloudWatch::Alarm', 'fundcast-dev-slow_response_times').OKActions).toBeUndefined();
  });
});

describe('burn-rate alarms', () => {
  it.each(BURN_RATE_POLICY.map((alert) => [`${alert.factor}x ${alert.longWindow}/${alert.shortWindow}`, alert] as const))('%s is a composite of its two windows', (_, alert) => {
    const name = burnRateAlarmName('dev', alert);
    const composite = alarmNamed('AWS::CloudWatch::CompositeAlarm', name);
    const rule = JSON.stringify(composite.AlarmRule);
    const threshold = Number((alert.factor * 0.001).toFixed(12));
    for (const [role, window] of [['long', alert.longWindow], ['short', alert.shortWindow]] as const) {
      const child = alarmNamed('AWS::CloudWatch::Alarm', `${name}-${role}`);
      const minutes = BURN_WINDOWS[window].minutes;
      const periods = Math.max(1, minutes / 1440);
      expect(child).toMatchObject({ Threshold: threshold, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: periods, DatapointsToAlarm: periods });
      const metrics = child.Metrics as MetricQuery[];
      expect(metrics.find((q) => q.Expression)?.Expression).toBe('IF(requests > 0, errors / requests, 0)');
      for (const query of metrics.filter((q) => q.MetricStat)) expect(query.MetricStat?.Period).toBe((minutes / periods) * 60);
      expect(child.AlarmActions).toBeUndefined();
      const childId = Object.entries(resources(template(), 'AWS::CloudWatch::Alarm')).find(([, a]) => a.Properties?.AlarmName === `${name}-${role}`)?.[0];
      expect(rule).toContain(`{"Fn::GetAtt":["${childId}","Arn"]}`);
    }
    expect(rule).toContain(' AND ');
    expect(composite.AlarmDescription).toContain(`Severity: ${alert.severity}`);
    expect(composite.AlarmDescription).toContain(`${alert.factor}x`);
    if (alert.severity === 'page') {
      expect(composite.AlarmActions).toEqual([topicRef(), dispatcherArn()]);
      expect(composite.OKActions).toEqual([topicRef()]);
    } else {
      expect(composite.AlarmActions).toEqual([topicRef()]);
    }
  });

  it('has exactly the policy’s composites and the paper’s factors', () => {
    expect(Object.keys(resources(template(), 'AWS::CloudWatch::CompositeAlarm'))).toHaveLength(BURN_RATE_POLICY.length);
    expect(BURN_RATE_POLICY.map((a) => [a.factor, a.longWindow, a.shortWindow, a.severity])).toEqual([
      [14.4, '1h', '5m', 'page'],
      [6, '6h', '30m', 'page'],
      [3, '1d', '2h', 'ticket'],
      [1, '3d', '6h', 'ticket'],
    ]);
  });
});

describe('alert dispatcher', () => {
  const fnProps = () => resources(template(), 'AWS::Lambda::Function')[dispatcherId()]?.Properties ?? {};

  it('is a FundCast worker with the on-call topic in its environment', () => {
    expect(fnProps()).toMatchObject({ FunctionName: `fundcast-dev-${ALERT_DISPATCHER_NAME}`, Timeout: 90, ReservedConcurrentExecutions: 3, TracingConfig: { Mode: 'Active' } });
    const variables = (fnProps().Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.ONCALL_TOPIC_ARN).toEqual(topicRef());
    expect(crossStackValue(dev.synth, variables.MAIN_TABLE_NAME)).toEqual({ Ref: logicalId(dev.synth.stacks.data.tables.main.node.defaultChild) });
    expect(variables.FUNDCAST_STAGE).toBe('dev');
  });

  it('may publish to the on-call topic only, and use its key only through SNS', () => {
    const statements = dispatcherStatements();
    const sns = statements.filter((s) => asList(s.Action).some((a) => a.startsWith('sns:')));
    expect(sns).toEqual([{ Action: 'sns:Publish', Effect: 'Allow', Resource: topicRef() }]);
    const keyArn = { 'Fn::GetAtt': [logicalId(observability().onCallKey.node.defaultChild), 'Arn'] };
    const onKey = statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(keyArn));
    expect(onKey).toHaveLength(1);
    expect(asList(onKey[0]?.Action ?? []).sort()).toEqual([...TOPIC_KEY_ACTIONS].sort());
    expect(JSON.stringify(onKey[0]?.Condition)).toContain('"sns.');
  });

  it('reads the main table and updates only its cooldown items; reads and writes the breakers table', () => {
    const statements = dispatcherStatements();
    const on = (table: 'main' | 'breakers') => {
      const tableId = logicalId(dev.synth.stacks.data.tables[table].node.defaultChild);
      return statements.filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')) && asList(s.Resource).some((r) => JSON.stringify(crossStackValue(dev.synth, r)).includes(`"${tableId}"`)));
    };
    const main = on('main');
    expect(main).toHaveLength(2);
    expect(asList(main[0]?.Action ?? []).sort()).toEqual([...TABLE_READ_ACTIONS].sort());
    expect(main[1]).toMatchObject({ Action: 'dynamodb:UpdateItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${COOLDOWN_KEY_PREFIX}*`] } } });
    expect(COOLDOWN_KEY_PREFIX).toBe('SRE#ALERT#');
    const breakers = on('breakers');
    expect(breakers).toHaveLength(1);
    expect(asList(breakers[0]?.Action ?? []).sort()).toEqual([...TABLE_READ_WRITE_ACTIONS].sort());
  });

  it('is invoked by each rule alarm and each page composite, and by nothing else', () => {
    const permissions = Object.values(resources(template(), 'AWS::Lambda::Permission')).map((p) => p.Properties ?? {});
    const alarms = { ...resources(template(), 'AWS::CloudWatch::Alarm'), ...resources(template(), 'AWS::CloudWatch::CompositeAlarm') };
    const invokers = permissions.map((p) => {
      expect(p).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'lambda.alarms.cloudwatch.amazonaws.com', FunctionName: dispatcherArn(), SourceAccount: { Ref: 'AWS::AccountId' } });
      const id = (p.SourceArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      return alarms[id]?.Properties?.AlarmName;
    });
    const expected = [
      ...ALERT_RULES.map((rule) => alertAlarmName('dev', rule.id)),
      ...BURN_RATE_POLICY.filter((a) => a.severity === 'page').map((a) => burnRateAlarmName('dev', a)),
    ];
    expect(invokers.sort()).toEqual(expected.sort());
  });

  it('sends an invocation that failed every retry to the on-call topic', () => {
    const configs = Object.values(resources(template(), 'AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(1);
    expect(configs[0]?.Properties).toMatchObject({ FunctionName: { Ref: dispatcherId() }, MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: topicRef() } } });
  });
});

describe('dashboard', () => {
  it('shows the SLOs, the error budget, latency percentiles, cache hit rate per layer, breakers and every alert alarm', () => {
    const body = JSON.stringify(Object.values(resources(template(), 'AWS::CloudWatch::Dashboard'))[0]?.Properties?.DashboardBody);
    for (const text of ['availability (%)', 'latency (% under 200 ms)', 'error_rate (%)', 'error budget remaining (%)', 'PR(:200)', '-P30D', 'L1 hit rate', 'L2 hit rate', 'CacheL1Hits', 'Breaker', 'p99']) {
      expect(body).toContain(text);
    }
    for (const rule of ALERT_RULES) expect(body).toContain(logicalId(observability().ruleAlarms.alarms[rule.id].node.defaultChild));
  });
});
