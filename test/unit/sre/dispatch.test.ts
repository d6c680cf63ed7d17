import { describe, expect, it } from 'vitest';
import {
  ALERT_RULES,
  alarmSource,
  alertAlarmName,
  alertRule,
  AUTO_SCALE_NOTE,
  BURN_RATE_POLICY,
  burnRateAlarmName,
  burnRateThreshold,
  enableDisabledBreakers,
  notifiesOncall,
  planEffects,
  type AlarmSource,
} from '../../../shared/sre/index.js';

const context = (source: AlarmSource) => ({ alarmName: 'fundcast-dev-x', reason: 'Threshold Crossed', source });
const ruleSource = (id: Parameters<typeof alertRule>[0]): AlarmSource => ({ kind: 'rule', rule: alertRule(id) });

describe('alarm names and their rules', () => {
  it('maps every rule alarm of the stage back to its rule, and no other stage’s', () => {
    for (const rule of ALERT_RULES) {
      expect(alertAlarmName('dev', rule.id)).toBe(`fundcast-dev-${rule.id}`);
      expect(alarmSource(alertAlarmName('dev', rule.id), 'dev')).toEqual({ kind: 'rule', rule });
      expect(alarmSource(alertAlarmName('prod', rule.id), 'dev')).toBeUndefined();
    }
  });

  it('maps page burn-rate composites to high_error_rate and ignores ticket ones', () => {
    for (const alert of BURN_RATE_POLICY) {
      const source = alarmSource(burnRateAlarmName('dev', alert), 'dev');
      if (alert.severity === 'page') expect(source).toEqual({ kind: 'burn_rate', rule: alertRule('high_error_rate'), alert });
      else expect(source).toBeUndefined();
    }
    expect(alarmSource('fundcast-dev-settlement-dead-letters', 'dev')).toBeUndefined();
  });

  it('sets each burn-rate threshold to factor × the 0.1 % availability budget', () => {
    expect(BURN_RATE_POLICY.map(burnRateThreshold)).toEqual([0.0144, 0.006, 0.003, 0.001]);
  });

  it('says which rules notify on-call', () => {
    expect(ALERT_RULES.filter(notifiesOncall).map((rule) => rule.id)).toEqual(['high_error_rate', 'low_cache_performance']);
  });
});

describe('planEffects', () => {
  it('high_error_rate: one notification that also explains auto_scale, and a log line', () => {
    const effects = planEffects(context(ruleSource('high_error_rate')));
    expect(effects.map((effect) => effect.kind)).toEqual(['notify', 'log']);
    expect(effects[1]).toEqual({ kind: 'log', message: AUTO_SCALE_NOTE });
    const notify = effects[0] as Extract<(typeof effects)[number], { kind: 'notify' }>;
    expect(notify.subject).toBe('[FundCast critical] high_error_rate');
    expect(notify.message).toContain('Alarm: fundcast-dev-x');
    expect(notify.message).toContain('Reason: Threshold Crossed');
    expect(notify.message).toContain('Cooldown: 5 min');
    expect(notify.message).toContain(AUTO_SCALE_NOTE);
    expect(notify.message).not.toContain('Investigate');
  });

  it('slow_response_times: re-enables breakers and tells no one', () => {
    expect(planEffects(context(ruleSource('slow_response_times')))).toEqual([{ kind: 'enable_breakers' }]);
  });

  it('low_cache_performance: warms the cache and asks on-call to investigate', () => {
    const effects = planEffects(context(ruleSource('low_cache_performance')));
    expect(effects.map((effect) => effect.kind)).toEqual(['notify', 'warm_cache']);
    const notify = effects[0] as Extract<(typeof effects)[number], { kind: 'notify' }>;
    expect(notify.subject).toBe('[FundCast warning] low_cache_performance');
    expect(notify.message).toContain('Cooldown: 30 min');
    expect(notify.message).toContain('Done: warm_cache');
    expect(notify.message).toContain('Investigate:');
  });

  it('a page burn: the high_error_rate effects, with the burn in the subject and message', () => {
    const alert = BURN_RATE_POLICY[0];
    if (!alert) throw new Error('no policy');
    const effects = planEffects(context({ kind: 'burn_rate', rule: alertRule('high_error_rate'), alert }));
    expect(effects.map((effect) => effect.kind)).toEqual(['notify', 'log']);
    const notify = effects[0] as Extract<(typeof effects)[number], { kind: 'notify' }>;
    expect(notify.subject).toBe('[FundCast critical] error budget burning 14.4x');
    expect(notify.message).toContain('Burn rate: 14.4x over 1h and 5m (page); handled as high_error_rate');
  });

  it('plans an effect for every action of every rule (no action is silently dropped)', () => {
    for (const rule of ALERT_RULES) {
      const effects = planEffects(context({ kind: 'rule', rule }));
      expect(effects.length).toBeGreaterThanOrEqual(rule.actions.filter((a) => a !== 'investigate').length);
    }
  });
});

describe('enableDisabledBreakers', () => {
  it('resets the breakers whose shared state is DISABLED and leaves the others to their state machine', async () => {
    const shared: Record<string, string | undefined> = { database: 'DISABLED', cache: 'OPEN', external_apis: 'FORCED_OPEN', ai_inference: undefined };
    const reset: string[] = [];
    const enabled = await enableDisabledBreakers({
      names: () => Object.keys(shared),
      sharedState: async (name) => shared[name],
      reset: async (name) => reset.push(name),
    });
    expect(enabled).toEqual(['database']);
    expect(reset).toEqual(['database']);
  });
});
