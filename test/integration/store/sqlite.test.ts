import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { describeStoreContract } from './store-contract.js';

describe('SqliteItemStore', () => {
  let directory = '';
  let files = 0;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'fundcast-sqlite-contract-'));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  describeStoreContract('sqlite file (WAL)', async () => {
    files += 1;
    const store = new SqliteItemStore({ path: join(directory, `contract-${files}.db`) });
    return { store, dispose: () => store.close() };
  });

  describeStoreContract('sqlite :memory:', async () => {
    const store = new SqliteItemStore({ path: ':memory:' });
    return { store, dispose: () => store.close() };
  });
});
