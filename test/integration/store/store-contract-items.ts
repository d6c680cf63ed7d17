import { describe, expect, it } from 'vitest';
import { InvalidStoreRequestError } from '../../../shared/store/errors.js';
import type { Condition, Item } from '../../../shared/store/port.js';
import { expectConditionFailed, failureOf, type ContractContext } from './store-contract-helpers.js';

const KEY = { pk: 'item#1', sk: 'v' };

/** An item with every kind of value the port allows. */
const RICH_ITEM: Item = {
  ...KEY,
  n: 5,
  negative: -12,
  fraction: 0.25,
  s: 'm',
  empty: '',
  unicode: 'Zürich 東京 😀',
  b: true,
  z: null,
  l: [1, 'two', false, null, { deep: [3] }],
  m: { a: 1, nested: { list: [] } },
};

/** [label, condition, holds on RICH_ITEM] — DynamoDB's semantics, including its odd corners. */
const CONDITION_CASES: [string, Condition, boolean][] = [
  ['number =', { kind: 'compare', name: 'n', op: '=', value: 5 }, true],
  ['number = other', { kind: 'compare', name: 'n', op: '=', value: 6 }, false],
  ['number <>', { kind: 'compare', name: 'n', op: '<>', value: 6 }, true],
  ['number <> same', { kind: 'compare', name: 'n', op: '<>', value: 5 }, false],
  ['number <', { kind: 'compare', name: 'n', op: '<', value: 6 }, true],
  ['number < same', { kind: 'compare', name: 'n', op: '<', value: 5 }, false],
  ['number <=', { kind: 'compare', name: 'n', op: '<=', value: 5 }, true],
  ['number >', { kind: 'compare', name: 'n', op: '>', value: 4 }, true],
  ['number > same', { kind: 'compare', name: 'n', op: '>', value: 5 }, false],
  ['number >=', { kind: 'compare', name: 'n', op: '>=', value: 5 }, true],
  ['number >= larger', { kind: 'compare', name: 'n', op: '>=', value: 6 }, false],
  ['negative number <', { kind: 'compare', name: 'negative', op: '<', value: -11 }, true],
  ['string =', { kind: 'compare', name: 's', op: '=', value: 'm' }, true],
  ['string <', { kind: 'compare', name: 's', op: '<', value: 'n' }, true],
  ['string >', { kind: 'compare', name: 's', op: '>', value: 'n' }, false],
  ['string is case-sensitive', { kind: 'compare', name: 's', op: '>', value: 'M' }, true],
  ['string in byte order (é after z)', { kind: 'compare', name: 'unicode', op: '>', value: 'Zz' }, true],
  ['boolean =', { kind: 'compare', name: 'b', op: '=', value: true }, true],
  ['boolean <>', { kind: 'compare', name: 'b', op: '<>', value: true }, false],
  ['missing =', { kind: 'compare', name: 'absent', op: '=', value: 1 }, false],
  ['missing <', { kind: 'compare', name: 'absent', op: '<', value: 1 }, false],
  ['missing >=', { kind: 'compare', name: 'absent', op: '>=', value: 'a' }, false],
  ['missing <> is true, as in DynamoDB', { kind: 'compare', name: 'absent', op: '<>', value: 1 }, true],
  ['other type =', { kind: 'compare', name: 'n', op: '=', value: '5' }, false],
  ['other type <>', { kind: 'compare', name: 'n', op: '<>', value: '5' }, true],
  ['other type >', { kind: 'compare', name: 's', op: '>', value: 1 }, false],
  ['null attribute = string', { kind: 'compare', name: 'z', op: '=', value: 'x' }, false],
  ['list attribute = number', { kind: 'compare', name: 'l', op: '=', value: 1 }, false],
  ['attributeExists', { kind: 'attributeExists', name: 'n' }, true],
  ['attributeExists on a null value', { kind: 'attributeExists', name: 'z' }, true],
  ['attributeExists missing', { kind: 'attributeExists', name: 'absent' }, false],
  ['attributeNotExists missing', { kind: 'attributeNotExists', name: 'absent' }, true],
  ['attributeNotExists present', { kind: 'attributeNotExists', name: 'n' }, false],
  ['itemExists', { kind: 'itemExists' }, true],
  ['itemNotExists', { kind: 'itemNotExists' }, false],
  ['and, all true', { kind: 'and', conditions: [{ kind: 'itemExists' }, { kind: 'attributeExists', name: 's' }] }, true],
  ['and, one false', { kind: 'and', conditions: [{ kind: 'itemExists' }, { kind: 'attributeExists', name: 'x' }] }, false],
  ['or, one true', { kind: 'or', conditions: [{ kind: 'itemNotExists' }, { kind: 'attributeExists', name: 's' }] }, true],
  ['or, all false', { kind: 'or', conditions: [{ kind: 'itemNotExists' }, { kind: 'attributeExists', name: 'x' }] }, false],
  [
    'nested and/or',
    {
      kind: 'and',
      conditions: [
        { kind: 'or', conditions: [{ kind: 'compare', name: 'n', op: '>', value: 9 }, { kind: 'compare', name: 's', op: '=', value: 'm' }] },
        { kind: 'attributeNotExists', name: 'absent' },
      ],
    },
    true,
  ],
];

