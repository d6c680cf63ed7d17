import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionBuilder } from '../../../shared/adapters/store/dynamodb/expressions.js';
import type { Condition } from '../../../shared/store/port.js';
import { TABLES } from '../../../shared/store/tables.js';

const attributeName = fc.string({ minLength: 1, maxLength: 12 });
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean());

describe('ExpressionBuilder', () => {
  it('translates every condition kind with placeholders only', () => {
    const builder = new ExpressionBuilder();
    const condition: Condition = {
      kind: 'and',
      conditions: [
        { kind: 'itemExists' },
        { kind: 'or', conditions: [{ kind: 'attributeNotExists', name: 'lock' }, { kind: 'compare', name: 'version', op: '<=', value: 3 }] },
        { kind: 'attributeExists', name: 'lock' },
      ],
    };

    const expression = builder.condition(condition, TABLES.main);

    expect(expression).toBe('(attribute_exists(#n0) AND (attribute_not_exists(#n1) OR #n2 <= :v0) AND attribute_exists(#n1))');
    expect(builder.attributes()).toEqual({
      ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'lock', '#n2': 'version' },
      ExpressionAttributeValues: { ':v0': 3 },
    });
  });

  it('translates set, add and remove into one update expression', () => {
    const builder = new ExpressionBuilder();

    expect(builder.update({ set: { a: 1, b: 'x' }, add: { c: -2 }, remove: ['d'] })).toBe('SET #n0 = :v0, #n1 = :v1 ADD #n2 :v2 REMOVE #n3');
  });

  it('translates every sort-key condition of a query', () => {
    const cases = [
      [undefined, '#n0 = :v0'],
      [{ op: '>=', value: 'b' }, '#n0 = :v0 AND #n1 >= :v1'],
      [{ op: 'between', from: 'a', to: 'c' }, '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2'],
      [{ op: 'beginsWith', prefix: 'o#' }, '#n0 = :v0 AND begins_with(#n1, :v1)'],
    ] as const;

    for (const [sort, expected] of cases) {
      expect(new ExpressionBuilder().keyCondition('gsi1pk', 'p', 'gsi1sk', sort)).toBe(expected);
    }
  });

  it('omits empty placeholder maps, which DynamoDB rejects', () => {
    const builder = new ExpressionBuilder();
    builder.update({ remove: ['a'] });

    expect(builder.attributes()).toEqual({ ExpressionAttributeNames: { '#n0': 'a' } });
  });

  it('never copies a name or value into expression text, whatever it contains', () => {
    fc.assert(
      fc.property(attributeName, scalar, attributeName, scalar, (name, value, otherName, otherValue) => {
        const builder = new ExpressionBuilder();

        const update = builder.update({ set: { [name]: value }, add: { [`${otherName}+`]: 1 } });
        const condition = builder.condition({ kind: 'compare', name: otherName, op: '<>', value: otherValue }, TABLES.main);

        for (const text of [update, condition]) expect(text).toMatch(/^(?:[A-Z_a-z(),=<> ]|#n\d+|:v\d+)+$/);
        const { ExpressionAttributeNames: names = {}, ExpressionAttributeValues: values = {} } = builder.attributes();
        expect(Object.values(names)).toEqual(expect.arrayContaining([name, otherName]));
        expect(Object.values(values)).toEqual([value, 1, otherValue]);
      }),
    );
  });
});
