import type { AttributeValue, Condition, SortKeyCondition, UpdateSpec } from '../../../store/port.js';
import type { TableDefinition } from '../../../store/tables.js';

/**
 * Builds DynamoDB expressions from the port's Condition / UpdateSpec / key conditions. Every
 * attribute name becomes a `#nN` placeholder and every value a `:vN` placeholder, so no caller
 * data is ever spliced into expression text (and reserved words need no special casing).
 */
export class ExpressionBuilder {
  readonly #names = new Map<string, string>();
  readonly #values: Record<string, unknown> = {};
  #valueCount = 0;

  name(attribute: string): string {
    let placeholder = this.#names.get(attribute);
    if (placeholder === undefined) {
      placeholder = `#n${this.#names.size}`;
      this.#names.set(attribute, placeholder);
    }
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.#valueCount}`;
    this.#valueCount += 1;
    this.#values[placeholder] = value;
    return placeholder;
  }

  condition(condition: Condition, table: TableDefinition): string {
    switch (condition.kind) {
      case 'itemExists':
        return `attribute_exists(${this.name(table.partitionKey)})`;
      case 'itemNotExists':
        return `attribute_not_exists(${this.name(table.partitionKey)})`;
      case 'attributeExists':
        return `attribute_exists(${this.name(condition.name)})`;
      case 'attributeNotExists':
        return `attribute_not_exists(${this.name(condition.name)})`;
      case 'compare':
        return `${this.name(condition.name)} ${condition.op} ${this.value(condition.value)}`;
      case 'and':
      case 'or': {
        const joiner = condition.kind === 'and' ? ' AND ' : ' OR ';
        return `(${condition.conditions.map((c) => this.condition(c, table)).join(joiner)})`;
      }
    }
  }

  update(update: UpdateSpec): string {
    const clauses: string[] = [];
    const set = Object.entries(update.set ?? {}).map(([n, v]) => `${this.name(n)} = ${this.value(v)}`);
    if (set.length > 0) clauses.push(`SET ${set.join(', ')}`);
    // ADD on an absent attribute starts from 0, which is the port's `add` semantics.
    const add = Object.entries(update.add ?? {}).map(([n, v]) => `${this.name(n)} ${this.value(v)}`);
    if (add.length > 0) clauses.push(`ADD ${add.join(', ')}`);
    const remove = (update.remove ?? []).map((n) => this.name(n));
    if (remove.length > 0) clauses.push(`REMOVE ${remove.join(', ')}`);
    return clauses.join(' ');
  }

  keyCondition(partitionAttribute: string, partition: string, sortAttribute: string, sort?: SortKeyCondition): string {
    const partitionClause = `${this.name(partitionAttribute)} = ${this.value(partition)}`;
    if (sort === undefined) return partitionClause;
    const s = this.name(sortAttribute);
    switch (sort.op) {
      case 'between':
        return `${partitionClause} AND ${s} BETWEEN ${this.value(sort.from)} AND ${this.value(sort.to)}`;
      case 'beginsWith':
        return `${partitionClause} AND begins_with(${s}, ${this.value(sort.prefix)})`;
      default:
        return `${partitionClause} AND ${s} ${sort.op} ${this.value(sort.value)}`;
    }
  }

  /** Placeholder maps to spread into a command; empty maps are omitted because DynamoDB rejects them. */
  attributes(): {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, AttributeValue>;
  } {
    const names = Object.fromEntries([...this.#names].map(([attribute, placeholder]) => [placeholder, attribute]));
    return {
      ...(this.#names.size > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(this.#valueCount > 0 ? { ExpressionAttributeValues: this.#values as Record<string, AttributeValue> } : {}),
    };
  }
}