export function describeItemContract(context: ContractContext): void {
  describe('put and get', () => {
    it('returns exactly the item that was put, every value type included', async () => {
      await context.store.write([{ type: 'put', table: 'main', item: RICH_ITEM }]);

      const read = await context.store.get('main', KEY);

      expect(read).toEqual(RICH_ITEM);
    });

    it('returns undefined for an item that does not exist', async () => {
      expect(await context.store.get('main', { pk: 'nobody', sk: 'here' })).toBeUndefined();
    });

    it('replaces the whole item on a second put', async () => {
      await context.store.write([{ type: 'put', table: 'main', item: { ...KEY, old: 1, kept: 'no' } }]);

      await context.store.write([{ type: 'put', table: 'main', item: { ...KEY, fresh: 2 } }]);

      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, fresh: 2 });
    });

    it('drops attributes whose value is undefined', async () => {
      const item = { ...KEY, kept: 1, dropped: undefined } as unknown as Item;

      await context.store.write([{ type: 'put', table: 'main', item }]);

      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, kept: 1 });
    });

    it('keeps tables apart: the same key in another table is another item', async () => {
      await context.store.write([{ type: 'put', table: 'main', item: { ...KEY, in: 'main' } }]);

      await context.store.write([{ type: 'put', table: 'breakers', item: { ...KEY, in: 'breakers' } }]);

      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, in: 'main' });
      expect(await context.store.get('breakers', KEY)).toEqual({ ...KEY, in: 'breakers' });
    });

    it.each([
      ['an empty partition key', { pk: '', sk: 's' }],
      ['an empty sort key', { pk: 'p', sk: '' }],
      ['a non-finite number', { pk: 'p', sk: 's', n: Number.NaN }],
      ['a number index key', { pk: 'p', sk: 's', gsi1pk: 7 }],
      ['an empty index key', { pk: 'p', sk: 's', gsi1sk: '' }],
    ])('rejects an item with %s and stores nothing', async (_label, item) => {
      const error = await failureOf(context.store.write([{ type: 'put', table: 'main', item: item as Item }]));

      expect(error).toBeInstanceOf(InvalidStoreRequestError);
      expect(await context.store.get('main', { pk: 'p', sk: 's' })).toBeUndefined();
    });
  });

  describe('conditions on a single write', () => {
    it.each(CONDITION_CASES)('%s', async (_label, condition, holds) => {
      await context.store.write([{ type: 'put', table: 'main', item: RICH_ITEM }]);
      const write = context.store.write([
        { type: 'update', table: 'main', key: KEY, update: { set: { touched: true } }, condition },
      ]);

      if (holds) await write;
      else await expectConditionFailed(write, 0);

      const after = await context.store.get('main', KEY);
      expect(after).toEqual(holds ? { ...RICH_ITEM, touched: true } : RICH_ITEM);
    });

    it('itemNotExists lets the first put create an item and refuses the second', async () => {
      const create = (version: number) =>
        context.store.write([{ type: 'put', table: 'main', item: { ...KEY, version }, condition: { kind: 'itemNotExists' } }]);

      await create(1);
      await expectConditionFailed(create(2), 0);

      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, version: 1 });
    });

    it('exactly one of several concurrent conditional creates wins', async () => {
      const attempts = Array.from({ length: 8 }, (_, writer) =>
        context.store.write([{ type: 'put', table: 'main', item: { ...KEY, writer }, condition: { kind: 'itemNotExists' } }]),
      );

      const results = await Promise.allSettled(attempts);

      const winners = results.flatMap((result, writer) => (result.status === 'fulfilled' ? [writer] : []));
      expect(winners).toHaveLength(1);
      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, writer: winners[0] });
    });

    it('evaluates conditions against an absent item as DynamoDB does', async () => {
      const update = (condition: Condition) =>
        context.store.write([{ type: 'update', table: 'main', key: KEY, update: { set: { a: 1 } }, condition }]);

      await expectConditionFailed(update({ kind: 'itemExists' }), 0);
      await expectConditionFailed(update({ kind: 'compare', name: 'a', op: '=', value: 1 }), 0);
      expect(await context.store.get('main', KEY)).toBeUndefined();
      await update({ kind: 'attributeNotExists', name: 'a' });
      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, a: 1 });
    });

    it('rejects ordering comparisons on booleans, which DynamoDB refuses', async () => {
      const error = await failureOf(
        context.store.write([
          { type: 'check', table: 'main', key: KEY, condition: { kind: 'compare', name: 'b', op: '<', value: true } },
        ]),
      );

      expect(error).toBeInstanceOf(InvalidStoreRequestError);
    });
  });

  describe('delete', () => {
    it('removes an item, and deleting an absent item is a no-op', async () => {
      await context.store.write([{ type: 'put', table: 'main', item: RICH_ITEM }]);

      await context.store.write([{ type: 'delete', table: 'main', key: KEY }]);
      await context.store.write([{ type: 'delete', table: 'main', key: KEY }]);

      expect(await context.store.get('main', KEY)).toBeUndefined();
    });

    it('with a failing condition keeps the item; with a holding one removes it', async () => {
      await context.store.write([{ type: 'put', table: 'main', item: RICH_ITEM }]);
      const deleteIf = (value: number) =>
        context.store.write([
          { type: 'delete', table: 'main', key: KEY, condition: { kind: 'compare', name: 'n', op: '=', value } },
        ]);

      await expectConditionFailed(deleteIf(4), 0);
      expect(await context.store.get('main', KEY)).toEqual(RICH_ITEM);
      await deleteIf(5);
      expect(await context.store.get('main', KEY)).toBeUndefined();
    });

    it('with itemExists fails on an absent item', async () => {
      await expectConditionFailed(
        context.store.write([{ type: 'delete', table: 'main', key: KEY, condition: { kind: 'itemExists' } }]),
        0,
      );
    });
  });
}
