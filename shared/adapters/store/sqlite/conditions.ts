import { InvalidStoreRequestError } from '../../../store/errors.js';
import { compareUtf8 } from '../../../store/key-order.js';
import type { AttributeValue, Comparison, Condition, Item, ItemKey, UpdateSpec } from '../../../store/port.js';

/**
 * DynamoDB's condition and update semantics, evaluated in JS against the current item inside the
 * SQLite write transaction. Every rule here mirrors what DynamoDB (and dynalite) do, because the
 * same repositories run on both stores.
 */

type Scalar = string | number | boolean;

function typeOf(value: AttributeValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value; // 'string' | 'number' | 'boolean' | 'object' (a map)
}

function equalValues(a: AttributeValue, b: AttributeValue): boolean {
  if (typeOf(a) !== typeOf(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((element, i) => equalValues(element, b[i] as AttributeValue));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const aEntries = Object.entries(a);
    const bMap = b as Record<string, AttributeValue>;
    return (
      aEntries.length === Object.keys(bMap).length &&
      aEntries.every(([name, value]) => Object.hasOwn(bMap, name) && equalValues(value, bMap[name] as AttributeValue))
    );
  }
  return a === b;
}

/**
 * One comparison. DynamoDB: a missing attribute or a value of another type makes every
 * comparison false except `<>`, which is then true; strings order by UTF-8 bytes; booleans only
 * support = and <> (validation rejects the rest before we get here).
 */
export function compareAttribute(actual: AttributeValue | undefined, op: Comparison, expected: Scalar): boolean {
  if (actual === undefined || typeOf(actual) !== typeof expected) return op === '<>';
  if (op === '=') return equalValues(actual, expected);
  if (op === '<>') return !equalValues(actual, expected);
  let order: number;
  if (typeof actual === 'string' && typeof expected === 'string') order = compareUtf8(actual, expected);
  else if (typeof actual === 'number' && typeof expected === 'number') order = actual - expected;
  else return false;
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function attribute(item: Item | undefined, name: string): AttributeValue | undefined {
  if (item === undefined || !Object.hasOwn(item, name)) return undefined;
  return item[name];
}

/** Evaluates a condition against the current item (undefined when the item does not exist). */
export function evaluateCondition(condition: Condition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'itemExists':
      return item !== undefined;
    case 'itemNotExists':
      return item === undefined;
    case 'attributeExists':
      return attribute(item, condition.name) !== undefined;
    case 'attributeNotExists':
      return attribute(item, condition.name) === undefined;
    case 'compare':
      return compareAttribute(attribute(item, condition.name), condition.op, condition.value);
    case 'and':
      return condition.conditions.every((c) => evaluateCondition(c, item));
    case 'or':
      return condition.conditions.some((c) => evaluateCondition(c, item));
  }
}

/**
 * The item after an update: an upsert starting from the key alone when the item is absent;
 * `add` treats an absent attribute as 0 and, like DynamoDB, refuses to add to a non-number.
 */
export function applyUpdate(current: Item | undefined, key: ItemKey, update: UpdateSpec): Item {
  const next: Item = current === undefined ? { pk: key.pk, sk: key.sk } : structuredClone(current);
  for (const [name, value] of Object.entries(update.set ?? {})) {
    next[name] = structuredClone(value);
  }
  for (const [name, amount] of Object.entries(update.add ?? {})) {
    const existing = attribute(next, name);
    if (existing !== undefined && typeof existing !== 'number') {
      throw new InvalidStoreRequestError(`Cannot add to attribute ${name}: it is not a number`);
    }
    next[name] = (existing ?? 0) + amount;
  }
  for (const name of update.remove ?? []) {
    delete next[name];
  }
  return next;
}

/** A put stores the item as given, minus top-level undefined values (as removeUndefinedValues does). */
export function normalizeItem(item: Item): Item {
  return JSON.parse(JSON.stringify(item)) as Item;
}
