import { InvalidStoreRequestError } from './errors.js';
import {
  MAX_BATCH_GET_KEYS,
  MAX_WRITE_ITEMS,
  type AttributeValue,
  type Condition,
  type ItemKey,
  type UpdateSpec,
  type WriteOp,
} from './port.js';
import { TABLES, type IndexDefinition, type TableDefinition, type TableName } from './tables.js';

/**
 * Request checks shared by both adapters, so that a request DynamoDB would reject with a
 * ValidationException is rejected identically (InvalidStoreRequestError) by SQLite, before any
 * I/O. Messages name attributes at most, never tables.
 */

/** DynamoDB's item size limit; we measure the JSON form, which slightly overestimates. */
export const MAX_ITEM_BYTES = 400 * 1024;
const MAX_PARTITION_KEY_BYTES = 2048;
const MAX_SORT_KEY_BYTES = 1024;
const MAX_IDEMPOTENCY_TOKEN_LENGTH = 36;

function invalid(message: string): never {
  throw new InvalidStoreRequestError(message);
}

/** The definition of a logical table; unknown names are a programming error the port forbids. */
export function tableDefinition(table: TableName): TableDefinition {
  if (typeof table !== 'string' || !Object.hasOwn(TABLES, table)) invalid('Unknown table');
  return TABLES[table];
}

export function indexDefinitions(definition: TableDefinition): [string, IndexDefinition][] {
  return Object.entries(definition.indexes);
}

/** Attributes that must hold a non-empty string whenever present: index keys (table keys are checked separately). */
function indexKeyAttributes(definition: TableDefinition): Set<string> {
  return new Set(indexDefinitions(definition).flatMap(([, index]) => [index.partitionKey, index.sortKey]));
}

function checkKeyString(value: unknown, maxBytes: number): void {
  if (typeof value !== 'string' || value.length === 0) invalid('Key attributes must be non-empty strings');
  if (Buffer.byteLength(value, 'utf8') > maxBytes) invalid('A key attribute is too long');
}

export function checkKey(key: ItemKey): void {
  if (typeof key !== 'object' || key === null) invalid('A key is required');
  checkKeyString(key.pk, MAX_PARTITION_KEY_BYTES);
  checkKeyString(key.sk, MAX_SORT_KEY_BYTES);
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Values both stores round-trip unchanged: JSON scalars, finite safe numbers, arrays, plain objects. */
export function checkValue(value: unknown): asserts value is AttributeValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    const safe = Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value));
    if (!safe) invalid('Numbers must be finite and, when integers, safe integers');
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((element) => checkValue(element));
    return;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    Object.values(value).forEach((element) => checkValue(element));
    return;
  }
  invalid('Unsupported attribute value');
}

function checkAttributeName(name: unknown): void {
  if (typeof name !== 'string' || name.length === 0) invalid('Attribute names must be non-empty strings');
}

export function checkCondition(condition: Condition): void {
  switch (condition.kind) {
    case 'itemExists':
    case 'itemNotExists':
      return;
    case 'attributeExists':
    case 'attributeNotExists':
      checkAttributeName(condition.name);
      return;
    case 'compare': {
      checkAttributeName(condition.name);
      const { value, op } = condition;
      if (!['=', '<>', '<', '<=', '>', '>='].includes(op)) invalid('Unknown comparison');
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        invalid('Comparison values must be strings, numbers or booleans');
      }
      checkValue(value);
      // DynamoDB has no order on booleans and rejects such a request outright.
      if (typeof value === 'boolean' && op !== '=' && op !== '<>') invalid('Booleans only compare with = and <>');
      return;
    }
    case 'and':
    case 'or':
      if (!Array.isArray(condition.conditions) || condition.conditions.length === 0) {
        invalid('and/or need at least one condition');
      }
      condition.conditions.forEach(checkCondition);
      return;
    default:
      invalid('Unknown condition');
  }
}

function checkItemAttributes(definition: TableDefinition, attributes: Record<string, unknown>): void {
  const indexKeys = indexKeyAttributes(definition);
  for (const [name, value] of Object.entries(attributes)) {
    checkAttributeName(name);
    if (value === undefined) continue; // dropped by both stores, like removeUndefinedValues
    checkValue(value);
    if (indexKeys.has(name) && (typeof value !== 'string' || value.length === 0)) {
      invalid(`Index key attribute ${name} must be a non-empty string`);
    }
  }
}

export function checkUpdate(definition: TableDefinition, update: UpdateSpec): void {
  const set = Object.entries(update.set ?? {});
  const add = Object.entries(update.add ?? {});
  const remove = update.remove ?? [];
  if (set.length + add.length + remove.length === 0) invalid('An update needs at least one action');
  const seen = new Set<string>();
  const tableKeys = new Set([definition.partitionKey, definition.sortKey]);
  const indexKeys = indexKeyAttributes(definition);
  for (const name of [...set.map(([n]) => n), ...add.map(([n]) => n), ...remove]) {
    checkAttributeName(name);
    if (tableKeys.has(name)) invalid('An update cannot change key attributes');
    if (seen.has(name)) invalid(`Attribute ${name} appears twice in one update`);
    seen.add(name);
  }
  for (const [name, value] of set) {
    if (value === undefined) invalid(`Attribute ${name} is set to undefined; use remove`);
  }
  checkItemAttributes(definition, Object.fromEntries(set));
  for (const [name, amount] of add) {
    if (indexKeys.has(name)) invalid(`Index key attribute ${name} cannot be added to`);
    if (typeof amount !== 'number') invalid('add takes numbers');
    checkValue(amount);
  }
}

function keyOf(op: WriteOp): ItemKey {
  return op.type === 'put' ? { pk: op.item.pk, sk: op.item.sk } : op.key;
}

/** Checks a whole atomic write; returns silently when every op is acceptable to both stores. */
export function validateWrite(ops: WriteOp[], idempotencyToken?: string): void {
  if (!Array.isArray(ops)) invalid('A write takes a list of operations');
  if (ops.length > MAX_WRITE_ITEMS) invalid(`A write holds at most ${MAX_WRITE_ITEMS} operations`);
  if (idempotencyToken !== undefined) {
    const ok = typeof idempotencyToken === 'string' && idempotencyToken.length > 0;
    if (!ok || idempotencyToken.length > MAX_IDEMPOTENCY_TOKEN_LENGTH) invalid('Invalid idempotency token');
  }
  const seen = new Set<string>();
  for (const op of ops) {
    const definition = tableDefinition(op.table);
    const key = keyOf(op);
    checkKey(key);
    const identity = JSON.stringify([op.table, key.pk, key.sk]);
    if (seen.has(identity)) invalid('A write cannot touch the same item twice');
    seen.add(identity);
    if (op.condition !== undefined) checkCondition(op.condition);
    switch (op.type) {
      case 'put':
        checkItemAttributes(definition, op.item);
        if (Buffer.byteLength(JSON.stringify(op.item), 'utf8') > MAX_ITEM_BYTES) invalid('The item is too large');
        break;
      case 'update':
        checkUpdate(definition, op.update);
        break;
      case 'delete':
        break;
      case 'check':
        if (op.condition === undefined) invalid('A check needs a condition');
        break;
      default:
        invalid('Unknown write operation');
    }
  }
}

export function validateBatchGet(table: TableName, keys: ItemKey[]): void {
  tableDefinition(table);
  if (!Array.isArray(keys)) invalid('batchGet takes a list of keys');
  if (keys.length > MAX_BATCH_GET_KEYS) invalid(`batchGet takes at most ${MAX_BATCH_GET_KEYS} keys`);
  keys.forEach(checkKey);
}
