import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface DynamoDbClientOptions {
  region: string;
  /** Any DynamoDB-compatible endpoint (`DYNAMODB_ENDPOINT`); omit for AWS. */
  endpoint?: string | undefined;
  /** Static credentials, e.g. dummy ones for a local endpoint; omit to use the default provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  /** TCP connect timeout. Default 1000 ms: within a region a connection takes a few ms. */
  connectionTimeoutMs?: number;
  /** Whole-request timeout. Default 3000 ms, well below the Lambda timeout so we can answer 503. */
  requestTimeoutMs?: number;
  /** Attempts per call including the first (the SDK backs off between them). Default 3. */
  maxAttempts?: number;
}

/**
 * Creates the low-level client with bounded timeouts and retries: without them a stalled TCP
 * connection would hold a Lambda until its own timeout instead of failing fast with a 503.
 */
export function createDynamoDbClient(options: DynamoDbClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs ?? 3_000,
    },
  });
}
