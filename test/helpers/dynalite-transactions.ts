import {
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';

/**
 * TEST HELPER — dynalite has no TransactWriteItems (SPEC §2), so this middleware stands in for it
 * on a DynamoDB client pointed at dynalite. It:
 *   (a) checks the request shape DynamoDB enforces (1–100 items, no two on the same item, token
 *       length) and records every request for assertions (items, ClientRequestToken);
 *   (b) evaluates each item's ConditionExpression *by dynalite itself*, as an UpdateItem with the
 *       same condition and a no-op `REMOVE` of an attribute that never exists (deleting the item
 *       again if that upsert created it), and throws a real TransactionCanceledException with
 *       per-item CancellationReasons when any condition fails;
 *   (c) otherwise applies each item as its single Put/Update/Delete, restoring the earlier
 *       versions if one of them fails (e.g. a type error in an update expression).
 * It is not atomic under concurrency; atomicity is proven on SQLite by the multi-process test.
 */
export interface RecordedTransaction {
  readonly items: TransactWriteItem[];
  readonly clientRequestToken: string | undefined;
}

export interface DynaliteTransactions {
  /** Every TransactWriteItems request the client sent, in order. */
  readonly requests: RecordedTransaction[];
  uninstall(): void;
}

type Key = Record<string, AttributeValue>;
type Body = NonNullable<TransactWriteItem[keyof TransactWriteItem]> & { TableName: string | undefined };

const MIDDLEWARE_NAME = 'dynaliteTransactWriteItems';
const NOOP_NAME = '#dynaliteTransactionsNoop';
const NOOP_ATTRIBUTE = '__dynalite_transactions_never_set__';

function validationError(message: string): Error {
  return Object.assign(new Error(message), { name: 'ValidationException', $fault: 'client', $metadata: {} });
}

function bodyOf(item: TransactWriteItem): Body {
  const body = item.ConditionCheck ?? item.Put ?? item.Update ?? item.Delete;
  const kinds = [item.ConditionCheck, item.Put, item.Update, item.Delete].filter((b) => b !== undefined);
  if (body === undefined || kinds.length !== 1) throw validationError('Each TransactItem needs exactly one action');
  return body as Body;
}

/** Keeps only the placeholders an expression uses: DynamoDB rejects unused ones. */
function usedBy(expression: string, names: Record<string, string> = {}, values: Key = {}) {
  const used = (placeholder: string) => expression.includes(placeholder);
  const pick = <T>(map: Record<string, T>) => Object.fromEntries(Object.entries(map).filter(([p]) => used(p)));
  return { names: pick(names), values: pick(values) };
}

function cancelled(codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) =>
      Code === 'None' ? { Code } : { Code, Message: 'The conditional request failed' },
    ),
  });
}

export function installDynaliteTransactions(client: DynamoDBClient): DynaliteTransactions {
  const requests: RecordedTransaction[] = [];
  const keySchemas = new Map<string, string[]>();

  async function keyOf(body: Body): Promise<Key> {
    const table = body.TableName ?? '';
    let attributes = keySchemas.get(table);
    if (attributes === undefined) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
      attributes = (Table?.KeySchema ?? []).map((k) => k.AttributeName ?? '');
      keySchemas.set(table, attributes);
    }
    const source = ('Item' in body ? body.Item : body.Key) ?? {};
    return Object.fromEntries(attributes.map((a) => [a, source[a] as AttributeValue]));
  }

  async function conditionHolds(body: Body, key: Key): Promise<boolean> {
    const condition = body.ConditionExpression;
    if (condition === undefined) return true;
    const { names, values } = usedBy(condition, body.ExpressionAttributeNames, body.ExpressionAttributeValues);
    try {
      const { Attributes } = await client.send(
        new UpdateItemCommand({
          TableName: body.TableName,
          Key: key,
          ConditionExpression: condition,
          UpdateExpression: `REMOVE ${NOOP_NAME}`,
          ExpressionAttributeNames: { ...names, [NOOP_NAME]: NOOP_ATTRIBUTE },
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
          ReturnValues: 'ALL_OLD',
        }),
      );
      // UpdateItem upserts: if the item did not exist, the probe just created it — undo that.
      if (Attributes === undefined) await client.send(new DeleteItemCommand({ TableName: body.TableName, Key: key }));
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async function apply(item: TransactWriteItem): Promise<void> {
    if (item.Put) await client.send(new PutItemCommand(item.Put));
    else if (item.Update) await client.send(new UpdateItemCommand(item.Update));
    else if (item.Delete) await client.send(new DeleteItemCommand(item.Delete));
  }

  async function transact(input: TransactWriteItemsCommandInput): Promise<void> {
    const items = input.TransactItems ?? [];
    requests.push({ items, clientRequestToken: input.ClientRequestToken });
    if (items.length === 0 || items.length > 100) throw validationError('TransactItems must hold 1 to 100 items');
    if (input.ClientRequestToken !== undefined && input.ClientRequestToken.length > 36) {
      throw validationError('ClientRequestToken is longer than 36 characters');
    }
    const bodies = items.map(bodyOf);
    const keys = await Promise.all(bodies.map(keyOf));
    const identities = bodies.map((body, i) => JSON.stringify([body.TableName, keys[i]]));
    if (new Set(identities).size !== identities.length) {
      throw validationError('Transaction request cannot include multiple operations on one item');
    }
    const codes: string[] = [];
    for (const [i, body] of bodies.entries()) {
      codes.push((await conditionHolds(body, keys[i] ?? {})) ? 'None' : 'ConditionalCheckFailed');
    }
    if (codes.includes('ConditionalCheckFailed')) throw cancelled(codes);

    const before = await Promise.all(
      bodies.map((body, i) => client.send(new GetItemCommand({ TableName: body.TableName, Key: keys[i], ConsistentRead: true }))),
    );
    for (const [i, item] of items.entries()) {
      try {
        await apply(item);
      } catch (error) {
        for (const [j, body] of bodies.entries()) {
          const old = before[j]?.Item;
          if (old) await client.send(new PutItemCommand({ TableName: body.TableName, Item: old }));
          else await client.send(new DeleteItemCommand({ TableName: body.TableName, Key: keys[j] }));
        }
        const reasons = items.map((_, j) => (j === i ? 'ValidationError' : 'None'));
        throw Object.assign(cancelled(reasons), { cause: error });
      }
    }
  }

  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      // By the build step lib-dynamodb has marshalled the input, so this sees wire-format items.
      await transact(args.input as TransactWriteItemsCommandInput);
      return { output: { $metadata: { httpStatusCode: 200 } }, response: {} } as Awaited<ReturnType<typeof next>>;
    },
    { step: 'build', name: MIDDLEWARE_NAME, priority: 'high' },
  );
  return { requests, uninstall: () => void client.middlewareStack.remove(MIDDLEWARE_NAME) };
}
