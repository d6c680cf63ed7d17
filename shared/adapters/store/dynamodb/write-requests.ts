import {
  DeleteCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { WriteOp } from '../../../store/port.js';
import type { TableName } from '../../../store/tables.js';
import { tableDefinition } from '../../../store/validation.js';
import { ExpressionBuilder } from './expressions.js';

/** One element of TransactWriteItems, in DocumentClient (native JS value) form. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The physical-name lookup; physical names stay inside this adapter and never reach an error message. */
export type TableNameResolver = (table: TableName) => string;

interface Parts {
  TableName: string;
  Key?: Record<string, unknown>;
  ConditionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

function partsOf(op: WriteOp, physical: TableNameResolver): Parts {
  const definition = tableDefinition(op.table);
  const builder = new ExpressionBuilder();
  const parts: Parts = { TableName: physical(op.table) };
  if (op.type !== 'put') parts.Key = { [definition.partitionKey]: op.key.pk, [definition.sortKey]: op.key.sk };
  if (op.type === 'update') parts.UpdateExpression = builder.update(op.update);
  if (op.condition !== undefined) parts.ConditionExpression = builder.condition(op.condition, definition);
  return { ...parts, ...builder.attributes() };
}

/** The TransactWriteItems element for an op. */
export function toTransactItem(op: WriteOp, physical: TableNameResolver): TransactItem {
  const parts = partsOf(op, physical);
  switch (op.type) {
    case 'put':
      return { Put: { ...parts, Item: op.item } };
    case 'update':
      return { Update: { ...parts, Key: parts.Key ?? {}, UpdateExpression: parts.UpdateExpression ?? '' } };
    case 'delete':
      return { Delete: { ...parts, Key: parts.Key ?? {} } };
    case 'check':
      return { ConditionCheck: { ...parts, Key: parts.Key ?? {}, ConditionExpression: parts.ConditionExpression ?? '' } };
  }
}

/**
 * Sends a lone put/update/delete as its single-item command: cheaper than a one-item transaction
 * (half the write capacity) and equally atomic. A lone `check` has no single-item form, so the
 * caller sends it as a one-item transaction instead.
 */
export async function sendSingle(
  documents: DynamoDBDocumentClient,
  op: Exclude<WriteOp, { type: 'check' }>,
  physical: TableNameResolver,
): Promise<void> {
  const parts = partsOf(op, physical);
  switch (op.type) {
    case 'put':
      await documents.send(new PutCommand({ ...parts, Item: op.item }));
      return;
    case 'update':
      await documents.send(new UpdateCommand({ ...parts, Key: parts.Key ?? {}, UpdateExpression: parts.UpdateExpression ?? '' }));
      return;
    case 'delete':
      await documents.send(new DeleteCommand({ ...parts, Key: parts.Key ?? {} }));
      return;
  }
}
