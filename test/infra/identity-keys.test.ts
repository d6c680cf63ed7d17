import { describe, expect, it } from 'vitest';
import { authAudience, authIssuer, NETWORK_INTERFACE_ACTIONS } from '../../lib/constructs/api-function.js';
import {
  BLIND_INDEX_FROZEN_ACTIONS,
  GENERATED_SECRET_LENGTH,
  identitySecretNames,
  PII_ENCRYPTION_CONTEXT_PURPOSE,
} from '../../lib/constructs/identity-keys.js';
import { PII_KEY_ACTIONS, SECRET_KEY_ACTIONS, SECRET_READ_ACTIONS } from '../../lib/constructs/key-access.js';
import { PII_AREAS } from '../../lib/stacks/api-stack.js';
import { PII_ENCRYPTION_CONTEXT } from '../../shared/adapters/crypto/index.js';
import { AREAS, type Area } from '../../shared/api/route-types.js';
import { MIN_BLIND_INDEX_KEY_BYTES, MIN_SEED_LENGTH } from '../../shared/auth/crypto/index.js';
import { logicalId, resources, useNaggedDevStage } from './synth.js';
import { type Statement, arnOf, asList, ref, roleStatements } from './template-refs.js';

const dev = useNaggedDevStage();

/** The data-stack value behind an api-stack `Fn::GetStackOutput` (weak cross-stack reference); other values as they are. */
function resolved(value: unknown): unknown {
  const output = (value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string } } | null)?.['Fn::GetStackOutput'];
  if (!output) return value;
  expect(output.StackName).toBe(dev.synth.stacks.data.stackName);
  const outputs = dev.synth.templates.data.toJSON().Outputs as Record<string, { Value: unknown }>;
  return outputs[output.OutputName]?.Value;
}

const secretsManagerInRegion = { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] };

/** The statements of an area function's role policy. */
function statementsOf(area: Area): Statement[] {
  return roleStatements(dev.synth.templates.api, dev.synth.stacks.api.functions[area].role);
}

it('synthesizes the dev stage with cdk-nag attached and no unacknowledged finding', () => {
  expect(dev.error).toBeUndefined();
});

describe('identity secrets (data stack)', () => {
  const cases = [
    { name: 'signing keys', secret: () => dev.synth.stacks.data.signingKeysSecret, key: 'current', secretName: identitySecretNames('dev').signingKeys },
    { name: 'blind index', secret: () => dev.synth.stacks.data.blindIndexSecret, key: 'key', secretName: identitySecretNames('dev').blindIndex },
  ];

  it('has exactly the two identity secrets, besides the cache AUTH token (cache.test.ts)', () => {
    const secrets = Object.keys(resources(dev.synth.templates.data, 'AWS::SecretsManager::Secret'));
    const expected = [dev.synth.stacks.data.signingKeysSecret, dev.synth.stacks.data.blindIndexSecret, dev.synth.stacks.data.cache.authTokenSecret];
    expect(secrets.sort()).toEqual(expected.map((secret) => logicalId(secret.node.defaultChild)).sort());
  });

  it.each(cases)('$name: generated {"$key": 64 letters and digits}, named, encrypted with the secrets key, retained', ({ secret, key, secretName }) => {
    const resource = resources(dev.synth.templates.data, 'AWS::SecretsManager::Secret')[logicalId(secret().node.defaultChild)];
    expect(resource?.DeletionPolicy).toBe('Retain');
    expect(resource?.Properties).toEqual({
      Name: secretName,
      Description: expect.any(String) as unknown,
      KmsKeyId: arnOf(dev.synth.stacks.data.secretsKey),
      GenerateSecretString: { SecretStringTemplate: '{}', GenerateStringKey: key, PasswordLength: 64, ExcludePunctuation: true },
    });
  });

  it('generates values the identity code accepts (signing seed ≥ 32 characters, blind-index key ≥ 43 bytes)', () => {
    expect(GENERATED_SECRET_LENGTH).toBeGreaterThanOrEqual(MIN_SEED_LENGTH);
    expect(GENERATED_SECRET_LENGTH).toBeGreaterThanOrEqual(MIN_BLIND_INDEX_KEY_BYTES);
  });

  it('encrypts the secrets with their own rotating, retained key (not the table key, not the PII key)', () => {
    const keys = resources(dev.synth.templates.data, 'AWS::KMS::Key');
    const secretsKeyId = logicalId(dev.synth.stacks.data.secretsKey.node.defaultChild);
    expect(keys[secretsKeyId]?.DeletionPolicy).toBe('Retain');
    expect(keys[secretsKeyId]?.Properties?.EnableKeyRotation).toBe(true);
    expect(new Set([secretsKeyId, logicalId(dev.synth.stacks.data.dataKey.node.defaultChild), logicalId(dev.synth.stacks.data.piiKey.node.defaultChild)]).size).toBe(3);
  });

  it('denies putting a new blind-index value, rotating it or deleting it to the whole account; the signing secret stays rotatable', () => {
    const policies = Object.values(resources(dev.synth.templates.data, 'AWS::SecretsManager::ResourcePolicy'));
    expect(policies).toHaveLength(1);
    expect(policies[0]?.Properties?.SecretId).toEqual(ref(dev.synth.stacks.data.blindIndexSecret));
    const statements = (policies[0]?.Properties?.ResourcePolicy as { Statement: Statement[] }).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Effect).toBe('Deny');
    const principal = JSON.stringify((statements[0] as { Principal?: unknown } | undefined)?.Principal);
    expect(principal).toContain('{"Ref":"AWS::AccountId"},":root"');
    expect(new Set(asList(statements[0]?.Action ?? []))).toEqual(new Set(BLIND_INDEX_FROZEN_ACTIONS));
  });
});

