/** Sources of signing seeds and the blind-index key: local key files, or AWS Secrets Manager. */
export {
  LOCAL_KEY_FILES,
  localKeyDirectory,
  openLocalKeyFiles,
  rotateLocalSigningKeys,
  type LocalKeyFileOptions,
  type LocalKeyMaterial,
} from './local-key-files.js';
export { RefreshingValue, type RefreshingValueOptions } from './refreshing-value.js';
export {
  readRedisAuthToken,
  SecretsManagerBlindIndexKey,
  SecretsManagerSigningSeeds,
  type SecretsManagerSourceOptions,
} from './secrets-manager.js';
