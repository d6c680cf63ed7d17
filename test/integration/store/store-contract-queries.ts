import { describe, expect, it } from 'vitest';
import { InvalidStoreRequestError } from '../../../shared/store/errors.js';
import { MAX_PAGE_SIZE, type Item, type ItemStore, type Query, type SortKeyCondition } from '../../../shared/store/port.js';
import { TABLES } from '../../../shared/store/tables.js';
import { byteOrder, failureOf, putAll, type ContractContext } from './store-contract-helpers.js';
import { describeCursorContract } from './store-contract-cursors.js';

/** Something a query can target: the table's own key or one of its GSIs. */
export interface QueryTarget {
  label: string;
  index: string | undefined;
  partitionAttribute: string;
  sortAttribute: string;
}

export const QUERY_TARGETS: QueryTarget[] = [
  { label: 'the table key', index: undefined, partitionAttribute: 'pk', sortAttribute: 'sk' },
  ...Object.entries(TABLES.main.indexes).map(([name, index]) => ({
    label: `index ${name}`,
    index: name,
    partitionAttribute: index.partitionKey,
    sortAttribute: index.sortKey,
  })),
];

/** An item placed at (partition, sortValue) of the target; on an index its table key is unrelated. */
export function itemAt(target: QueryTarget, partition: string, sortValue: string, n: number): Item {
  if (target.index === undefined) return { pk: partition, sk: sortValue, n };
  return { pk: `item#${partition}#${n}`, sk: 'x', [target.partitionAttribute]: partition, [target.sortAttribute]: sortValue, n };
}

/** Every page of a query, following cursors to the end. */
export async function queryAll(store: ItemStore, query: Query): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.query('main', { ...query, ...(cursor === undefined ? {} : { cursor }) });
    items.push(...page.items);
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== undefined && pages < 1_000);
  return { items, pages };
}

const SORT_VALUES = ['a', 'b', 'ba', 'bb', 'c', 'd', 'e'];
const SORT_CONDITIONS: (SortKeyCondition | undefined)[] = [
  undefined,
  { op: '=', value: 'b' },
  { op: '<', value: 'c' },
  { op: '<=', value: 'c' },
  { op: '>', value: 'b' },
  { op: '>=', value: 'bb' },
  { op: 'between', from: 'b', to: 'c' },
  { op: 'beginsWith', prefix: 'b' },
];

/** Reference semantics of a key condition, written independently of the adapters. */
function holds(condition: SortKeyCondition | undefined, value: string): boolean {
  if (condition === undefined) return true;
  switch (condition.op) {
    case '=': return value === condition.value;
    case '<': return byteOrder(value, condition.value) < 0;
    case '<=': return byteOrder(value, condition.value) <= 0;
    case '>': return byteOrder(value, condition.value) > 0;
    case '>=': return byteOrder(value, condition.value) >= 0;
    case 'between': return byteOrder(value, condition.from) >= 0 && byteOrder(value, condition.to) <= 0;
    case 'beginsWith': return value.startsWith(condition.prefix);
  }
}

