import { describe, expect, it } from 'vitest';
import { NETWORK_INTERFACE_ACTIONS } from '../../lib/constructs/api-function.js';
import { CACHE_PARAMETER_GROUP, CACHE_PORT } from '../../lib/constructs/cache-cluster.js';
import { SECRET_KEY_ACTIONS, SECRET_READ_ACTIONS } from '../../lib/constructs/key-access.js';
import { AREAS } from '../../shared/api/route-types.js';
import { loadRuntimeConfig } from '../../shared/config.js';
import { crossStackValue, logicalId, resources, useNaggedDevStage } from './synth.js';
import { arnOf, asList, type Construct, idOf, ref, type Statement, roleStatements } from './template-refs.js';

const dev = useNaggedDevStage();

const groupIdOf = (construct: Construct) => ({ 'Fn::GetAtt': [idOf(construct), 'GroupId'] });

const data = () => dev.synth.stacks.data;
const cache = () => data().cache;
const network = () => data().network;
const resolved = (value: unknown) => crossStackValue(dev.synth, value);

/** Every FundCast Lambda function of the stage: the four areas, the settlement worker and the cache warmer. */
const FUNCTIONS = [...AREAS, 'settlement', 'cache-warm'] as const;
function fundcastFunction(name: (typeof FUNCTIONS)[number]) {
  if (name === 'settlement') return dev.synth.stacks.api.settlement.worker;
  if (name === 'cache-warm') return dev.synth.stacks.api.cacheWarmer.warmer;
  return dev.synth.stacks.api.functions[name];
}

function replicationGroup(): Record<string, unknown> {
  const groups = resources(dev.synth.templates.data, 'AWS::ElastiCache::ReplicationGroup');
  expect(Object.keys(groups)).toEqual([logicalId(cache().replicationGroup)]);
  return Object.values(groups)[0]?.Properties ?? {};
}

function isolatedSubnets(): { Ref: string }[] {
  const subnets = data().network.vpc.isolatedSubnets;
  expect(subnets).toHaveLength(2);
  return subnets.map((subnet) => ref(subnet));
}

/** Every ingress rule of a security group, inline or as its own resource. */
function ingressOf(group: Construct): Record<string, unknown>[] {
  const template = dev.synth.templates.data;
  const inline = (resources(template, 'AWS::EC2::SecurityGroup')[idOf(group)]?.Properties?.SecurityGroupIngress ?? []) as Record<string, unknown>[];
  const separate = Object.values(resources(template, 'AWS::EC2::SecurityGroupIngress'))
    .map((rule) => rule.Properties ?? {})
    .filter((rule) => JSON.stringify(rule.GroupId) === JSON.stringify(groupIdOf(group)));
  return [...inline, ...separate];
}

function egressOf(group: Construct): Record<string, unknown>[] {
  const template = dev.synth.templates.data;
  const inline = (resources(template, 'AWS::EC2::SecurityGroup')[idOf(group)]?.Properties?.SecurityGroupEgress ?? []) as Record<string, unknown>[];
  const separate = Object.values(resources(template, 'AWS::EC2::SecurityGroupEgress'))
    .map((rule) => rule.Properties ?? {})
    .filter((rule) => JSON.stringify(rule.GroupId) === JSON.stringify(groupIdOf(group)));
  return [...inline, ...separate].filter((rule) => rule.Description !== 'Disallow all traffic');
}

function lambdaProps(name: (typeof FUNCTIONS)[number]): Record<string, unknown> {
  const props = resources(dev.synth.templates.api, 'AWS::Lambda::Function')[idOf(fundcastFunction(name).function)]?.Properties;
  expect(props).toBeDefined();
  return props ?? {};
}

function statementsOf(name: (typeof FUNCTIONS)[number]): Statement[] {
  return roleStatements(dev.synth.templates.api, fundcastFunction(name).role);
}

it('synthesizes the dev stage with cdk-nag attached and no unacknowledged finding', () => {
  expect(dev.error).toBeUndefined();
});

