import type { SortKeyCondition } from './port.js';

/**
 * Compares two strings in UTF-8 byte order, which is how DynamoDB orders and compares strings
 * (and how SQLite's BINARY collation orders UTF-8 text). JavaScript's `<` compares UTF-16 code
 * units instead, which disagrees for characters above U+FFFF versus U+E000–U+FFFF.
 *
 * Code point order equals UTF-8 byte order, so no encoding is needed: at the first differing
 * code unit, a surrogate (part of a code point above U+FFFF) sorts after any non-surrogate.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Whether a sort-key value satisfies a key condition, with DynamoDB's byte-order semantics. */
export function sortConditionHolds(condition: SortKeyCondition, value: string): boolean {
  switch (condition.op) {
    case '=':
      return value === condition.value;
    case '<':
      return compareUtf8(value, condition.value) < 0;
    case '<=':
      return compareUtf8(value, condition.value) <= 0;
    case '>':
      return compareUtf8(value, condition.value) > 0;
    case '>=':
      return compareUtf8(value, condition.value) >= 0;
    case 'between':
      return compareUtf8(value, condition.from) >= 0 && compareUtf8(value, condition.to) <= 0;
    case 'beginsWith':
      return value.startsWith(condition.prefix);
  }
}
