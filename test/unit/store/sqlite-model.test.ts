import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { expectStoreMatchesModel, writeArbitrary } from '../../helpers/store-model.js';

describe('SqliteItemStore against the reference model (property)', () => {
  it('agrees with the model on every random sequence of conditional writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(writeArbitrary(), { minLength: 1, maxLength: 12 }), async (writes) => {
        const store = new SqliteItemStore({ path: ':memory:' });
        try {
          await expectStoreMatchesModel(store, writes);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 200 },
    );
  });
});
