import { InvalidCursorError } from '../store/errors.js';
import { InvalidPageCursorError } from './errors.js';

/** Page sizes: 1–100, 50 when not given. */
export const DEFAULT_PAGE_SIZE = 50;

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.min(100, Math.trunc(limit)));
}

/** The service's own cursors (where a page does not end on a store page): base64url JSON. */
export function encodePageCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodePageCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (error) {
    throw new InvalidPageCursorError({ cause: error });
  }
  throw new InvalidPageCursorError();
}

/** Store cursors are passed through; one the store rejects is the caller's bad cursor (400). */
export async function withStoreCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new InvalidPageCursorError({ cause: error });
    throw error;
  }
}
