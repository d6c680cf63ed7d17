import type { QueryPlan } from '../../../store/query-plan.js';
import { quote, type TableLayout } from './schema.js';

/**
 * Turns a validated query plan into one SELECT. Order is the (index) sort key in BINARY collation,
 * i.e. UTF-8 byte order like DynamoDB; on an index, ties are broken by the table key so that a
 * cursor (which carries the table key) always resumes at exactly the next item.
 */
export interface QuerySql {
  sql: string;
  params: string[];
}

export function buildQuerySql(layout: TableLayout, plan: QueryPlan, fetch: number): QuerySql {
  const index = plan.index === undefined ? undefined : layout.indexes.get(plan.index);
  const partition = quote(plan.partitionAttribute);
  const sort = quote(plan.sortAttribute);
  const where = [`${partition} = ?`];
  const params: string[] = [plan.partition];
  if (index !== undefined) where.push(`${sort} IS NOT NULL`); // matches the partial index's WHERE

  const condition = plan.sort;
  if (condition !== undefined) {
    switch (condition.op) {
      case 'between':
        where.push(`${sort} BETWEEN ? AND ?`);
        params.push(condition.from, condition.to);
        break;
      case 'beginsWith':
        // The range start lets SQLite seek; substr (in characters, like length) does the exact test.
        where.push(`${sort} >= ?`, `substr(${sort}, 1, length(?)) = ?`);
        params.push(condition.prefix, condition.prefix, condition.prefix);
        break;
      default:
        where.push(`${sort} ${condition.op} ?`);
        params.push(condition.value);
    }
  }

  const orderColumns =
    index === undefined
      ? [plan.sortAttribute]
      : [plan.sortAttribute, layout.partitionColumn, layout.sortColumn];
  const start = plan.startKey;
  if (start !== undefined) {
    const columns = orderColumns.map(quote).join(', ');
    const placeholders = orderColumns.map(() => '?').join(', ');
    // Row-value comparison: strictly after (or before, descending) the last item returned.
    where.push(`(${columns}) ${plan.descending ? '<' : '>'} (${placeholders})`);
    params.push(...orderColumns.map((column) => start[column] ?? ''));
  }

  const direction = plan.descending ? 'DESC' : 'ASC';
  const orderBy = orderColumns.map((column) => `${quote(column)} ${direction}`).join(', ');
  const sql =
    `SELECT data FROM ${quote(layout.sqlName)} WHERE ${where.join(' AND ')} ` +
    `ORDER BY ${orderBy} LIMIT ${fetch}`;
  return { sql, params };
}