export function describeQueryContract(context: ContractContext): void {
  describe.each(QUERY_TARGETS)('query on $label', (target) => {
    const sortOf = (item: Item) => String(item[target.sortAttribute]);

    it('applies every sort-key condition, ascending and descending, within one partition', async () => {
      await putAll(context.store, [
        ...SORT_VALUES.map((value, n) => itemAt(target, 'P', value, n)),
        ...['a', 'b', 'c'].map((value, n) => itemAt(target, 'P2', value, 100 + n)),
      ]);

      for (const sort of SORT_CONDITIONS) {
        const expected = SORT_VALUES.filter((value) => holds(sort, value)).sort(byteOrder);
        const base = { index: target.index, partition: 'P', ...(sort === undefined ? {} : { sort }) };
        const asc = await context.store.query('main', base);
        const desc = await context.store.query('main', { ...base, direction: 'desc' });

        expect(asc.items.map(sortOf), JSON.stringify(sort)).toEqual(expected);
        expect(desc.items.map(sortOf), JSON.stringify(sort)).toEqual([...expected].reverse());
        expect(asc.items.every((item) => item[target.partitionAttribute] === 'P')).toBe(true);
      }
    });

    it.each(['asc', 'desc'] as const)('pages %s through every item exactly once, ties included', async (direction) => {
      // On an index several items share a sort value: the cursor must still resume exactly.
      const items = Array.from({ length: 23 }, (_, n) =>
        itemAt(target, 'P', target.index === undefined ? `k${String(n).padStart(2, '0')}` : `v${Math.floor(n / 3)}`, n),
      );
      await putAll(context.store, items);

      const { items: seen, pages } = await queryAll(context.store, { index: target.index, partition: 'P', limit: 5, direction });

      expect(seen.map((item) => item.n).sort((a, b) => Number(a) - Number(b))).toEqual(items.map((item) => item.n));
      const order = seen.map(sortOf);
      const sorted = [...order].sort(byteOrder);
      expect(order).toEqual(direction === 'asc' ? sorted : sorted.reverse());
      expect(pages).toBeGreaterThanOrEqual(5);
    });

    it('orders strings by UTF-8 bytes, as DynamoDB does', async () => {
      // 😀 (U+1F600) sorts after U+E000 in UTF-8 but before it in JavaScript's UTF-16 order.
      const values = ['a', 'B', 'ab', 'z', '0', 'é', 'ü', '中文', '\uE000', '😀', 'éa'];
      await putAll(context.store, values.map((value, n) => itemAt(target, 'U', value, n)));

      const asc = await context.store.query('main', { index: target.index, partition: 'U' });
      const prefixed = await context.store.query('main', { index: target.index, partition: 'U', sort: { op: 'beginsWith', prefix: 'é' } });

      expect(asc.items.map(sortOf)).toEqual([...values].sort(byteOrder));
      expect(prefixed.items.map(sortOf)).toEqual(['é', 'éa']);
    });
  });

  describe('query limits and requests', () => {
    it(`caps a page at ${MAX_PAGE_SIZE} items`, async () => {
      await putAll(context.store, Array.from({ length: MAX_PAGE_SIZE + 5 }, (_, n) => ({ pk: 'many', sk: `s${String(n).padStart(3, '0')}` })));

      const unbounded = await context.store.query('main', { partition: 'many' });
      const oversized = await context.store.query('main', { partition: 'many', limit: 10_000 });

      expect(unbounded.items).toHaveLength(MAX_PAGE_SIZE);
      expect(oversized.items).toHaveLength(MAX_PAGE_SIZE);
      expect(unbounded.cursor).toBeDefined();
    });

    it('returns an empty page without a cursor for an empty partition', async () => {
      expect(await context.store.query('main', { partition: 'nothing-here' })).toEqual({ items: [] });
    });

    it.each<[string, Query]>([
      ['a zero limit', { partition: 'p', limit: 0 }],
      ['a fractional limit', { partition: 'p', limit: 1.5 }],
      ['an unknown index', { partition: 'p', index: 'gsi99' }],
      ['an empty partition', { partition: '' }],
      ['an empty sort value', { partition: 'p', sort: { op: '=', value: '' } }],
      ['a between whose bounds are reversed', { partition: 'p', sort: { op: 'between', from: 'b', to: 'a' } }],
    ])('rejects %s', async (_label, query) => {
      expect(await failureOf(context.store.query('main', query))).toBeInstanceOf(InvalidStoreRequestError);
    });
  });

  describe('sparse indexes', () => {
    it('holds only items that carry both index key attributes, following updates', async () => {
      await putAll(context.store, [
        { pk: 'full', sk: '1', gsi1pk: 'S', gsi1sk: 'a' },
        { pk: 'no-sort', sk: '1', gsi1pk: 'S' },
        { pk: 'no-partition', sk: '1', gsi1sk: 'c' },
        { pk: 'other-index', sk: '1', gsi2pk: 'S', gsi2sk: 'b' },
      ]);
      const keysIn = async (index: string) =>
        (await context.store.query('main', { index, partition: 'S' })).items.map((item) => item.pk);

      expect(await keysIn('gsi1')).toEqual(['full']);
      expect(await keysIn('gsi2')).toEqual(['other-index']);

      await context.store.write([
        { type: 'update', table: 'main', key: { pk: 'full', sk: '1' }, update: { remove: ['gsi1sk'] } },
        { type: 'update', table: 'main', key: { pk: 'no-sort', sk: '1' }, update: { set: { gsi1sk: 'b' } } },
      ]);

      expect(await keysIn('gsi1')).toEqual(['no-sort']);
    });
  });

  describeCursorContract(context);
}
