import { describe, expect, it } from 'vitest';
import { normaliseIp, rateLimitKey } from '../../../../shared/auth/rate-limit/subject-key.js';

describe('rateLimitKey', () => {
  it('never contains the raw value', () => {
    for (const [kind, value] of [['ip', '203.0.113.7'], ['account', 'alice@example.com'], ['user', 'user-42']] as const) {
      const key = rateLimitKey(kind, value, 'secret');
      expect(key.startsWith(`${kind}:`)).toBe(true);
      expect(key).not.toContain(value);
      expect(key).toMatch(/^[a-z]+:[A-Za-z0-9_-]{43}$/);
    }
  });

  it('depends on the secret and the kind', () => {
    expect(rateLimitKey('ip', '203.0.113.7', 'a')).not.toBe(rateLimitKey('ip', '203.0.113.7', 'b'));
    expect(rateLimitKey('user', 'x', 's').slice(5)).not.toBe(rateLimitKey('account', 'x', 's').slice(8));
  });

  it('gives case and whitespace variants of an e-mail one budget', () => {
    expect(rateLimitKey('account', ' Alice@Example.COM ', 's')).toBe(rateLimitKey('account', 'alice@example.com', 's'));
    expect(rateLimitKey('user', 'User-1', 's')).not.toBe(rateLimitKey('user', 'user-1', 's'));
  });
});

describe('normaliseIp', () => {
  it('keeps IPv4 and unwraps IPv4-mapped IPv6', () => {
    expect(normaliseIp('203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });

  it('groups IPv6 by /64 so one host cannot rotate addresses', () => {
    const a = normaliseIp('2001:db8:abcd:12:1:2:3:4');
    expect(a).toBe('2001:db8:abcd:12::/64');
    expect(normaliseIp('2001:0DB8:abcd:0012:ffff::1')).toBe(a);
    expect(normaliseIp('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(normaliseIp('::1')).toBe('0:0:0:0::/64');
    expect(normaliseIp('2001:db8:abcd:13::1')).not.toBe(a);
  });

  it('passes anything else through unchanged', () => {
    expect(normaliseIp('unknown')).toBe('unknown');
  });
});