describe('PII key (data stack)', () => {
  it('is a symmetric customer-managed key with rotation, retained', () => {
    const key = resources(dev.synth.templates.data, 'AWS::KMS::Key')[logicalId(dev.synth.stacks.data.piiKey.node.defaultChild)];
    expect(key?.DeletionPolicy).toBe('Retain');
    expect(key?.Properties?.EnableKeyRotation).toBe(true);
    // Absent means SYMMETRIC_DEFAULT / ENCRYPT_DECRYPT: what GenerateDataKey needs.
    expect(key?.Properties?.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    expect(key?.Properties?.KeyUsage ?? 'ENCRYPT_DECRYPT').toBe('ENCRYPT_DECRYPT');
  });

  it('grants are conditioned on the encryption context the KMS adapter sends', () => {
    expect(PII_ENCRYPTION_CONTEXT).toEqual({ purpose: PII_ENCRYPTION_CONTEXT_PURPOSE });
  });
});

describe.each(AREAS)('the %s function', (area) => {
  const usesPii = PII_AREAS.includes(area);

  it('has the five identity variables, pointing at the data stack resources and the stage claims', () => {
    const fn = resources(dev.synth.templates.api, 'AWS::Lambda::Function')[logicalId(dev.synth.stacks.api.functions[area].function.node.defaultChild)];
    const variables = (fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.AUTH_ISSUER).toBe('urn:fundcast:dev:auth');
    expect(variables.AUTH_AUDIENCE).toBe('urn:fundcast:dev:api');
    expect(resolved(variables.SIGNING_KEYS_SECRET_ARN)).toEqual(ref(dev.synth.stacks.data.signingKeysSecret));
    expect(resolved(variables.BLIND_INDEX_SECRET_ARN)).toEqual(ref(dev.synth.stacks.data.blindIndexSecret));
    // Every cold start requires the ARN; only PII_AREAS may use the key (below).
    expect(resolved(variables.PII_KMS_KEY_ARN)).toEqual(arnOf(dev.synth.stacks.data.piiKey));
  });

  it('may read both secrets (and the cache AUTH token) and nothing else in Secrets Manager', () => {
    const statements = statementsOf(area).filter((s) => asList(s.Action).some((action) => action.startsWith('secretsmanager:')));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Effect).toBe('Allow');
    expect(asList(statements[0]?.Action ?? [])).toEqual([...SECRET_READ_ACTIONS]);
    expect(statements[0]?.Condition).toBeUndefined();
    const secretArns = asList(statements[0]?.Resource).map(resolved);
    expect(secretArns).toHaveLength(3);
    expect(secretArns).toEqual(
      expect.arrayContaining([
        ref(dev.synth.stacks.data.signingKeysSecret),
        ref(dev.synth.stacks.data.blindIndexSecret),
        ref(dev.synth.stacks.data.cache.authTokenSecret),
      ]),
    );
  });

  it('may decrypt with the secrets key (and the cache key) only through Secrets Manager', () => {
    const secretsKeyArn = arnOf(dev.synth.stacks.data.secretsKey);
    const statements = statementsOf(area).filter((s) => asList(s.Resource).some((resource) => JSON.stringify(resolved(resource)) === JSON.stringify(secretsKeyArn)));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual({
      Effect: 'Allow',
      Action: SECRET_KEY_ACTIONS.length === 1 ? SECRET_KEY_ACTIONS[0] : [...SECRET_KEY_ACTIONS],
      Resource: expect.anything() as unknown,
      Condition: { StringEquals: { 'kms:ViaService': secretsManagerInRegion } },
    });
    // One statement for both keys that encrypt secrets; nothing else is in it.
    expect(asList(statements[0]?.Resource).map(resolved)).toEqual(
      expect.arrayContaining([secretsKeyArn, arnOf(dev.synth.stacks.data.cache.key)]),
    );
    expect(asList(statements[0]?.Resource)).toHaveLength(2);
  });

  it(usesPii ? 'may GenerateDataKey and Decrypt with the PII key, only under purpose=fundcast-pii' : 'may not use the PII key at all', () => {
    const piiKeyArn = JSON.stringify(arnOf(dev.synth.stacks.data.piiKey));
    const statements = statementsOf(area);
    const onPiiKey = statements.filter((s) => asList(s.Resource).some((resource) => JSON.stringify(resolved(resource)) === piiKeyArn));
    const withContext = statements.filter((s) => JSON.stringify(s.Condition ?? {}).includes('kms:EncryptionContext'));
    if (!usesPii) {
      expect(onPiiKey).toEqual([]);
      expect(withContext).toEqual([]);
      return;
    }
    expect(onPiiKey).toHaveLength(1);
    expect(withContext).toEqual(onPiiKey);
    const [statement] = onPiiKey;
    expect(statement?.Effect).toBe('Allow');
    expect(new Set(asList(statement?.Action ?? []))).toEqual(new Set(PII_KEY_ACTIONS));
    expect(asList(statement?.Action ?? [])).toHaveLength(2);
    expect(asList(statement?.Resource)).toHaveLength(1);
    expect(statement?.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'fundcast-pii' } });
  });

  it('names every resource except X-Ray and the VPC network interfaces (which have no resource-level permissions)', () => {
    const wildcards = statementsOf(area).filter((s) => asList(s.Resource).some((resource) => JSON.stringify(resource).includes('*')));
    expect(wildcards.flatMap((s) => asList(s.Action)).sort()).toEqual(
      [...NETWORK_INTERFACE_ACTIONS, 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
  });
});

