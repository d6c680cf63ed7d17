import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { describeSharedBreakerState } from './shared-state-suite.js';

// Each simulated container holds its own connection to one SQLite file, as separate processes would.
describeSharedBreakerState('SQLite (one file, a connection per container)', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'fundcast-breakers-'));
  const stores: SqliteItemStore[] = [];
  return {
    open() {
      const store = new SqliteItemStore({ path: join(directory, 'breakers.db') });
      stores.push(store);
      return store;
    },
    // A closed connection fails every call with StoreUnavailableError, as a lost disk would.
    breakTable: async () => {
      await Promise.all(stores.map((store) => store.close()));
    },
    close: async () => {
      await Promise.all(stores.map((store) => store.close()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
});
