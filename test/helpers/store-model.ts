import fc from 'fast-check';
import { expect } from 'vitest';
import { ConditionFailedError } from '../../shared/store/errors.js';
import type {
  AttributeValue,
  Comparison,
  Condition,
  Item,
  ItemKey,
  ItemStore,
  UpdateSpec,
  WriteOp,
} from '../../shared/store/port.js';

/**
 * A deliberately naive reference model of the ItemStore's write semantics (DynamoDB's), written
 * independently of both adapters, plus fast-check generators of random writes over a tiny key
 * space. Property tests run the same random writes on an adapter and on the model and compare.
 */
export const MODEL_KEYS: ItemKey[] = [
  { pk: 'a', sk: '1' },
  { pk: 'a', sk: '2' },
  { pk: 'b', sk: '1' },
];
export const MODEL_INDEX_PARTITIONS = ['G1', 'G2'];

const keyId = (key: ItemKey) => `${key.pk}|${key.sk}`;
const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export class StoreModel {
  readonly items = new Map<string, Item>();

  get(key: ItemKey): Item | undefined {
    return this.items.get(keyId(key));
  }

  /** Returns the index of the first failing condition, or -1 after applying every op. */
  write(ops: WriteOp[]): number {
    const failed = ops.findIndex((op) => op.condition !== undefined && !holds(op.condition, this.get(keyOfOp(op))));
    if (failed >= 0) return failed;
    for (const op of ops) {
      const key = keyOfOp(op);
      if (op.type === 'put') this.items.set(keyId(key), { ...op.item });
      if (op.type === 'delete') this.items.delete(keyId(key));
      if (op.type === 'update') this.items.set(keyId(key), updated(this.get(key) ?? { ...key }, op.update));
    }
    return -1;
  }

  /** Items in gsi1 under `partition`, in index order (ties by table key). */
  indexMembers(partition: string): Item[] {
    return [...this.items.values()]
      .filter((item) => item.gsi1pk === partition && typeof item.gsi1sk === 'string')
      .sort((x, y) => bytes(String(x.gsi1sk), String(y.gsi1sk)) || bytes(x.pk, y.pk) || bytes(x.sk, y.sk));
  }
}

function keyOfOp(op: WriteOp): ItemKey {
  return op.type === 'put' ? { pk: op.item.pk, sk: op.item.sk } : op.key;
}

function updated(item: Item, update: UpdateSpec): Item {
  const next: Item = { ...item, ...(update.set ?? {}) };
  for (const [name, amount] of Object.entries(update.add ?? {})) next[name] = Number(next[name] ?? 0) + amount;
  for (const name of update.remove ?? []) delete next[name];
  return next;
}

function compare(actual: AttributeValue | undefined, op: Comparison, expected: string | number | boolean): boolean {
  if (actual === undefined || typeof actual !== typeof expected) return op === '<>';
  const order =
    typeof actual === 'string' ? bytes(actual, String(expected)) : typeof actual === 'number' ? actual - Number(expected) : 0;
  const same = actual === expected;
  return { '=': same, '<>': !same, '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[op];
}

function holds(condition: Condition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'itemExists': return item !== undefined;
    case 'itemNotExists': return item === undefined;
    case 'attributeExists': return item?.[condition.name] !== undefined;
    case 'attributeNotExists': return item?.[condition.name] === undefined;
    case 'compare': return compare(item?.[condition.name], condition.op, condition.value);
    case 'and': return condition.conditions.every((c) => holds(c, item));
    case 'or': return condition.conditions.some((c) => holds(c, item));
  }
}

// ---- generators -------------------------------------------------------------------------------

const numberValue = fc.integer({ min: -3, max: 3 });
const indexPartition = fc.constantFrom(...MODEL_INDEX_PARTITIONS);
const indexSort = fc.constantFrom('x', 'y', 'é');

/** The strings random writes store, and those their conditions compare against. */
export interface StringProfile {
  readonly stored: string[];
  readonly compared: string[];
}

export const MODEL_STRINGS: StringProfile = {
  stored: ['', 'a', 'b', 'é', '\uE000', '😀'],
  compared: ['a', 'b', 'é', '\uE000', '😀'],
};

/**
 * dynalite differs from DynamoDB in two places, so runs on it narrow the strings:
 * - it compares strings by UTF-16 code units, not UTF-8 bytes; the two orders disagree only
 *   between U+E000–U+FFFF and characters above U+FFFF, so one side of that pair is left out;
 * - once its comparison code is optimised in a long-lived vitest worker, an empty stored string
 *   sometimes compares as not-less-than anything (seen on Node 20.20: `"" < "😀"` evaluating
 *   false inside dynalite's compare for seed -1554819630, true when the same call is made alone),
 *   so no empty strings are stored there. The SQLite run keeps both cases.
 */
