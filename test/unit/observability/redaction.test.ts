import { afterEach, describe, expect, it, vi } from 'vitest';
import { createObservability } from '../../../shared/observability/index.js';
import { REDACTED, redactText } from '../../../shared/observability/redaction.js';
import { hashSubject, SecurityEventLog } from '../../../shared/observability/security-events.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function capture(): string[] {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
  return lines;
}

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLWJ5dGVz';

describe('log redaction', () => {
  it('removes sensitive attributes at any depth and tokens or emails inside text', () => {
    const lines = capture();
    const { logger } = createObservability({ logLevel: 'DEBUG', tracingEnabled: false, stage: 'test', version: '1' });
    logger.info(`login by jane@example.com with Bearer ${JWT}`, {
      password: 'hunter2-hunter2',
      request: { headers: { Authorization: `Bearer ${JWT}` }, body: { email: 'jane@example.com', refreshToken: 'opaque-refresh' } },
      note: `token ${JWT} seen`,
      route: 'login',
      tokenType: 'Bearer',
    });
    const output = lines.join('');
    for (const secret of ['hunter2', 'jane@example.com', JWT, 'opaque-refresh']) expect(output).not.toContain(secret);
    const line = JSON.parse(output) as Record<string, unknown>;
    expect(line.password).toBe(REDACTED);
    expect(line.route).toBe('login');
    expect(line.tokenType).toBe('Bearer');
    expect(line.message).toBe(`login by ${REDACTED} with Bearer ${REDACTED}`);
  });

  it('redacts free text on its own', () => {
    expect(redactText(`a@b.io sent ${JWT}`)).toBe(`${REDACTED} sent ${REDACTED}`);
  });
});

describe('security events', () => {
  it('log the type, a hashed subject and the correlation id, as warnings for failures', () => {
    const events: [string, string, Record<string, unknown>][] = [];
    const log = new SecurityEventLog({
      info: (message, attributes) => events.push(['info', message, attributes]),
      warn: (message, attributes) => events.push(['warn', message, attributes]),
    });
    log.record('login_failed', { subject: 'user-1', correlationId: 'c-1', reason: 'password' });
    log.record('login_succeeded', { subject: 'user-1', correlationId: 'c-2' });
    expect(events).toEqual([
      ['warn', 'security event', { securityEvent: 'login_failed', subjectHash: hashSubject('user-1'), correlationId: 'c-1', reason: 'password' }],
      ['info', 'security event', { securityEvent: 'login_succeeded', subjectHash: hashSubject('user-1'), correlationId: 'c-2' }],
    ]);
    expect(hashSubject('user-1')).not.toContain('user-1');
  });
});
