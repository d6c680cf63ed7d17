import type { Environment } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AREAS, type Area } from '../shared/api/route-types.js';
import { TABLE_NAMES, type TableName } from '../shared/store/tables.js';
import type { CdkConfig } from './config.js';
import { ApiStack, restApiName } from './stacks/api-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { ObservabilityStack } from './stacks/observability-stack.js';

export interface FundcastStacks {
  readonly data: DataStack;
  readonly api: ApiStack;
  readonly observability: ObservabilityStack;
}

/** Stack name of one part of a stage, e.g. `fundcast-prod-api`. */
export function stackName(stage: string, part: 'data' | 'api' | 'observability'): string {
  return `fundcast-${stage}-${part}`;
}

/**
 * Every stack of one stage. Data holds state (tables, identity secrets and keys, the cache and
 * its VPC) and is deployed first; the API reads the tables and keys from it and runs its
 * functions in that VPC; observability addresses the API and functions by name (no references)
 * and runs the alert dispatcher, which like the API functions uses the data stack's tables,
 * keys, VPC and cache (so it, too, is deployed after the data stack).
 */
export function createStacks(scope: Construct, config: CdkConfig): FundcastStacks {
  const env: Environment | undefined =
    config.account !== undefined || config.region !== undefined
      ? { account: config.account, region: config.region }
      : undefined;
  const common = {
    env,
    terminationProtection: config.terminationProtection,
    tags: { project: 'fundcast', stage: config.stage },
  };

  const data = new DataStack(scope, stackName(config.stage, 'data'), {
    ...common,
    description: `FundCast ${config.stage}: DynamoDB tables, identity secrets and their KMS keys, the VPC and the ElastiCache cache`,
    stage: config.stage,
    cache: config.cache,
    logRetention: config.logRetentionDays,
  });

  const api = new ApiStack(scope, stackName(config.stage, 'api'), {
    ...common,
    description: `FundCast ${config.stage}: REST API, Lambda functions and WAF`,
    config,
    tables: data.tables,
    keys: { signingKeysSecret: data.signingKeysSecret, blindIndexSecret: data.blindIndexSecret, piiKey: data.piiKey },
    network: data.network.functionNetwork,
    cache: data.cache,
    warmAfter: [data.cache],
  });
  api.addStackDependency(data, 'the functions read and write the tables, read the identity keys and run in the data stack\'s VPC beside the cache');

  const functionNames = Object.fromEntries(
    AREAS.map((area) => [area, api.functions[area].functionName]),
  ) as Record<Area, string>;
  const observability = new ObservabilityStack(scope, stackName(config.stage, 'observability'), {
    ...common,
    description: `FundCast ${config.stage}: on-call topic, alarms, alert dispatcher and dashboard`,
    stage: config.stage,
    ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    apiName: restApiName(config.stage),
    functionNames,
    settlement: {
      functionName: api.settlement.worker.functionName,
      deadLetterQueueName: api.settlement.deadLetterQueueName,
    },
    tables: data.tables,
    dispatcher: {
      stage: config.stage,
      version: config.version,
      tableNames: Object.fromEntries(TABLE_NAMES.map((name) => [name, data.tables[name].tableName])) as Record<TableName, string>,
      keys: { signingKeysSecret: data.signingKeysSecret, blindIndexSecret: data.blindIndexSecret, piiKey: data.piiKey },
      network: data.network.functionNetwork,
      cache: data.cache,
      logRetention: config.logRetentionDays,
      memorySize: config.functionMemoryMb,
    },
  });

  return { data, api, observability };
}
