import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../shared/store/cursor.js';
import { InvalidCursorError } from '../../../shared/store/errors.js';

const ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
const keyValue = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const key = fc.record({ pk: keyValue, sk: keyValue, gsi1pk: keyValue, gsi1sk: keyValue });

describe('pagination cursors', () => {
  it('decode to exactly the key they encode, and are URL-safe', () => {
    fc.assert(
      fc.property(key, (k) => {
        const cursor = encodeCursor(k);

        expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, ATTRIBUTES)).toEqual(k);
      }),
    );
  });

  it('reject any single-character edit', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(key, fc.nat(), fc.constantFrom(...alphabet), (k, at, replacement) => {
        const cursor = encodeCursor(k);
        const i = at % cursor.length;
        fc.pre(cursor[i] !== replacement);
        const edited = cursor.slice(0, i) + replacement + cursor.slice(i + 1);

        expect(() => decodeCursor(edited, ATTRIBUTES)).toThrow(InvalidCursorError);
      }),
    );
  });

  it.each([
    ['for other attributes', ['pk', 'sk']],
    ['for more attributes', [...ATTRIBUTES, 'gsi2pk']],
  ])('reject a genuine cursor checked %s', (_label, attributes) => {
    const cursor = encodeCursor({ pk: 'p', sk: 's', gsi1pk: 'g', gsi1sk: 'h' });

    expect(() => decodeCursor(cursor, attributes)).toThrow(InvalidCursorError);
  });

  it('reject cursors whose values are not non-empty strings', () => {
    for (const value of ['', 7, null]) {
      const cursor = encodeCursor({ pk: 'p', sk: value } as unknown as Record<string, string>);

      expect(() => decodeCursor(cursor, ['pk', 'sk'])).toThrow(InvalidCursorError);
    }
  });

  it('reject oversized input without parsing it', () => {
    expect(() => decodeCursor('A'.repeat(20_000), ['pk', 'sk'])).toThrow(InvalidCursorError);
  });
});