describe('ElastiCache replication group (data stack)', () => {
  it('is Redis 7 in cluster mode, sized by the stage settings, with a replica per shard', () => {
    const settings = dev.synth.config.cache;
    expect(replicationGroup()).toMatchObject({
      Engine: 'redis',
      EngineVersion: expect.stringMatching(/^7\./) as unknown,
      ClusterMode: 'enabled',
      CacheParameterGroupName: CACHE_PARAMETER_GROUP,
      CacheNodeType: settings.nodeType,
      NumNodeGroups: settings.shards,
      ReplicasPerNodeGroup: settings.replicasPerShard,
    });
    expect(CACHE_PARAMETER_GROUP).toMatch(/^default\.redis7\.cluster\.on$/);
    expect(settings.replicasPerShard).toBeGreaterThanOrEqual(1);
  });

  it('fails over automatically across AZs', () => {
    expect(replicationGroup()).toMatchObject({ AutomaticFailoverEnabled: true, MultiAZEnabled: true });
  });

  it('requires TLS and encrypts at rest with its own key', () => {
    expect(replicationGroup()).toMatchObject({
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      KmsKeyId: arnOf(cache().key),
    });
    const key = resources(dev.synth.templates.data, 'AWS::KMS::Key')[idOf(cache().key)];
    expect(key?.Properties?.EnableKeyRotation).toBe(true);
    const otherKeys = [data().dataKey, data().secretsKey, data().piiKey].map(idOf);
    expect(otherKeys).not.toContain(idOf(cache().key));
  });

  it('takes its AUTH token from the generated secret through a dynamic reference (never a literal)', () => {
    expect(replicationGroup().AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', ref(cache().authTokenSecret), ':SecretString:::}}']],
    });
  });

  it('listens on a non-default port, in a subnet group over the isolated subnets, behind its own security group', () => {
    const props = replicationGroup();
    expect(props.Port).toBe(CACHE_PORT);
    expect(CACHE_PORT).not.toBe(6379);
    const subnetGroups = resources(dev.synth.templates.data, 'AWS::ElastiCache::SubnetGroup');
    expect(Object.keys(subnetGroups)).toHaveLength(1);
    const [subnetGroupId, subnetGroup] = Object.entries(subnetGroups)[0] ?? [];
    expect(props.CacheSubnetGroupName).toEqual({ Ref: subnetGroupId });
    expect(subnetGroup?.Properties?.SubnetIds).toEqual(isolatedSubnets());
    expect(props.SecurityGroupIds).toEqual([groupIdOf(cache().securityGroup)]);
  });

  it('has a maintenance window, and daily snapshots kept as the stage says', () => {
    const props = replicationGroup();
    expect(props.PreferredMaintenanceWindow).toMatch(/^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$/);
    expect(props.SnapshotWindow).toMatch(/^\d\d:\d\d-\d\d:\d\d$/);
    expect(props.SnapshotRetentionLimit).toBe(dev.synth.config.cache.snapshotRetentionDays);
    expect(props.SnapshotRetentionLimit).toBeGreaterThanOrEqual(1);
  });
});

describe('AUTH token secret (data stack)', () => {
  it('is a generated plain string of 32+ letters and digits, encrypted with the cache key', () => {
    const secret = resources(dev.synth.templates.data, 'AWS::SecretsManager::Secret')[idOf(cache().authTokenSecret)];
    const generate = secret?.Properties?.GenerateSecretString as Record<string, unknown>;
    expect(generate).toEqual({ PasswordLength: expect.any(Number) as unknown, ExcludePunctuation: true, IncludeSpace: false });
    expect(generate.PasswordLength).toBeGreaterThanOrEqual(32);
    expect(generate.PasswordLength).toBeLessThanOrEqual(128);
    expect(secret?.Properties?.KmsKeyId).toEqual(arnOf(cache().key));
  });

  it('acknowledges AwsSolutions-SMG4 (no rotation function) on the secret, pointing at the manual procedure', () => {
    const metadata = resources(dev.synth.templates.data, 'AWS::SecretsManager::Secret')[idOf(cache().authTokenSecret)]?.Metadata as
      | { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } }
      | undefined;
    const rules = (metadata?.cdk_nag?.rules_to_suppress ?? []).filter((rule) => rule.id.startsWith('AwsSolutions-'));
    expect(rules.map((rule) => rule.id)).toEqual(['AwsSolutions-SMG4']);
    expect(rules[0]?.reason).toMatch(/ROTATE, then SET.*docs\/deploy\.md/);
  });

  it('leaves every AwsSolutions ElastiCache rule (VPC, encryption, Multi-AZ, port, AUTH) compliant, not acknowledged', () => {
    const text = JSON.stringify(resources(dev.synth.templates.data, 'AWS::ElastiCache::ReplicationGroup'));
    expect(text).not.toContain('AwsSolutions-');
  });
});

