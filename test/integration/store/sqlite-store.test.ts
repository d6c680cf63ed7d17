import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { buildQuerySql } from '../../../shared/adapters/store/sqlite/query-sql.js';
import { layoutFor } from '../../../shared/adapters/store/sqlite/schema.js';
import { StoreUnavailableError, TransactionConflictError } from '../../../shared/store/errors.js';
import { planQuery } from '../../../shared/store/query-plan.js';
import { TABLES, TABLE_NAMES } from '../../../shared/store/tables.js';
import { failureOf } from './store-contract-helpers.js';

describe('SqliteItemStore on a file', () => {
  let directory = '';
  let path = '';
  const opened: { close(): unknown }[] = [];
  const open = (busyTimeoutMs?: number) => {
    const store = new SqliteItemStore({ path, ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }) });
    opened.push(store);
    return store;
  };
  const raw = () => {
    const db = new Database(path);
    opened.push(db);
    return db;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'fundcast-sqlite-'));
    path = join(directory, 'nested', 'store.db');
  });

  afterEach(async () => {
    for (const handle of opened.splice(0)) await handle.close();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('schema', () => {
    it('derives one WITHOUT ROWID table per logical table and a partial index per GSI from TABLES', async () => {
      open();
      const db = raw();

      const journal = db.pragma('journal_mode', { simple: true });
      const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
      const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string; sql: string }[];

      expect(journal).toBe('wal');
      expect(tables.map((t) => t.name).sort()).toEqual([...TABLE_NAMES].sort());
      expect(tables.every((t) => t.sql.includes('WITHOUT ROWID'))).toBe(true);
      const gsis = Object.entries(TABLES.main.indexes);
      expect(indexes.map((i) => i.name).sort()).toEqual(gsis.map(([name]) => `main__${name}`).sort());
      for (const [name, index] of gsis) {
        const sql = indexes.find((i) => i.name === `main__${name}`)?.sql ?? '';
        expect(sql).toContain(`WHERE "${index.partitionKey}" IS NOT NULL AND "${index.sortKey}" IS NOT NULL`);
      }
    });

    it('answers a GSI query from its partial index, not by scanning the table', () => {
      open();
      const plan = planQuery('main', { index: 'gsi1', partition: 'G', sort: { op: 'beginsWith', prefix: 'a' } });
      const { sql, params } = buildQuerySql(layoutFor('main'), plan, 11);

      const steps = raw().prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];

      expect(steps.map((step) => step.detail).join('\n')).toMatch(/USING INDEX main__gsi1/);
    });

    it('adds and fills the column of an index defined after the file was created', async () => {
      mkdirSync(join(directory, 'nested'));
      const old = raw();
      // The shape an earlier version (without gsi2) would have created.
      old.exec(
        'CREATE TABLE main (pk TEXT NOT NULL, sk TEXT NOT NULL, gsi1pk TEXT, gsi1sk TEXT, data TEXT NOT NULL, PRIMARY KEY (pk, sk)) WITHOUT ROWID',
      );
      old.prepare('INSERT INTO main (pk, sk, data) VALUES (?, ?, ?)').run('a', '1', JSON.stringify({ pk: 'a', sk: '1', gsi2pk: 'G', gsi2sk: 'x' }));
      old.close();

      const page = await open().query('main', { index: 'gsi2', partition: 'G' });

      expect(page.items).toEqual([{ pk: 'a', sk: '1', gsi2pk: 'G', gsi2sk: 'x' }]);
    });
  });

  describe('sharing a file', () => {
    it('keeps items across reopening, and every store on the file sees every write', async () => {
      const first = open();
      const second = open();

      await first.write([{ type: 'put', table: 'main', item: { pk: 'a', sk: '1', v: 1 } }]);
      await second.write([{ type: 'update', table: 'main', key: { pk: 'a', sk: '1' }, update: { add: { v: 1 } } }]);
      await first.close();
      await second.close();

      expect(await open().get('main', { pk: 'a', sk: '1' })).toEqual({ pk: 'a', sk: '1', v: 2 });
    });

    it('answers TransactionConflictError when another writer holds the lock past busy_timeout, then recovers', async () => {
      const store = open(50);
      await store.write([{ type: 'put', table: 'main', item: { pk: 'a', sk: '1' } }]);
      const other = raw();
      other.exec('BEGIN IMMEDIATE');

      const blocked = await failureOf(store.write([{ type: 'put', table: 'main', item: { pk: 'b', sk: '1' } }]));
      const readWhileLocked = await store.get('main', { pk: 'a', sk: '1' });
      other.exec('COMMIT');
      await store.write([{ type: 'put', table: 'main', item: { pk: 'b', sk: '1' } }]);

      expect(blocked).toBeInstanceOf(TransactionConflictError);
      expect(readWhileLocked).toEqual({ pk: 'a', sk: '1' }); // WAL: readers are never blocked by the writer
      expect(await store.get('main', { pk: 'b', sk: '1' })).toEqual({ pk: 'b', sk: '1' });
    });
  });

  describe('an unusable database', () => {
    it('fails to open with StoreUnavailableError when the path is not a database file', () => {
      mkdirSync(path, { recursive: true }); // a directory where the file should be

      expect(() => open()).toThrow(StoreUnavailableError);
    });
  });
});
