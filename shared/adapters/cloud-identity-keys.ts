import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { BlindIndexKeySource, DataKeyProvider, SigningSeedSource } from '../auth/crypto/index.js';
import { KmsDataKeyProvider } from './crypto/kms-data-keys.js';
import { SecretsManagerBlindIndexKey, SecretsManagerSigningSeeds } from './secrets/secrets-manager.js';

export interface CloudIdentityKeyOptions {
  region: string;
  signingKeysSecretArn: string;
  blindIndexSecretArn: string;
  piiKmsKeyArn: string;
}

/** The cloud's identity keys: signing seeds and the blind-index key in Secrets Manager, PII data keys from KMS. */
export function cloudIdentityKeys(options: CloudIdentityKeyOptions): {
  signingSeeds: SigningSeedSource;
  blindIndexKeys: BlindIndexKeySource;
  dataKeys: DataKeyProvider;
} {
  // Short timeouts: these calls sit on a cold start or a request, never worth a Lambda timeout.
  const requestHandler = { connectionTimeout: 1_000, requestTimeout: 3_000 };
  const secrets = new SecretsManagerClient({ region: options.region, maxAttempts: 3, requestHandler });
  const kms = new KMSClient({ region: options.region, maxAttempts: 3, requestHandler });
  return {
    signingSeeds: new SecretsManagerSigningSeeds({ client: secrets, secretArn: options.signingKeysSecretArn }),
    blindIndexKeys: new SecretsManagerBlindIndexKey({ client: secrets, secretArn: options.blindIndexSecretArn }),
    dataKeys: new KmsDataKeyProvider({ client: kms, keyArn: options.piiKmsKeyArn }),
  };
}
