import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { TABLE_NAMES, TABLES, type TableName } from '../../shared/store/tables.js';
import type { FundcastFunction, FunctionKeys } from './api-function.js';
import type { CacheConnection } from './cache-cluster.js';
import { grantPiiKeyUse, grantSecretsRead } from './key-access.js';
import { grantTableReadWrite } from './table-access.js';

export interface FunctionAccess {
  /** The tables of the data stack, by logical name. */
  readonly tables: Readonly<Record<TableName, ITable>>;
  readonly keys: FunctionKeys;
  /** The L2 cache, whose AUTH token every function reads at cold start. */
  readonly cache: CacheConnection;
  /** Whether the function encrypts or decrypts PII, and so may use the PII key. */
  readonly usesPii: boolean;
}

/**
 * What a FundCast function may touch: read/write on every table and its indexes (narrow this
 * once each area's repositories settle), read on both identity secrets and the cache's AUTH token
 * (every cold start loads them), and the PII key only when the function handles PII.
 */
export function grantFunctionAccess(fn: FundcastFunction, access: FunctionAccess): void {
  for (const name of TABLE_NAMES) grantTableReadWrite(fn.function, access.tables[name], TABLES[name]);
  grantColdStartAccess(fn, access);
  if (access.usesPii) grantPiiKeyUse(fn.function, access.keys.piiKey);
}

/**
 * What the shared composition root reads during init, whatever the function then does: both
 * identity secrets and the cache's AUTH token. The PII key is only named at init, never used.
 */
export function grantColdStartAccess(fn: FundcastFunction, access: Pick<FunctionAccess, 'keys' | 'cache'>): void {
  grantSecretsRead(fn.function, [access.keys.signingKeysSecret, access.keys.blindIndexSecret, access.cache.authTokenSecret]);
}
