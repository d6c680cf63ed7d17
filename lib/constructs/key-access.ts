import { Stack } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { PII_ENCRYPTION_CONTEXT_PURPOSE } from './identity-keys.js';

/** What the Secrets Manager adapter does to a secret: read its AWSCURRENT value, nothing else. */
export const SECRET_READ_ACTIONS = ['secretsmanager:GetSecretValue'] as const;

/** What Secrets Manager needs from the caller to return a secret encrypted with a customer-managed key. */
export const SECRET_KEY_ACTIONS = ['kms:Decrypt'] as const;

/**
 * What the KMS data-key adapter does with the PII key: `GenerateDataKey` (AES_256) to wrap a new
 * data key, `Decrypt` to unwrap one. No Encrypt, no ReEncrypt, no DescribeKey.
 */
export const PII_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * Read access to secrets: `GetSecretValue` on exactly these secrets (one statement) and `Decrypt`
 * on each key that encrypts them, only when Secrets Manager makes the call (`kms:ViaService`).
 * Unlike `Secret.grantRead` it grants no `DescribeSecret` and no key access outside Secrets Manager.
 */
export function grantSecretsRead(grantee: IGrantable, secrets: readonly ISecret[]): void {
  if (secrets.length === 0) return;
  Grant.addToPrincipal({
    grantee,
    actions: [...SECRET_READ_ACTIONS],
    resourceArns: secrets.map((secret) => secret.secretArn),
  });
  const keys = [...new Set(secrets.map((secret) => secret.encryptionKey).filter((key): key is IKey => key !== undefined))];
  for (const key of keys) {
    const region = Stack.of(key).region;
    Grant.addToPrincipal({
      grantee,
      actions: [...SECRET_KEY_ACTIONS],
      resourceArns: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
    });
  }
}

/**
 * Envelope encryption of PII with one KMS key: `GenerateDataKey` and `Decrypt` on that key only,
 * and only with the encryption context `purpose=fundcast-pii`, so these grants cannot decrypt (or
 * mint) anything bound to another context.
 */
export function grantPiiKeyUse(grantee: IGrantable, key: IKey): void {
  Grant.addToPrincipal({
    grantee,
    actions: [...PII_KEY_ACTIONS],
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:EncryptionContext:purpose': PII_ENCRYPTION_CONTEXT_PURPOSE } },
  });
}