describe('PII_AREAS', () => {
  it('are auth and admin: the areas that register, log in and administer users', () => {
    expect([...PII_AREAS].sort()).toEqual(['admin', 'auth']);
  });
});

describe('token claims per stage', () => {
  it('names the stage in the issuer and the audience', () => {
    expect(authIssuer('prod')).toBe('urn:fundcast:prod:auth');
    expect(authAudience('prod')).toBe('urn:fundcast:prod:api');
  });
});

describe('cdk-nag acknowledgements for the identity keys', () => {
  it('acknowledge AwsSolutions-SMG4 on the two secrets (and the cache token) only, each with its own reason', () => {
    const holders = Object.entries(dev.synth.templates.data.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }>)
      .flatMap(([resource, body]) => (body.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ resource, ...rule })))
      // CDK's own CloudFormation-Validate acknowledgements are asserted in stacks.test.ts.
      .filter((rule) => rule.id.startsWith('AwsSolutions-'));
    expect(holders.every((rule) => rule.id === 'AwsSolutions-SMG4')).toBe(true);
    expect(holders.map((rule) => rule.resource).sort()).toEqual(
      [
        logicalId(dev.synth.stacks.data.signingKeysSecret.node.defaultChild),
        logicalId(dev.synth.stacks.data.blindIndexSecret.node.defaultChild),
        logicalId(dev.synth.stacks.data.cache.authTokenSecret.node.defaultChild),
      ].sort(),
    );
    const reasonFor = (secret: { node: { defaultChild?: unknown } }) => holders.find((rule) => rule.resource === logicalId(secret.node.defaultChild))?.reason;
    expect(reasonFor(dev.synth.stacks.data.signingKeysSecret)).toMatch(/rotat.*previous.*15 min.*future work/s);
    expect(reasonFor(dev.synth.stacks.data.blindIndexSecret)).toMatch(/must never rotate.*orphans every index/s);
  });
});
