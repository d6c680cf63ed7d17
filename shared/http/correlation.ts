import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CORRELATION_HEADER } from './headers.js';

/** Only ids that are safe to echo into headers and logs are accepted from callers. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Caller's `x-correlation-id` when it is safe, else API Gateway's request id, else a new one. */
export function resolveCorrelationId(event: Pick<APIGatewayProxyEvent, 'headers' | 'requestContext'>): string {
  const headers = event.headers ?? {};
  const supplied = headers[CORRELATION_HEADER] ?? findHeader(headers, CORRELATION_HEADER);
  if (supplied !== undefined && SAFE_ID.test(supplied)) return supplied;
  const requestId = event.requestContext?.requestId;
  if (requestId && SAFE_ID.test(requestId)) return requestId;
  return randomUUID();
}

/** Case-insensitive header lookup: API Gateway keeps the caller's casing. */
export function findHeader(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
