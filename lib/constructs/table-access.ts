import { Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { TableDefinition } from '../../shared/store/tables.js';

/**
 * What the DynamoDB store adapter does to a table: item reads and writes, queries, batches and
 * the condition checks of TransactWriteItems (a transaction is authorized item by item).
 */
export const TABLE_READ_WRITE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

/**
 * What DynamoDB needs from the caller to use a customer-managed table key: the documented set
 * (Encrypt, Decrypt, DescribeKey and the ReEncrypt and GenerateDataKey families) with the
 * wildcards spelled out.
 */
export const TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
] as const;

/**
 * Read/write access to one table, its named indexes and its key. Unlike `Table.grantReadWriteData`
 * it names every index instead of `<table>/index/*`, spells out the KMS actions instead of
 * `kms:ReEncrypt*`/`kms:GenerateDataKey*`, and lets the key be used only through DynamoDB.
 */
export function grantTableReadWrite(grantee: IGrantable, table: ITable, definition: TableDefinition): void {
  const indexArns = Object.keys(definition.indexes).map((indexName) => `${table.tableArn}/index/${indexName}`);
  Grant.addToPrincipal({
    grantee,
    actions: [...TABLE_READ_WRITE_ACTIONS],
    resourceArns: [table.tableArn, ...indexArns],
  });
  if (table.encryptionKey) {
    const region = Stack.of(table).region;
    Grant.addToPrincipal({
      grantee,
      actions: [...TABLE_KEY_ACTIONS],
      resourceArns: [table.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } },
    });
  }
}

/** The reads of the DynamoDB store adapter (it never scans): items, batches and queries. */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

/** What DynamoDB needs from a reader to use a customer-managed table key. */
export const TABLE_READ_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;

/**
 * Read-only access to one table, its named indexes and its key (through DynamoDB only): for a
 * function that must never write, such as the cache warmer.
 */
export function grantTableRead(grantee: IGrantable, table: ITable, definition: TableDefinition): void {
  const indexArns = Object.keys(definition.indexes).map((indexName) => `${table.tableArn}/index/${indexName}`);
  Grant.addToPrincipal({
    grantee,
    actions: [...TABLE_READ_ACTIONS],
    resourceArns: [table.tableArn, ...indexArns],
  });
  if (table.encryptionKey) {
    const region = Stack.of(table).region;
    Grant.addToPrincipal({
      grantee,
      actions: [...TABLE_READ_KEY_ACTIONS],
      resourceArns: [table.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } },
    });
  }
}

/**
 * What a Lambda event source mapping needs from the execution role to poll a DynamoDB stream
 * (Lambda checks all four on the stream when the mapping is created).
 */
export const STREAM_READ_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
] as const;

/**
 * Read access to a table's stream: the four actions on that stream's ARN only. Unlike
 * `Table.grantStreamRead` it grants no `dynamodb:ListStreams` on `*` and no KMS access of its own:
 * stream records are encrypted with the table key, which the caller reaches through DynamoDB
 * (grant {@link grantTableReadWrite} as well).
 */
export function grantStreamRead(grantee: IGrantable, table: ITable): void {
  if (!table.tableStreamArn) {
    throw new Error(`Table ${table.node.path} has no stream; enable one in the data stack before subscribing to it`);
  }
  Grant.addToPrincipal({
    grantee,
    actions: [...STREAM_READ_ACTIONS],
    resourceArns: [table.tableStreamArn],
  });
}
