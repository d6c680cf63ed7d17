import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { AES_GCM, DecryptionError, KeyMaterialError, KeyUnavailableError, type DataKeyProvider } from '../../auth/crypto/index.js';

/** The encryption context every PII data key is bound to; KMS refuses to decrypt without the same one. */
export const PII_ENCRYPTION_CONTEXT: Readonly<Record<string, string>> = Object.freeze({ purpose: 'fundcast-pii' });

/** KMS answers that mean "this ciphertext is not for you", as opposed to "KMS is not answering". */
const REFUSALS = new Set(['InvalidCiphertextException', 'IncorrectKeyException', 'InvalidKeyUsageException']);

/** The KMS client and key to wrap PII data keys with. */
export interface KmsDataKeyOptions {
  readonly client: KMSClient;
  /** ARN of the KMS key (not an alias: stored ciphertexts name the key, and KMS answers with the key ARN). */
  readonly keyArn: string;
  /** Defaults to {@link PII_ENCRYPTION_CONTEXT}. */
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** Earlier key ARNs whose data keys may still be unwrapped after the configured key changed. */
  readonly previousKeyArns?: readonly string[];
}

/**
 * {@link DataKeyProvider} on AWS KMS: `GenerateDataKey` (AES_256) for new data keys, `Decrypt` to
 * unwrap them, both with the same encryption context and with the key named explicitly, so a
 * ciphertext under any other key or context is refused by KMS itself. Key id = the KMS key ARN.
 */
export class KmsDataKeyProvider implements DataKeyProvider {
  private readonly client: KMSClient;
  private readonly keyArn: string;
  private readonly context: Record<string, string>;
  private readonly acceptedKeys: ReadonlySet<string>;

  constructor(options: KmsDataKeyOptions) {
    if (!/^arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+$/.test(options.keyArn)) {
      throw new KeyMaterialError('The PII key must be configured as a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)');
    }
    this.client = options.client;
    this.keyArn = options.keyArn;
    this.context = { ...(options.encryptionContext ?? PII_ENCRYPTION_CONTEXT) };
    this.acceptedKeys = new Set([options.keyArn, ...(options.previousKeyArns ?? [])]);
  }

  async generate(): Promise<{ keyId: string; plaintext: Buffer; wrapped: string }> {
    let response;
    try {
      response = await this.client.send(new GenerateDataKeyCommand({ KeyId: this.keyArn, KeySpec: 'AES_256', EncryptionContext: this.context }));
    } catch (error) {
      throw new KeyUnavailableError('KMS could not generate a data key', { cause: error });
    }
    const { Plaintext, CiphertextBlob, KeyId } = response;
    if (!Plaintext || Plaintext.length !== AES_GCM.keyLength || !CiphertextBlob || CiphertextBlob.length === 0) {
      throw new KeyUnavailableError('KMS answered GenerateDataKey without a usable data key');
    }
    if (KeyId !== this.keyArn) throw new KeyMaterialError('KMS generated the data key under another key than the configured ARN');
    return { keyId: this.keyArn, plaintext: Buffer.from(Plaintext), wrapped: Buffer.from(CiphertextBlob).toString('base64url') };
  }

  async unwrap(keyId: string, wrapped: string): Promise<Buffer> {
    if (!this.acceptedKeys.has(keyId)) throw new DecryptionError();
    let response;
    try {
      response = await this.client.send(
        new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, 'base64url'), KeyId: keyId, EncryptionContext: this.context }),
      );
    } catch (error) {
      if (REFUSALS.has((error as { name?: unknown } | null)?.name as string)) throw new DecryptionError();
      throw new KeyUnavailableError('KMS could not decrypt the data key', { cause: error });
    }
    // KMS already enforced KeyId; checking its answer too costs nothing and catches a misrouted client.
    if (response.KeyId !== keyId || !response.Plaintext || response.Plaintext.length !== AES_GCM.keyLength) throw new DecryptionError();
    return Buffer.from(response.Plaintext);
  }
}
