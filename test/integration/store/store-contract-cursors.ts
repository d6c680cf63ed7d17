import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../../shared/store/errors.js';
import type { Query } from '../../../shared/store/port.js';
import { failureOf, putAll, type ContractContext } from './store-contract-helpers.js';

async function seedPages(context: ContractContext): Promise<void> {
  await putAll(
    context.store,
    Array.from({ length: 6 }, (_, n) => ({ pk: 'P', sk: `s${n}`, gsi1pk: 'G', gsi1sk: `g${n}` })),
  );
}

/** A valid cursor from the first page of `query`. */
async function firstCursor(context: ContractContext, query: Query): Promise<string> {
  const page = await context.store.query('main', { ...query, limit: 2 });
  if (page.cursor === undefined) return expect.fail('the first page should carry a cursor');
  return page.cursor;
}

function tamper(cursor: string): string {
  const i = Math.floor(cursor.length / 3);
  const replacement = cursor[i] === 'A' ? 'B' : 'A';
  return cursor.slice(0, i) + replacement + cursor.slice(i + 1);
}

export function describeCursorContract(context: ContractContext): void {
  describe('cursors', () => {
    it('resume a query where the previous page stopped', async () => {
      await seedPages(context);
      const cursor = await firstCursor(context, { partition: 'P' });

      const next = await context.store.query('main', { partition: 'P', limit: 2, cursor });

      expect(next.items.map((item) => item.sk)).toEqual(['s2', 's3']);
    });

    it.each([
      ['garbage', () => 'not-a-cursor'],
      ['empty', () => ''],
      ['base64 of something else', () => Buffer.from('{"pk":"P","sk":"s1"}').toString('base64url')],
    ])('rejects a cursor that is %s', async (_label, make) => {
      await seedPages(context);

      const error = await failureOf(context.store.query('main', { partition: 'P', cursor: make() }));

      expect(error).toBeInstanceOf(InvalidCursorError);
    });

    it('rejects an edited cursor', async () => {
      await seedPages(context);
      const cursor = await firstCursor(context, { partition: 'P' });

      const error = await failureOf(context.store.query('main', { partition: 'P', cursor: tamper(cursor) }));

      expect(error).toBeInstanceOf(InvalidCursorError);
    });

    it('rejects a cursor issued for another partition, index or sort range', async () => {
      await seedPages(context);
      await putAll(context.store, [{ pk: 'Q', sk: 's9' }]);
      const tableCursor = await firstCursor(context, { partition: 'P' });
      const indexCursor = await firstCursor(context, { index: 'gsi1', partition: 'G' });

      const misuses: Query[] = [
        { partition: 'Q', cursor: tableCursor },
        { index: 'gsi1', partition: 'G', cursor: tableCursor },
        { index: 'gsi2', partition: 'G', cursor: indexCursor },
        { partition: 'P', cursor: indexCursor },
        { partition: 'P', sort: { op: '>', value: 's3' }, cursor: tableCursor },
      ];

      for (const query of misuses) {
        expect(await failureOf(context.store.query('main', query)), JSON.stringify(query)).toBeInstanceOf(InvalidCursorError);
      }
    });
  });
}
