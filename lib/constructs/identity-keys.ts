import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccountRootPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The encryption context every PII data key is generated and unwrapped with
 * (`shared/adapters/crypto/kms-data-keys.ts`); the functions' KMS grant is conditioned on it.
 */
export const PII_ENCRYPTION_CONTEXT_PURPOSE = 'fundcast-pii';

/** Length of the generated signing seed and blind-index key: well above the code's minimums (32 and 43 characters). */
export const GENERATED_SECRET_LENGTH = 64;

/**
 * What nobody in the account may do to the blind-index secret: put a new value, rotate it or
 * delete it; the key must stay the same for the life of the data. `UpdateSecret` (which can also
 * set a value) is left to IAM because CloudFormation uses it to change the secret's description
 * or key, and a Deny here would fail those deploys.
 */
export const BLIND_INDEX_FROZEN_ACTIONS = ['secretsmanager:PutSecretValue', 'secretsmanager:RotateSecret', 'secretsmanager:DeleteSecret'] as const;

/** Secret names of a stage, for `aws secretsmanager … --secret-id` (see docs/deploy.md). */
export function identitySecretNames(stage: string): { signingKeys: string; blindIndex: string } {
  return { signingKeys: `fundcast/${stage}/signing-keys`, blindIndex: `fundcast/${stage}/blind-index-key` };
}

export interface IdentityKeysProps {
  readonly stage: string;
}

/**
 * The identity module's key material in the cloud:
 * - `signingKeysSecret`: `{"current": …, "previous"?: …}`, the seeds of the Ed25519 access-token keys;
 *   rotated by hand (docs/deploy.md), the previous seed keeps earlier tokens verifiable.
 * - `blindIndexSecret`: `{"key": …}`, the HMAC key of the e-mail blind index; never rotated,
 *   and a resource policy refuses new values, rotation and deletion.
 * - `piiKey`: the KMS key PII data keys are wrapped with (envelope encryption, AES-256 data keys).
 * - `secretsKey`: encrypts both secrets, usable by the functions only through Secrets Manager.
 *
 * All of it is retained: losing the blind-index key or the PII key orphans the stored data, and
 * fixed secret names make CloudFormation refuse to replace a secret (and so its value) silently.
 */
export class IdentityKeys extends Construct {
  public readonly secretsKey: Key;
  public readonly signingKeysSecret: Secret;
  public readonly blindIndexSecret: Secret;
  public readonly piiKey: Key;

  constructor(scope: Construct, id: string, props: IdentityKeysProps) {
    super(scope, id);
    const names = identitySecretNames(props.stage);

    // A key of their own rather than the table key: CloudTrail separates secret reads from table
    // traffic, and its grants (via Secrets Manager only) cannot widen the tables' key or vice versa.
    this.secretsKey = new Key(this, 'SecretsKey', {
      description: `FundCast ${props.stage}: encrypts the identity secrets (signing seeds, blind-index key)`,
      alias: `alias/fundcast-${props.stage}-secrets`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });

    this.signingKeysSecret = new Secret(this, 'SigningKeysSecret', {
      secretName: names.signingKeys,
      description: `FundCast ${props.stage}: Ed25519 access-token signing seeds {"current", "previous"?}; rotate as in docs/deploy.md`,
      encryptionKey: this.secretsKey,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'current',
        passwordLength: GENERATED_SECRET_LENGTH,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.blindIndexSecret = new Secret(this, 'BlindIndexSecret', {
      secretName: names.blindIndex,
      description: `FundCast ${props.stage}: HMAC key of the e-mail blind index {"key"}; NEVER change it (every stored index depends on it)`,
      encryptionKey: this.secretsKey,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'key',
        passwordLength: GENERATED_SECRET_LENGTH,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Stops the likely accidents (the signing-key rotation run against the wrong secret, a rotation
    // schedule, a deletion): a Deny on the account applies to all its principals, whatever IAM allows.
    this.blindIndexSecret.addToResourcePolicy(
      new PolicyStatement({
        sid: 'BlindIndexKeyNeverChanges',
        effect: Effect.DENY,
        principals: [new AccountRootPrincipal()],
        actions: [...BLIND_INDEX_FROZEN_ACTIONS],
        resources: ['*'],
      }),
    );

    // Symmetric (the default spec): GenerateDataKey and Decrypt. KMS rotation keeps the old key
    // material for Decrypt, so rotating it never orphans a stored ciphertext.
    this.piiKey = new Key(this, 'PiiKey', {
      description: `FundCast ${props.stage}: wraps the data keys that encrypt PII (encryption context purpose=${PII_ENCRYPTION_CONTEXT_PURPOSE})`,
      alias: `alias/fundcast-${props.stage}-pii`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });

    this.acknowledgeFindings();
  }

  /** AwsSolutions-SMG4 (no automatic rotation), on each secret resource only. */
  private acknowledgeFindings(): void {
    Validations.of(this.signingKeysSecret.node.defaultChild ?? this.signingKeysSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Signing seeds are rotated by hand (docs/deploy.md: publish the new seed as "previous", then swap it to "current"; tokens signed with the old key verify until they expire, at most 15 min). A rotation Lambda implementing that two-step swap is future work.',
    });
    Validations.of(this.blindIndexSecret.node.defaultChild ?? this.blindIndexSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The e-mail blind-index HMAC key must never rotate: every stored index is an HMAC under it, so a new key orphans every index (no account could be found by e-mail). Its resource policy denies PutSecretValue, RotateSecret and DeleteSecret to the whole account.',
    });
  }
}
