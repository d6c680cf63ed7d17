import type { Database } from 'better-sqlite3';
import type { Item } from '../../../store/port.js';
import { TABLES, TABLE_NAMES, type TableName } from '../../../store/tables.js';

/**
 * The SQL shape of each logical table, derived from TABLES so it cannot drift from DynamoDB:
 * one SQL table per logical table, the key columns, one column per index key attribute (NULL when
 * the item lacks it, which is what makes an index sparse) and the whole item as JSON in `data`.
 */
export interface IndexLayout {
  readonly name: string;
  readonly sqlName: string;
  readonly partitionColumn: string;
  readonly sortColumn: string;
}

export interface TableLayout {
  readonly table: TableName;
  readonly sqlName: string;
  readonly partitionColumn: string;
  readonly sortColumn: string;
  /** Index key attributes, each stored in a column of the same name. */
  readonly indexColumns: readonly string[];
  readonly indexes: ReadonlyMap<string, IndexLayout>;
}

/** Double-quotes an identifier; names come from TABLES, but quoting keeps odd names safe. */
export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function layoutOf(table: TableName): TableLayout {
  const definition = TABLES[table];
  const indexes = new Map<string, IndexLayout>();
  const indexColumns: string[] = [];
  for (const [name, index] of Object.entries(definition.indexes)) {
    indexes.set(name, {
      name,
      sqlName: `${table}__${name}`,
      partitionColumn: index.partitionKey,
      sortColumn: index.sortKey,
    });
    for (const column of [index.partitionKey, index.sortKey]) {
      if (!indexColumns.includes(column)) indexColumns.push(column);
    }
  }
  return {
    table,
    sqlName: table,
    partitionColumn: definition.partitionKey,
    sortColumn: definition.sortKey,
    indexColumns,
    indexes,
  };
}

export const LAYOUTS: ReadonlyMap<TableName, TableLayout> = new Map(TABLE_NAMES.map((t) => [t, layoutOf(t)]));

export function layoutFor(table: TableName): TableLayout {
  const layout = LAYOUTS.get(table);
  if (layout === undefined) throw new Error(`No layout for table ${table}`);
  return layout;
}

/** Column values for an item, in the order of `columnList`; an index column is NULL unless the attribute is a string. */
export function rowValues(layout: TableLayout, item: Item): (string | null)[] {
  const indexValues = layout.indexColumns.map((column) => {
    const value = item[column];
    return typeof value === 'string' ? value : null;
  });
  return [item.pk, item.sk, ...indexValues, JSON.stringify(item)];
}

export function columnList(layout: TableLayout): string[] {
  return [layout.partitionColumn, layout.sortColumn, ...layout.indexColumns, 'data'];
}

function createStatements(layout: TableLayout): string[] {
  const table = quote(layout.sqlName);
  const keys = `${quote(layout.partitionColumn)}, ${quote(layout.sortColumn)}`;
  const indexColumns = layout.indexColumns.map((column) => `${quote(column)} TEXT`);
  const columns = [
    `${quote(layout.partitionColumn)} TEXT NOT NULL`,
    `${quote(layout.sortColumn)} TEXT NOT NULL`,
    ...indexColumns,
    'data TEXT NOT NULL',
  ];
  const statements = [
    // WITHOUT ROWID: the table is clustered on its key, so a partition is one contiguous range.
    `CREATE TABLE IF NOT EXISTS ${table} (${columns.join(', ')}, PRIMARY KEY (${keys})) WITHOUT ROWID`,
  ];
  for (const index of layout.indexes.values()) {
    const p = quote(index.partitionColumn);
    const s = quote(index.sortColumn);
    // Partial: only items carrying both index key attributes are in the index, as in DynamoDB.
    statements.push(
      `CREATE INDEX IF NOT EXISTS ${quote(index.sqlName)} ON ${table} (${p}, ${s}, ${keys}) ` +
        `WHERE ${p} IS NOT NULL AND ${s} IS NOT NULL`,
    );
  }
  return statements;
}

/**
 * Adds index columns that TABLES gained since the file was created and fills them from `data`,
 * so an old local database keeps working after a new GSI is defined.
 */
function addMissingColumns(db: Database, layout: TableLayout): void {
  const existing = new Set(
    (db.prepare(`PRAGMA table_info(${quote(layout.sqlName)})`).all() as { name: string }[]).map((c) => c.name),
  );
  for (const column of layout.indexColumns) {
    if (existing.has(column)) continue;
    const table = quote(layout.sqlName);
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${quote(column)} TEXT`);
    db.prepare(
      `UPDATE ${table} SET ${quote(column)} = json_extract(data, ?) WHERE json_type(data, ?) = 'text'`,
    ).run(`$."${column}"`, `$."${column}"`);
  }
}

/** Creates every table and index (idempotent); run inside one IMMEDIATE transaction so concurrent openers serialise. */
export function ensureSchema(db: Database): void {
  db.transaction(() => {
    for (const layout of LAYOUTS.values()) {
      const [createTable, ...createIndexes] = createStatements(layout);
      if (createTable !== undefined) db.exec(createTable);
      addMissingColumns(db, layout);
      createIndexes.forEach((statement) => db.exec(statement));
    }
  }).immediate();
}