export const DYNALITE_STRINGS: StringProfile = {
  stored: ['a', 'b', 'é', '😀'],
  compared: ['a', 'b', 'é', '😀'],
};

function leafCondition(strings: string[]): fc.Arbitrary<Condition> {
  return fc.oneof(
    fc.constantFrom<Condition>({ kind: 'itemExists' }, { kind: 'itemNotExists' }),
    fc.record({ kind: fc.constantFrom('attributeExists' as const, 'attributeNotExists' as const), name: fc.constantFrom('n', 's', 'gsi1sk') }),
    fc.record({
      kind: fc.constant('compare' as const),
      name: fc.constantFrom('n', 's'),
      op: fc.constantFrom<Comparison>('=', '<>', '<', '<=', '>', '>='),
      value: fc.oneof(numberValue, fc.constantFrom(...strings)),
    }),
  );
}

function conditionArbitrary(strings: string[]): fc.Arbitrary<Condition> {
  const leaf = leafCondition(strings);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constantFrom('and' as const, 'or' as const),
        conditions: fc.array(leaf, { minLength: 1, maxLength: 3 }),
      }),
    },
  );
}

function updateArbitrary(stored: string[]): fc.Arbitrary<UpdateSpec> {
  return fc
    .record({
      set: fc.record(
        { s: fc.constantFrom(...stored), flag: fc.boolean(), gsi1pk: indexPartition, gsi1sk: indexSort },
        { requiredKeys: [] },
      ),
      add: fc.record({ n: numberValue, counter: numberValue }, { requiredKeys: [] }),
      remove: fc.subarray(['gsi1sk', 'flag', 'absent']),
    })
    .map(({ set, add, remove }) => ({ set, add, remove: remove.filter((name) => !(name in set)) }))
    .filter((u) => Object.keys(u.set).length + Object.keys(u.add).length + u.remove.length > 0);
}

function opArbitrary(key: ItemKey, strings: StringProfile): fc.Arbitrary<WriteOp> {
  const conditions = conditionArbitrary(strings.compared);
  const condition = fc.option(conditions, { nil: undefined });
  // Attributes with fixed types, so `add` only ever meets numbers (type errors are tested elsewhere).
  const attributes = fc.record(
    { n: numberValue, s: fc.constantFrom(...strings.stored), flag: fc.boolean(), gsi1pk: indexPartition, gsi1sk: indexSort },
    { requiredKeys: [] },
  );
  const withCondition = <T extends WriteOp>(op: T, c: Condition | undefined): T => (c === undefined ? op : { ...op, condition: c });
  return fc.oneof(
    fc.tuple(attributes, condition).map(([attrs, c]) => withCondition<WriteOp>({ type: 'put', table: 'main', item: { ...key, ...attrs } }, c)),
    fc.tuple(updateArbitrary(strings.stored), condition).map(([update, c]) => withCondition<WriteOp>({ type: 'update', table: 'main', key, update }, c)),
    condition.map((c) => withCondition<WriteOp>({ type: 'delete', table: 'main', key }, c)),
    conditions.map((c): WriteOp => ({ type: 'check', table: 'main', key, condition: c })),
  );
}

/** One atomic write: 1–3 ops on distinct keys. */
export function writeArbitrary(strings: StringProfile = MODEL_STRINGS): fc.Arbitrary<WriteOp[]> {
  return fc
    .shuffledSubarray(MODEL_KEYS, { minLength: 1, maxLength: MODEL_KEYS.length })
    .chain((keys) => fc.tuple(...keys.map((key) => opArbitrary(key, strings))));
}

/**
 * Applies `writes` to the store and the model one by one and asserts after each that they agree:
 * the same op failed (same failedIndex) or all applied, every item is identical, and gsi1 holds
 * the same items in the same sort-key order (ties on a GSI have no defined order in DynamoDB).
 */
export async function expectStoreMatchesModel(store: ItemStore, writes: WriteOp[][]): Promise<void> {
  const model = new StoreModel();
  for (const ops of writes) {
    const expectedFailure = model.write(ops);
    let actualFailure = -1;
    try {
      await store.write(ops);
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      actualFailure = error.failedIndex ?? -2;
    }
    expect(actualFailure, JSON.stringify(ops)).toBe(expectedFailure);
    for (const key of MODEL_KEYS) expect(await store.get('main', key)).toEqual(model.get(key));
    for (const partition of MODEL_INDEX_PARTITIONS) {
      const { items } = await store.query('main', { index: 'gsi1', partition });
      const expected = model.indexMembers(partition);
      expect(items.map((item) => item.gsi1sk)).toEqual(expected.map((item) => item.gsi1sk));
      expect(items.map(keyId).sort()).toEqual(expected.map(keyId).sort());
    }
  }
}
