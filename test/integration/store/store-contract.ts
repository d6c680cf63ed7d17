import { afterEach, beforeEach, describe } from 'vitest';
import type { ItemStore } from '../../../shared/store/port.js';
import { describeItemContract } from './store-contract-items.js';
import { describeQueryContract } from './store-contract-queries.js';
import { describeReadContract } from './store-contract-reads.js';
import { describeUpdateContract } from './store-contract-updates.js';
import { describeWriteContract } from './store-contract-writes.js';
import type { ContractContext } from './store-contract-helpers.js';

/** A store for one test, plus whatever releases it (close the store, drop temp files or tables). */
export interface OpenedStore {
  store: ItemStore;
  dispose(): Promise<void>;
}

/**
 * The ItemStore contract: every adapter runs this same suite against its real database (SQLite
 * file, SQLite in memory, DynamoDB API via dynalite). `setup` is called before each test and must
 * return an empty store, so tests never see each other's items.
 */
export function describeStoreContract(label: string, setup: () => Promise<OpenedStore>): void {
  describe(`ItemStore contract: ${label}`, () => {
    let opened: OpenedStore | undefined;
    const context: ContractContext = {
      get store(): ItemStore {
        if (opened === undefined) throw new Error('The store is opened in beforeEach');
        return opened.store;
      },
    };

    beforeEach(async () => {
      opened = await setup();
    });

    afterEach(async () => {
      await opened?.dispose();
      opened = undefined;
    });

    describeItemContract(context);
    describeUpdateContract(context);
    describeWriteContract(context);
    describeQueryContract(context);
    describeReadContract(context);
  });
}
