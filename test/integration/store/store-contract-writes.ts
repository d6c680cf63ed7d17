import { describe, expect, it } from 'vitest';
import { InvalidStoreRequestError } from '../../../shared/store/errors.js';
import { MAX_WRITE_ITEMS, type Item, type WriteOp } from '../../../shared/store/port.js';
import { expectConditionFailed, failureOf, snapshot, type ContractContext } from './store-contract-helpers.js';

const A = { pk: 'acct#a', sk: 'state' };
const B = { pk: 'acct#b', sk: 'state' };
const C = { pk: 'acct#c', sk: 'state' };
const LOG = { pk: 'log', sk: '0001' };

async function seed(context: ContractContext): Promise<void> {
  await context.store.write([
    { type: 'put', table: 'main', item: { ...A, balance: 100, version: 1 } },
    { type: 'put', table: 'main', item: { ...B, balance: 5, version: 1 } },
    { type: 'put', table: 'main', item: { ...C, balance: 0, version: 1 } },
  ]);
}

/** A transfer of `amount` from A to B, guarded the way the ledger guards one. */
function transfer(amount: number, expectedVersion: number): WriteOp[] {
  return [
    {
      type: 'update',
      table: 'main',
      key: A,
      update: { add: { balance: -amount, version: 1 } },
      condition: {
        kind: 'and',
        conditions: [
          { kind: 'compare', name: 'version', op: '=', value: expectedVersion },
          { kind: 'compare', name: 'balance', op: '>=', value: amount },
        ],
      },
    },
    { type: 'update', table: 'main', key: B, update: { add: { balance: amount } }, condition: { kind: 'itemExists' } },
    { type: 'check', table: 'main', key: C, condition: { kind: 'compare', name: 'balance', op: '=', value: 0 } },
    { type: 'put', table: 'main', item: { ...LOG, amount } as Item, condition: { kind: 'itemNotExists' } },
  ];
}

export function describeWriteContract(context: ContractContext): void {
  describe('atomic multi-item writes', () => {
    it('applies puts, updates, deletes and checks together', async () => {
      await seed(context);

      await context.store.write([...transfer(40, 1), { type: 'delete', table: 'main', key: { pk: 'x', sk: 'y' } }]);

      expect(await snapshot(context.store, [A, B, C, LOG])).toEqual([
        { ...A, balance: 60, version: 2 },
        { ...B, balance: 45, version: 1 },
        { ...C, balance: 0, version: 1 },
        { ...LOG, amount: 40 },
      ]);
    });

    it.each([
      ['the first op (stale version)', () => transfer(10, 7), 0],
      ['the first op (insufficient balance)', () => transfer(1_000, 1), 0],
      [
        'a check',
        () => transfer(10, 1).map((op): WriteOp =>
          op.type === 'check' ? { ...op, condition: { kind: 'compare', name: 'balance', op: '=', value: 999 } } : op,
        ),
        2,
      ],
      ['the last op (log entry exists)', () => transfer(10, 1), 3],
    ] as const)('writes nothing when %s fails, and reports its index', async (_label, ops, failedIndex) => {
      await seed(context);
      if (failedIndex === 3) await context.store.write([{ type: 'put', table: 'main', item: { ...LOG, amount: 1 } }]);
      const before = await snapshot(context.store, [A, B, C, LOG]);

      await expectConditionFailed(context.store.write([...ops()]), failedIndex);

      expect(await snapshot(context.store, [A, B, C, LOG])).toEqual(before);
    });

    it('writes nothing when a later op turns out invalid while being applied', async () => {
      await seed(context);
      await context.store.write([{ type: 'put', table: 'main', item: { ...C, balance: 0, label: 'text' } }]);
      const before = await snapshot(context.store, [A, B, C]);

      const error = await failureOf(
        context.store.write([
          { type: 'update', table: 'main', key: A, update: { add: { balance: -5 } } },
          { type: 'update', table: 'main', key: C, update: { add: { label: 1 } } },
        ]),
      );

      expect(error).toBeInstanceOf(InvalidStoreRequestError);
      expect(await snapshot(context.store, [A, B, C])).toEqual(before);
    });

    it('reports the first failing op when several fail', async () => {
      await seed(context);
      const ops = transfer(10, 1).map((op, index) =>
        index === 0 ? op : { ...op, condition: { kind: 'itemNotExists' as const } },
      );

      await expectConditionFailed(context.store.write(ops), 1);
    });

    it.each([
      ['two updates of one item', [{ type: 'update', table: 'main', key: A, update: { add: { n: 1 } } }, { type: 'update', table: 'main', key: A, update: { add: { n: 2 } } }]],
      ['a put and a delete of one item', [{ type: 'put', table: 'main', item: { ...A } }, { type: 'delete', table: 'main', key: A }]],
    ] as [string, WriteOp[]][])('rejects %s and writes nothing', async (_label, ops) => {
      const error = await failureOf(context.store.write(ops));

      expect(error).toBeInstanceOf(InvalidStoreRequestError);
      expect(await context.store.get('main', A)).toBeUndefined();
    });

    it('allows the same key in two tables in one write', async () => {
      await context.store.write([
        { type: 'put', table: 'main', item: { ...A, t: 'main' } },
        { type: 'put', table: 'breakers', item: { ...A, t: 'breakers' } },
      ]);

      expect(await context.store.get('breakers', A)).toEqual({ ...A, t: 'breakers' });
    });

    it(`accepts ${MAX_WRITE_ITEMS} ops and rejects ${MAX_WRITE_ITEMS + 1} without writing any`, async () => {
      const puts = (count: number, prefix: string): WriteOp[] =>
        Array.from({ length: count }, (_, i) => ({
          type: 'put',
          table: 'main',
          item: { pk: `${prefix}#${i}`, sk: 's' },
          condition: { kind: 'itemNotExists' },
        }));

      await context.store.write(puts(MAX_WRITE_ITEMS, 'ok'));
      const error = await failureOf(context.store.write(puts(MAX_WRITE_ITEMS + 1, 'big')));

      expect(error).toBeInstanceOf(InvalidStoreRequestError);
      expect(await context.store.get('main', { pk: `ok#${MAX_WRITE_ITEMS - 1}`, sk: 's' })).toBeDefined();
      expect(await context.store.get('main', { pk: 'big#0', sk: 's' })).toBeUndefined();
    });

    it('treats an empty write as a no-op', async () => {
      await expect(context.store.write([])).resolves.toBeUndefined();
    });

    it('accepts an idempotency token and rejects one longer than DynamoDB allows', async () => {
      await seed(context);

      await context.store.write(transfer(10, 1), { idempotencyToken: 'transfer-0001' });
      const error = await failureOf(context.store.write(transfer(10, 2), { idempotencyToken: 'x'.repeat(37) }));

      expect(error).toBeInstanceOf(InvalidStoreRequestError);
      expect(await context.store.get('main', A)).toEqual({ ...A, balance: 90, version: 2 });
    });
  });
}
