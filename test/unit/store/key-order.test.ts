import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareUtf8, sortConditionHolds } from '../../../shared/store/key-order.js';

const sign = (n: number) => Math.sign(n);

describe('compareUtf8', () => {
  it('orders any two strings exactly as their UTF-8 bytes (DynamoDB and SQLite BINARY order)', () => {
    // fullUnicode strings mix BMP and supplementary characters, where UTF-16 order disagrees.
    const text = fc.string({ unit: 'grapheme', maxLength: 6 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(sign(compareUtf8(a, b))).toBe(sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 2_000 },
    );
  });

  it('puts a character above U+FFFF after U+E000–U+FFFF, unlike JavaScript string comparison', () => {
    expect(compareUtf8('😀', '\uFFFF')).toBe(1);
    expect('😀' < '\uFFFF').toBe(true);
    expect(compareUtf8('a', 'ab')).toBe(-1);
    expect(compareUtf8('same', 'same')).toBe(0);
  });
});

describe('sortConditionHolds', () => {
  it.each([
    [{ op: '=', value: 'b' }, 'b', true],
    [{ op: '=', value: 'b' }, 'ba', false],
    [{ op: '<', value: 'b' }, 'a', true],
    [{ op: '<', value: 'b' }, 'b', false],
    [{ op: '<=', value: 'b' }, 'b', true],
    [{ op: '>', value: '\uFFFF' }, '😀', true],
    [{ op: '>=', value: 'b' }, 'a', false],
    [{ op: 'between', from: 'b', to: 'c' }, 'c', true],
    [{ op: 'between', from: 'b', to: 'c' }, 'ca', false],
    [{ op: 'beginsWith', prefix: 'or' }, 'order#1', true],
    [{ op: 'beginsWith', prefix: 'or' }, 'o', false],
  ] as const)('%j on %j is %s', (condition, value, expected) => {
    expect(sortConditionHolds(condition, value)).toBe(expected);
  });
});
