import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { CdkConfigError, loadCdkConfig } from '../../lib/config.js';
import { packageVersion } from '../../lib/project.js';
import { cdkJsonContext } from './synth.js';

function appWith(context: Record<string, unknown>): App {
  return new App({ context: { ...cdkJsonContext(), ...context } });
}

describe('loadCdkConfig', () => {
  it('builds the default stage from cdk.json, with the package version', () => {
    const config = loadCdkConfig(appWith({}), {});
    expect(config.stage).toBe('dev');
    expect(config.version).toBe(packageVersion());
    expect(config.account).toBeUndefined();
    expect(config.region).toBeUndefined();
    expect(config.throttling.rateLimit).toBeGreaterThan(0);
  });

  it('picks the stage named by -c stage=…', () => {
    const config = loadCdkConfig(appWith({ stage: 'prod' }), {});
    expect(config.stage).toBe('prod');
    expect(config.terminationProtection).toBe(true);
    expect(config.logRetentionDays).toBe(365);
  });

  it('gives dev the smallest cache node and leaves the other cache settings (and prod\'s node) at their defaults', () => {
    expect(loadCdkConfig(appWith({}), {}).cache).toEqual({ nodeType: 'cache.t4g.micro', shards: 1, replicasPerShard: 1, snapshotRetentionDays: 1 });
    expect(loadCdkConfig(appWith({ stage: 'prod' }), {}).cache.nodeType).toBe('cache.t4g.small');
  });

  it('fills settings a stage leaves out with defaults', () => {
    const config = loadCdkConfig(appWith({ stage: 'bare', stages: { bare: {} } }), {});
    expect(config).toMatchObject({
      logRetentionDays: 30,
      throttling: { rateLimit: 100, burstLimit: 200 },
      functionMemoryMb: 1024,
      functionTimeoutSeconds: 10,
      manageApiGatewayAccount: true,
      terminationProtection: false,
    });
  });

  it('rejects a stage that cdk.json does not declare, naming the known ones', () => {
    expect(() => loadCdkConfig(appWith({ stage: 'prdo' }), {})).toThrow(CdkConfigError);
    expect(() => loadCdkConfig(appWith({ stage: 'prdo' }), {})).toThrow(/Unknown stage "prdo".*dev.*prod/);
  });

  it('rejects stage names that cannot be part of resource names', () => {
    expect(() => loadCdkConfig(appWith({ stage: 'Prod_1' }), {})).toThrow(/Invalid stage/);
  });

  it('rejects invalid and unknown settings with the path of each', () => {
    const app = appWith({ stage: 'x', stages: { x: { logRetentionDays: 13, throttling: { rateLimit: -1 }, colour: 'blue' } } });
    expect(() => loadCdkConfig(app, {})).toThrow(/stages\.x\.logRetentionDays[\s\S]*stages\.x\.throttling\.rateLimit[\s\S]*colour/);
  });

  it('targets the account and region of the CLI when the stage names none', () => {
    const config = loadCdkConfig(appWith({}), { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' });
    expect(config.account).toBe('123456789012');
    expect(config.region).toBe('eu-west-1');
  });
});
