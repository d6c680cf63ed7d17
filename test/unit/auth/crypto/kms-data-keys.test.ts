import { randomBytes } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { KmsDataKeyProvider, PII_ENCRYPTION_CONTEXT } from '../../../../shared/adapters/crypto/index.js';
import { DecryptionError, EnvelopeFieldCipher, KeyMaterialError, KeyUnavailableError } from '../../../../shared/auth/crypto/index.js';
import { STUB_CLIENT_CONFIG, stubAwsJsonTransport, type StubAnswer, type StubbedCall } from './stub-aws-transport.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OLD_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0000abcd-12ab-34cd-56ef-1234567890ab';
const canonical = (context: unknown): string => JSON.stringify(Object.entries((context ?? {}) as Record<string, string>).sort());

/**
 * A KMS stand-in behind the stubbed transport, enforcing what real KMS enforces for these two
 * calls: a data key decrypts only under the key and the encryption context it was made with.
 */
function stubKms(options: { decryptAnswersKeyId?: string; fault?: (call: StubbedCall) => StubAnswer | undefined } = {}) {
  const issued = new Map<string, { plaintext: Buffer; keyId: string; context: string }>();
  const transport = stubAwsJsonTransport((call) => {
    const fault = options.fault?.(call);
    if (fault) return fault;
    const { operation, input } = call;
    if (operation === 'TrentService.GenerateDataKey') {
      const plaintext = randomBytes(32);
      const blob = randomBytes(64).toString('base64');
      issued.set(blob, { plaintext, keyId: String(input.KeyId), context: canonical(input.EncryptionContext) });
      return { body: { KeyId: String(input.KeyId), Plaintext: plaintext.toString('base64'), CiphertextBlob: blob } };
    }
    if (operation === 'TrentService.Decrypt') {
      const entry = issued.get(String(input.CiphertextBlob));
      if (!entry || entry.context !== canonical(input.EncryptionContext)) return { status: 400, error: 'InvalidCiphertextException' };
      if (input.KeyId !== entry.keyId) return { status: 400, error: 'IncorrectKeyException' };
      return { body: { KeyId: options.decryptAnswersKeyId ?? entry.keyId, Plaintext: entry.plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } };
    }
    return { status: 400, error: 'UnknownOperationException' };
  });
  const client = new KMSClient({ ...STUB_CLIENT_CONFIG, requestHandler: transport.requestHandler });
  return { client, calls: transport.calls };
}

