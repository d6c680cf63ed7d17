/**
 * A stubbed AWS transport: the SDK client is real (serialisation, signing, retries, error
 * deserialisation all run), only the HTTP round trip is answered here, because no KMS or Secrets
 * Manager is reachable from this machine. Speaks the AWS JSON 1.1 protocol both services use.
 */
export interface StubbedCall {
  /** The X-Amz-Target operation, e.g. `TrentService.Decrypt`. */
  readonly operation: string;
  /** The request body as the service would receive it. */
  readonly input: Record<string, unknown>;
}

export type StubAnswer =
  | { readonly status?: 200; readonly body: Record<string, unknown> }
  | { readonly status: number; readonly error: string; readonly message?: string };

export interface StubbedTransport {
  /** Pass as the client's `requestHandler`. */
  readonly requestHandler: { handle(request: { headers: Record<string, string>; body?: unknown }): Promise<{ response: unknown }> };
  /** Every request the client sent, in order. */
  readonly calls: StubbedCall[];
}

const bodyText = (body: unknown): string => {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new Error(`unexpected request body type ${typeof body}`);
};

/** A transport that hands each request to `answer`; a thrown error is a network failure. */
export function stubAwsJsonTransport(answer: (call: StubbedCall) => StubAnswer): StubbedTransport {
  const calls: StubbedCall[] = [];
  return {
    calls,
    requestHandler: {
      async handle(request) {
        const target = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1] ?? '';
        const call: StubbedCall = { operation: target, input: JSON.parse(bodyText(request.body)) as Record<string, unknown> };
        calls.push(call);
        const reply = answer(call);
        const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `stub-${calls.length}` };
        const body = 'error' in reply ? { __type: reply.error, message: reply.message ?? reply.error } : reply.body;
        return { response: { statusCode: reply.status ?? 200, headers, body: Buffer.from(JSON.stringify(body), 'utf8') } };
      },
    },
  };
}

/** Credentials that only need to look real to the signer: nothing leaves the process. */
export const STUB_CLIENT_CONFIG = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIASTUBBEDTRANSPORT', secretAccessKey: 'stubbed-transport-secret' },
  maxAttempts: 1,
} as const;
