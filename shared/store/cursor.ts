import { createHash } from 'node:crypto';
import { InvalidCursorError } from './errors.js';

/**
 * The pagination cursor both adapters issue: the last returned item's key attributes (table key,
 * plus the index key on a GSI) as base64url JSON, followed by a short digest. The digest is not a
 * secret (a cursor only positions a read inside a partition the caller may already query); it
 * makes an edited or truncated cursor fail loudly instead of silently skipping items.
 */
export type CursorKey = Record<string, string>;

const DIGEST_LABEL = 'fundcast-store-cursor-v1:';
const DIGEST_BYTES = 12;
/** Keys are at most 2 KB + 1 KB per key pair; anything far longer was not issued by us. */
const MAX_CURSOR_LENGTH = 16_384;

function digest(body: string): string {
  return createHash('sha256')
    .update(DIGEST_LABEL + body)
    .digest()
    .subarray(0, DIGEST_BYTES)
    .toString('base64url');
}

/** Encodes the key of the last item of a page. */
export function encodeCursor(key: CursorKey): string {
  const body = Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
  return `${body}.${digest(body)}`;
}

/**
 * Decodes a cursor and checks it carries exactly `attributes`, each a non-empty string.
 * Anything else — bad encoding, wrong digest, extra or missing attributes — is an InvalidCursorError.
 */
export function decodeCursor(cursor: string, attributes: readonly string[]): CursorKey {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) {
    throw new InvalidCursorError();
  }
  const parts = cursor.split('.');
  const [body, check] = parts;
  if (parts.length !== 2 || body === undefined || check === undefined || digest(body) !== check) {
    throw new InvalidCursorError();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw new InvalidCursorError();
  }
  const entries = Object.entries(decoded);
  const wanted = new Set(attributes);
  const valid =
    entries.length === wanted.size &&
    entries.every(([name, value]) => wanted.has(name) && typeof value === 'string' && value.length > 0);
  if (!valid) throw new InvalidCursorError();
  return decoded as CursorKey;
}
