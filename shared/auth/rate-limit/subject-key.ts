import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** What a rate-limit subject is; each kind is normalised so trivial variations share one budget. */
export const SUBJECT_KINDS = ['ip', 'account', 'user'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * IPv4 as is; IPv6 by its /64, because one host is normally given a whole /64 and could otherwise
 * rotate through 2^64 addresses to dodge a per-IP limit. IPv4-mapped IPv6 counts as the IPv4.
 */
export function normaliseIp(ip: string): string {
  const trimmed = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(trimmed) || !isIPv6(trimmed)) return trimmed;
  const [head = '', tail = ''] = trimmed.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = trimmed.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function normalise(kind: SubjectKind, value: string): string {
  switch (kind) {
    case 'ip':
      return normaliseIp(value);
    case 'account':
      // E-mail addresses: "Alice@X.com " and "alice@x.com" must not be two budgets for a guesser.
      return value.trim().toLowerCase();
    case 'user':
      return value;
  }
}

/**
 * The store key for a subject: `<kind>:<HMAC-SHA-256 of the normalised value>`. Keys never carry
 * raw PII. Pass a deployment secret: without one, an IPv4 address hashed with plain SHA-256 can be
 * recovered by hashing all 2^32 of them.
 */
export function rateLimitKey(kind: SubjectKind, value: string, secret = ''): string {
  const digest = createHmac('sha256', secret).update(`${kind}\u0000${normalise(kind, value)}`).digest('base64url');
  return `${kind}:${digest}`;
}