describe('KMS data keys (stubbed KMS transport: no KMS is reachable here)', () => {
  it('asks GenerateDataKey for an AES_256 key under the configured ARN and the PII context', async () => {
    const kms = stubKms();
    const provider = new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN });

    const { keyId, plaintext, wrapped } = await provider.generate();

    expect(kms.calls).toEqual([
      { operation: 'TrentService.GenerateDataKey', input: { KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: { purpose: 'fundcast-pii' } } },
    ]);
    expect(keyId).toBe(KEY_ARN);
    expect(plaintext).toHaveLength(32);
    expect(wrapped).toMatch(/^[\w-]+$/);
  });

  it('unwraps with Decrypt naming the key and the same context', async () => {
    const kms = stubKms();
    const provider = new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN });
    const { keyId, plaintext, wrapped } = await provider.generate();

    const unwrapped = await provider.unwrap(keyId, wrapped);

    expect(unwrapped).toEqual(plaintext);
    expect(kms.calls[1]).toEqual({
      operation: 'TrentService.Decrypt',
      input: { CiphertextBlob: Buffer.from(wrapped, 'base64url').toString('base64'), KeyId: KEY_ARN, EncryptionContext: { ...PII_ENCRYPTION_CONTEXT } },
    });
  });

  it('is refused by KMS when decrypting with a different encryption context', async () => {
    const kms = stubKms();
    const { keyId, wrapped } = await new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN }).generate();
    const otherPurpose = new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN, encryptionContext: { purpose: 'fundcast-exports' } });

    await expect(otherPurpose.unwrap(keyId, wrapped)).rejects.toBeInstanceOf(DecryptionError);
    expect(kms.calls[1]?.input.EncryptionContext).toEqual({ purpose: 'fundcast-exports' });
  });

  it('refuses, without calling KMS, a data key of a key it is not configured for', async () => {
    const kms = stubKms();
    const provider = new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN });

    await expect(provider.unwrap(OLD_KEY_ARN, 'AAAA')).rejects.toBeInstanceOf(DecryptionError);
    expect(kms.calls).toHaveLength(0);
  });

  it('still unwraps data keys of a previous key ARN it is told about', async () => {
    const kms = stubKms();
    const { keyId, plaintext, wrapped } = await new KmsDataKeyProvider({ client: kms.client, keyArn: OLD_KEY_ARN }).generate();
    const provider = new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN, previousKeyArns: [OLD_KEY_ARN] });

    expect(await provider.unwrap(keyId, wrapped)).toEqual(plaintext);
    expect(kms.calls[1]?.input.KeyId).toBe(OLD_KEY_ARN);
  });

  it('refuses an answer from Decrypt that names another key', async () => {
    const kms = stubKms({ decryptAnswersKeyId: OLD_KEY_ARN });
    const provider = new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN });
    const { keyId, wrapped } = await provider.generate();

    await expect(provider.unwrap(keyId, wrapped)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses a GenerateDataKey answer under another key (an alias misconfiguration)', async () => {
    const kms = stubKms({
      fault: ({ operation }) =>
        operation === 'TrentService.GenerateDataKey'
          ? { body: { KeyId: OLD_KEY_ARN, Plaintext: randomBytes(32).toString('base64'), CiphertextBlob: randomBytes(64).toString('base64') } }
          : undefined,
    });

    await expect(new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN }).generate()).rejects.toBeInstanceOf(KeyMaterialError);
  });

  it('must be configured with a key ARN, not an alias', () => {
    const { client } = stubKms();

    expect(() => new KmsDataKeyProvider({ client, keyArn: 'alias/fundcast-pii' })).toThrow(KeyMaterialError);
    expect(() => new KmsDataKeyProvider({ client, keyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/fundcast-pii' })).toThrow(KeyMaterialError);
  });

  it.each([
    ['throttled', { status: 400, error: 'ThrottlingException' }],
    ['failing inside', { status: 500, error: 'KMSInternalException' }],
    ['reporting the key unavailable', { status: 500, error: 'KMSInvalidStateException' }],
  ] as const)('reports KMS %s as KeyUnavailableError, for generate and unwrap', async (_label, answer) => {
    const healthy = stubKms();
    const { keyId, wrapped } = await new KmsDataKeyProvider({ client: healthy.client, keyArn: KEY_ARN }).generate();
    const kms = stubKms({ fault: () => answer });
    const provider = new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN });

    await expect(provider.generate()).rejects.toBeInstanceOf(KeyUnavailableError);
    await expect(provider.unwrap(keyId, wrapped)).rejects.toBeInstanceOf(KeyUnavailableError);
  });

  it('reports a network failure as KeyUnavailableError', async () => {
    const kms = stubKms({
      fault: () => {
        throw Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
      },
    });

    await expect(new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN }).generate()).rejects.toBeInstanceOf(KeyUnavailableError);
  });

  it('carries EnvelopeFieldCipher: one Decrypt per data key in another container, context still bound', async () => {
    const kms = stubKms();
    const writer = new EnvelopeFieldCipher(new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN }));
    const stored = await Promise.all(['a@example.com', 'b@example.com', 'c@example.com'].map((email) => writer.encrypt(email, 'user:email:u1')));
    const reader = new EnvelopeFieldCipher(new KmsDataKeyProvider({ client: kms.client, keyArn: KEY_ARN }));

    const emails = await Promise.all(stored.map((value) => reader.decrypt(value, 'user:email:u1')));

    expect(emails).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(kms.calls.map((call) => call.operation)).toEqual(['TrentService.GenerateDataKey', 'TrentService.Decrypt']);
    expect(Buffer.from(stored[0]?.split('.')[1] ?? '', 'base64url').toString('utf8')).toBe(KEY_ARN);
    await expect(reader.decrypt(stored[0] ?? '', 'user:email:u2')).rejects.toBeInstanceOf(DecryptionError);
  });
});
