import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { encodeCursor } from '../../../store/cursor.js';
import { ConditionFailedError, StoreUnavailableError } from '../../../store/errors.js';
import type { Item, ItemKey, ItemStore, Page, Query, WriteOp, WriteOptions } from '../../../store/port.js';
import { planQuery } from '../../../store/query-plan.js';
import type { TableName } from '../../../store/tables.js';
import { checkKey, tableDefinition, validateBatchGet, validateWrite } from '../../../store/validation.js';
import { applyUpdate, evaluateCondition, normalizeItem } from './conditions.js';
import { toStoreError } from './errors.js';
import { buildQuerySql } from './query-sql.js';
import { columnList, ensureSchema, layoutFor, quote, rowValues, type TableLayout } from './schema.js';

export interface SqliteItemStoreOptions {
  /** A file path (created with its directory if missing) or ':memory:'. */
  path: string;
  /** How long a writer waits for another process's lock before TransactionConflictError. Default 5000. */
  busyTimeoutMs?: number;
}

interface TableStatements {
  select: Database.Statement<[string, string], { data: string }>;
  upsert: Database.Statement<(string | null)[]>;
  remove: Database.Statement<[string, string]>;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * The embedded ItemStore on better-sqlite3: the default for `npm start`, single-machine
 * deployments and tests. Several processes may share one file: WAL lets readers run beside the
 * one writer, and every write is a `BEGIN IMMEDIATE` transaction that reads each item, evaluates
 * its condition and applies it, so conditions and writes are atomic across processes.
 */
export class SqliteItemStore implements ItemStore {
  readonly #db: Database.Database;
  readonly #statements = new Map<TableName, TableStatements>();
  readonly #queries = new Map<string, Database.Statement<string[], { data: string }>>();
  readonly #write: Database.Transaction<(ops: WriteOp[]) => void>;

  constructor(options: SqliteItemStoreOptions) {
    this.#db = openDatabase(options);
    this.#write = this.#db.transaction((ops: WriteOp[]) => this.#applyWrite(ops));
  }

  async get(table: TableName, key: ItemKey): Promise<Item | undefined> {
    return this.#run(() => {
      tableDefinition(table);
      checkKey(key);
      return this.#read(table, key);
    });
  }

  async batchGet(table: TableName, keys: ItemKey[]): Promise<Item[]> {
    return this.#run(() => {
      validateBatchGet(table, keys);
      return keys.map((key) => this.#read(table, key)).filter((item): item is Item => item !== undefined);
    });
  }

  async query(table: TableName, query: Query): Promise<Page> {
    return this.#run(() => {
      const plan = planQuery(table, query);
      // One extra row tells whether another page exists, so the last page carries no cursor.
      const { sql, params } = buildQuerySql(layoutFor(table), plan, plan.limit + 1);
      const rows = this.#prepareQuery(sql).all(...params);
      const items = rows.slice(0, plan.limit).map((row) => JSON.parse(row.data) as Item);
      const last = items.at(-1);
      if (rows.length <= plan.limit || last === undefined) return { items };
      const key = Object.fromEntries(plan.cursorAttributes.map((name) => [name, String(last[name])]));
      return { items, cursor: encodeCursor(key) };
    });
  }

  async write(ops: WriteOp[], options?: WriteOptions): Promise<void> {
    // The idempotency token only matters to DynamoDB; it is validated so both stores accept the same requests.
    return this.#run(() => {
      validateWrite(ops, options?.idempotencyToken);
      if (ops.length > 0) this.#write.immediate(ops);
    });
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  /** Runs synchronously inside the IMMEDIATE transaction: check every condition, then apply. */
  #applyWrite(ops: WriteOp[]): void {
    const current = ops.map((op, index) => {
      const key = op.type === 'put' ? { pk: op.item.pk, sk: op.item.sk } : op.key;
      const item = this.#read(op.table, key);
      // Ops touch distinct items, so checking all before applying any equals DynamoDB's all-or-nothing.
      if (op.condition !== undefined && !evaluateCondition(op.condition, item)) {
        throw new ConditionFailedError(index);
      }
      return item;
    });
    ops.forEach((op, index) => {
      const statements = this.#statementsFor(op.table);
      switch (op.type) {
        case 'put':
          statements.upsert.run(...rowValues(layoutFor(op.table), normalizeItem(op.item)));
          break;
        case 'update':
          statements.upsert.run(...rowValues(layoutFor(op.table), applyUpdate(current[index], op.key, op.update)));
          break;
        case 'delete':
          statements.remove.run(op.key.pk, op.key.sk);
          break;
        case 'check':
          break;
      }
    });
  }

  #read(table: TableName, key: ItemKey): Item | undefined {
    const row = this.#statementsFor(table).select.get(key.pk, key.sk);
    return row === undefined ? undefined : (JSON.parse(row.data) as Item);
  }

  #statementsFor(table: TableName): TableStatements {
    let statements = this.#statements.get(table);
    if (statements === undefined) {
      statements = prepareTableStatements(this.#db, layoutFor(table));
      this.#statements.set(table, statements);
    }
    return statements;
  }

  #prepareQuery(sql: string): Database.Statement<string[], { data: string }> {
    let statement = this.#queries.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare<string[], { data: string }>(sql);
      this.#queries.set(sql, statement);
    }
    return statement;
  }

  /** Every public call: refuse on a closed database and translate driver errors to port errors. */
  #run<T>(action: () => T): Promise<T> {
    if (!this.#db.open) return Promise.reject(new StoreUnavailableError());
    try {
      return Promise.resolve(action());
    } catch (error) {
      return Promise.reject(toStoreError(error));
    }
  }
}

function openDatabase(options: SqliteItemStoreOptions): Database.Database {
  const memory = options.path === ':memory:';
  let db: Database.Database | undefined;
  try {
    if (!memory) mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path);
    // Set before anything else so that even schema creation waits for other processes.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
    if (!memory) {
      db.pragma('journal_mode = WAL');
      // FULL: a committed transfer survives power loss too; this store holds money.
      db.pragma('synchronous = FULL');
    }
    ensureSchema(db);
    return db;
  } catch (error) {
    if (db?.open === true) db.close();
    throw toStoreError(error);
  }
}

function prepareTableStatements(db: Database.Database, layout: TableLayout): TableStatements {
  const table = quote(layout.sqlName);
  const keyMatch = `${quote(layout.partitionColumn)} = ? AND ${quote(layout.sortColumn)} = ?`;
  const columns = columnList(layout);
  const placeholders = columns.map(() => '?').join(', ');
  return {
    select: db.prepare(`SELECT data FROM ${table} WHERE ${keyMatch}`),
    upsert: db.prepare(`INSERT OR REPLACE INTO ${table} (${columns.map(quote).join(', ')}) VALUES (${placeholders})`),
    remove: db.prepare(`DELETE FROM ${table} WHERE ${keyMatch}`),
  };
}

/** Opens (creating if needed) a SQLite-backed ItemStore. */
export function createSqliteItemStore(options: SqliteItemStoreOptions): SqliteItemStore {
  return new SqliteItemStore(options);
}
