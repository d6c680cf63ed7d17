import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * FAULT INJECTION for DynamoDB clients — for failures a real server (dynalite) cannot produce on
 * demand: throttling, cancellation for a conflicting transaction, unprocessed batch keys.
 * Each fault is a named middleware on the client; `remove()` takes it off again.
 */
export interface InjectedFault {
  /** How many calls the fault has hit so far. */
  readonly hits: number;
  remove(): void;
}

export interface ErrorFault {
  /** SDK command name, e.g. 'GetItemCommand'. */
  commandName: string;
  error: () => Error;
  /**
   * 'deserialize' sits behind the SDK's retry middleware, so retryable errors are retried as on
   * the wire; 'initialize' sits in front of everything (needed for TransactWriteItems, which the
   * dynalite transaction helper answers at the build step).
   */
  step?: 'deserialize' | 'initialize';
}

let faults = 0;

/** Error shaped like DynamoDB's throttling answer (the SDK classifies it by name as throttling). */
export function throttlingError(): Error {
  return Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 1 },
  });
}

/** A transaction cancelled because another transaction touched the same item. */
export function transactionConflictError(): Error {
  return new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
  });
}

export function injectFault(client: DynamoDBClient, fault: ErrorFault): InjectedFault {
  const name = `injectedFault${(faults += 1)}`;
  let hits = 0;
  const matches = (commandName: string | undefined) => commandName === fault.commandName;
  if (fault.step === 'initialize') {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!matches(context.commandName)) return next(args);
        hits += 1;
        throw fault.error();
      },
      { step: 'initialize', name, priority: 'high' },
    );
  } else {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!matches(context.commandName)) return next(args);
        hits += 1;
        throw fault.error();
      },
      { step: 'deserialize', name, priority: 'high' },
    );
  }
  return {
    get hits() {
      return hits;
    },
    remove: () => void client.middlewareStack.remove(name),
  };
}

interface BatchGetShape {
  RequestItems?: Record<string, { Keys?: Record<string, unknown>[] }>;
  UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }>;
}

/**
 * Makes the next `times` BatchGetItem calls process only the first half of their keys and hand
 * the rest back as UnprocessedKeys, as DynamoDB does under load.
 */
export function injectUnprocessedKeys(client: DynamoDBClient, times: number): InjectedFault {
  const name = `injectedUnprocessedKeys${(faults += 1)}`;
  let hits = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchGetItemCommand' || hits >= times) return next(args);
      hits += 1;
      // Initialize step: DocumentClient input is still native JS here, and its output already is.
      const input = args.input as BatchGetShape;
      const [table, request] = Object.entries(input.RequestItems ?? {})[0] ?? [];
      const keys = request?.Keys ?? [];
      if (table === undefined || keys.length < 2) return next(args);
      const half = Math.ceil(keys.length / 2);
      const narrowed = { ...input, RequestItems: { [table]: { ...request, Keys: keys.slice(0, half) } } };
      const result = await next({ ...args, input: narrowed as typeof args.input });
      const output = result.output as BatchGetShape;
      output.UnprocessedKeys = { [table]: { ...request, Keys: keys.slice(half) } };
      return result;
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return {
    get hits() {
      return hits;
    },
    remove: () => void client.middlewareStack.remove(name),
  };
}
