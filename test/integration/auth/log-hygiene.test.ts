import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { login, registerAccount, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

const lines: string[] = [];
let stack: TestStack;

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
  stack = await startTestStack({ REDIS_URL: inject('redisUrl'), LOG_LEVEL: 'DEBUG' });
});
afterAll(async () => {
  await stack?.close();
  vi.restoreAllMocks();
});

describe('log hygiene', () => {
  it('never writes a password, token, TOTP secret or plaintext email, while security events still name what happened', async () => {
    const from = freshClientAddress();
    const secrets: string[] = [];
    const account = await registerAccount(stack.url, from, 'Secret.Person@Example.org');
    secrets.push(account.email, account.email.toLowerCase(), 'secret.person', account.password);

    const wrong = 'definitely-wrong-password';
    secrets.push(wrong);
    await login(stack.url, from, { email: account.email, password: wrong });
    await login(stack.url, from, { email: 'ghost.user@example.org', password: wrong });
    secrets.push('ghost.user');

    const pair = await tokensFor(stack.url, from, account);
    secrets.push(pair.accessToken, pair.refreshToken, pair.accessToken.split('.')[2] ?? '');
    const rotated = await call(stack.url, '/auth/refresh', { body: { refreshToken: pair.refreshToken }, from });
    secrets.push(rotated.json.accessToken as string, rotated.json.refreshToken as string);
    await call(stack.url, '/auth/refresh', { body: { refreshToken: pair.refreshToken }, from });

    const setup = await call(stack.url, '/auth/mfa/setup', { method: 'POST', token: rotated.json.accessToken as string, from });
    const totpSecret = setup.json.secret as string;
    secrets.push(totpSecret);
    const code = new TOTP({ secret: totpSecret }).generate();
    await call(stack.url, '/auth/mfa/verify', { body: { code }, token: rotated.json.accessToken as string, from });
    await call(stack.url, '/auth/mfa/setup', { method: 'POST', token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', from });

    const output = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(output, `log contains ${secret.slice(0, 6)}…`).not.toContain(secret);
    expect(output).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);

    const events = lines.filter((line) => line.includes('"securityEvent"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const types = events.map((event) => event.securityEvent);
    expect(types).toEqual(
      expect.arrayContaining(['registered', 'login_failed', 'login_succeeded', 'refresh_rotated', 'refresh_reuse_detected', 'mfa_setup_started', 'mfa_enabled', 'token_rejected']),
    );
    for (const event of events) {
      expect(event.correlationId ?? event.reason).toBeDefined();
      if (event.subjectHash !== undefined) expect(event.subjectHash).toMatch(/^[\w-]{22}$/);
    }
    expect(events.find((event) => event.securityEvent === 'registered')?.subjectHash).not.toBe(account.userId);
  });
});