describe('security groups', () => {
  it('lets only the functions reach the cache, on the cache port', () => {
    expect(ingressOf(cache().securityGroup)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: CACHE_PORT,
        ToPort: CACHE_PORT,
        SourceSecurityGroupId: groupIdOf(network().functionsSecurityGroup),
      }),
    ]);
    expect(egressOf(cache().securityGroup)).toEqual([]);
  });

  it('lets the functions out to the cache port and HTTPS only', () => {
    const egress = egressOf(network().functionsSecurityGroup);
    expect(egress).toHaveLength(2);
    expect(egress).toContainEqual(
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: CACHE_PORT, ToPort: CACHE_PORT, DestinationSecurityGroupId: groupIdOf(cache().securityGroup) }),
    );
    expect(egress).toContainEqual(expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }));
    expect(ingressOf(network().functionsSecurityGroup)).toEqual([]);
  });

  it('lets only the functions reach the interface endpoints, on HTTPS', () => {
    expect(ingressOf(network().endpointsSecurityGroup)).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: groupIdOf(network().functionsSecurityGroup) }),
    ]);
  });
});

describe('VPC (data stack)', () => {
  it('has two AZs of isolated subnets and no way to the internet: no NAT gateway, no internet gateway, no route', () => {
    const template = dev.synth.templates.data;
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::EgressOnlyInternetGateway', 0);
    template.resourceCountIs('AWS::EC2::Route', 0);
    const subnets = Object.values(resources(template, 'AWS::EC2::Subnet'));
    expect(subnets).toHaveLength(2);
    expect(subnets.map((subnet) => subnet.Properties?.MapPublicIpOnLaunch)).toEqual([false, false]);
    expect(new Set(subnets.map((subnet) => JSON.stringify(subnet.Properties?.AvailabilityZone))).size).toBe(2);
  });

  it('reaches DynamoDB through a gateway endpoint on every subnet route table', () => {
    const endpoints = Object.values(resources(dev.synth.templates.data, 'AWS::EC2::VPCEndpoint')).filter(
      (endpoint) => endpoint.Properties?.VpcEndpointType === 'Gateway',
    );
    expect(endpoints).toHaveLength(1);
    expect(JSON.stringify(endpoints[0]?.Properties?.ServiceName)).toMatch(/\.dynamodb"/);
    const routeTables = network().vpc.isolatedSubnets.map((subnet) => ({ Ref: logicalId(subnet.node.findChild('RouteTable')) }));
    expect(endpoints[0]?.Properties?.RouteTableIds).toEqual(routeTables);
  });

  it('reaches Secrets Manager, KMS and SNS through private-DNS interface endpoints in the isolated subnets', () => {
    const endpoints = Object.values(resources(dev.synth.templates.data, 'AWS::EC2::VPCEndpoint')).filter(
      (endpoint) => endpoint.Properties?.VpcEndpointType === 'Interface',
    );
    const services = endpoints.map((endpoint) => JSON.stringify(endpoint.Properties?.ServiceName).match(/\.([a-z-]+)"/)?.[1]).sort();
    expect(services).toEqual(['kms', 'secretsmanager', 'sns']);
    for (const endpoint of endpoints) {
      expect(endpoint.Properties).toMatchObject({
        PrivateDnsEnabled: true,
        SubnetIds: isolatedSubnets(),
        SecurityGroupIds: [groupIdOf(network().endpointsSecurityGroup)],
      });
    }
  });

  it('logs every flow to a retained log group (AwsSolutions-VPC7)', () => {
    const flowLogs = Object.values(resources(dev.synth.templates.data, 'AWS::EC2::FlowLog'));
    expect(flowLogs).toHaveLength(1);
    expect(flowLogs[0]?.Properties).toMatchObject({
      ResourceId: ref(network().vpc),
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: ref(network().flowLogGroup),
    });
    const logGroup = resources(dev.synth.templates.data, 'AWS::Logs::LogGroup')[idOf(network().flowLogGroup)];
    expect(logGroup?.DeletionPolicy).toBe('Retain');
    expect(logGroup?.Properties?.RetentionInDays).toBe(dev.synth.config.logRetentionDays);
  });
});

describe.each(FUNCTIONS)('the %s function and the cache', (name) => {
  it('runs in the isolated subnets with the functions security group', () => {
    const vpcConfig = lambdaProps(name).VpcConfig as { SubnetIds: unknown[]; SecurityGroupIds: unknown[] };
    expect(vpcConfig.SubnetIds.map(resolved)).toEqual(isolatedSubnets());
    expect(vpcConfig.SecurityGroupIds.map(resolved)).toEqual([groupIdOf(network().functionsSecurityGroup)]);
  });

  it('gets REDIS_URL (rediss:// to the configuration endpoint), REDIS_CLUSTER=true and REDIS_AUTH_SECRET_ARN', () => {
    const variables = (lambdaProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    const [, parts] = (variables.REDIS_URL as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    const groupId = logicalId(cache().replicationGroup);
    expect(parts.map(resolved)).toEqual([
      'rediss://',
      { 'Fn::GetAtt': [groupId, 'ConfigurationEndPoint.Address'] },
      ':',
      { 'Fn::GetAtt': [groupId, 'ConfigurationEndPoint.Port'] },
    ]);
    expect(variables.REDIS_CLUSTER).toBe('true');
    expect(resolved(variables.REDIS_AUTH_SECRET_ARN)).toEqual(ref(cache().authTokenSecret));
  });

  it('has variables the runtime config accepts as a TLS cluster with a token secret', () => {
    const variables = (lambdaProps(name).Environment as { Variables: Record<string, unknown> }).Variables;
    // Deploy-time values stand in for the tokens, as Lambda would receive them.
    const env = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : `sample-${key.toLowerCase()}`]));
    env.REDIS_URL = `rediss://clustercfg.fundcast-dev.abc123.euw1.cache.amazonaws.com:${CACHE_PORT}`;
    const config = loadRuntimeConfig(env);
    expect(config.redisUrl).toBe(env.REDIS_URL);
    expect(config.redisCluster).toBe(true);
    expect(config.redisAuthSecretArn).toBe('sample-redis_auth_secret_arn');
  });

  it('may read the token secret and decrypt it with the cache key only through Secrets Manager', () => {
    const statements = statementsOf(name);
    const reads = statements.filter((s) => asList(s.Action).some((action) => action.startsWith('secretsmanager:')));
    expect(reads).toHaveLength(1);
    expect(asList(reads[0]?.Action ?? [])).toEqual([...SECRET_READ_ACTIONS]);
    expect(asList(reads[0]?.Resource).map(resolved)).toContainEqual(ref(cache().authTokenSecret));
    const decrypts = statements.filter((s) => asList(s.Resource).some((resource) => JSON.stringify(resolved(resource)) === JSON.stringify(arnOf(cache().key))));
    expect(decrypts).toHaveLength(1);
    expect(asList(decrypts[0]?.Action ?? [])).toEqual([...SECRET_KEY_ACTIONS]);
    expect(JSON.stringify(decrypts[0]?.Condition)).toContain('"kms:ViaService"');
    expect(JSON.stringify(decrypts[0]?.Condition)).toContain('secretsmanager.');
  });

  it('may manage its network interfaces (what Lambda checks before attaching it to the VPC), with no managed policy', () => {
    const actions = statementsOf(name)
      .filter((s) => asList(s.Resource).includes('*'))
      .flatMap((s) => asList(s.Action));
    expect(actions).toEqual(expect.arrayContaining([...NETWORK_INTERFACE_ACTIONS]));
    const role = resources(dev.synth.templates.api, 'AWS::IAM::Role')[idOf(fundcastFunction(name).role)];
    expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
  });
});
