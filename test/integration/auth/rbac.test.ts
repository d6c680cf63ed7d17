import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AUTHENTICATED, PUBLIC } from '../../../shared/api/permissions.js';
import { ROUTES } from '../../../shared/api/routes.js';
import { permissionsOf } from '../../../shared/auth/rbac.js';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { registerAccount, STRONG_PASSWORD, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

const ADMIN = { email: 'root-admin@example.com', password: 'bootstrap-admin-pass-99' };
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    REDIS_URL: inject('redisUrl'),
    FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  });
});
afterAll(() => stack?.close());

/** A concrete path for a route template, with syntactically valid ids. */
const pathOf = (template: string) => template.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');

describe('RBAC', () => {
  it('derives permissions through inheritance: trader < market_maker < admin; sre apart', () => {
    expect([...permissionsOf(['trader'])].sort()).toEqual(['account:read', 'market:read', 'order:place']);
    expect(permissionsOf(['market_maker']).has('order:place')).toBe(true);
    expect(permissionsOf(['market_maker']).has('market:resolve')).toBe(false);
    expect(permissionsOf(['admin']).has('market:create')).toBe(true);
    expect(permissionsOf(['admin']).has('sre:operate')).toBe(true);
    expect(permissionsOf(['sre']).has('order:place')).toBe(false);
    expect(permissionsOf(['nonsense']).size).toBe(0);
  });

  const protectedRoutes = ROUTES.filter((route) => route.permission !== PUBLIC && route.permission !== AUTHENTICATED);
  const adminOnly = protectedRoutes.filter((route) => !permissionsOf(['trader']).has(route.permission as never));

  it('answers 401 on every protected route without a token', async () => {
    expect(protectedRoutes.length).toBeGreaterThan(0);
    for (const route of protectedRoutes) {
      const response = await call(stack.url, pathOf(route.path), { method: route.method, from: freshClientAddress() });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('answers 403 to a trader on every route the trader role lacks, admin routes included', async () => {
    const from = freshClientAddress();
    const trader = await tokensFor(stack.url, from, await registerAccount(stack.url, from));
    expect(adminOnly.some((route) => route.area === 'admin')).toBe(true);
    for (const route of adminOnly) {
      const response = await call(stack.url, pathOf(route.path), { method: route.method, token: trader.accessToken, body: route.method === 'GET' ? undefined : {}, from: freshClientAddress() });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
      expect(response.headers['content-type']).toBe('application/problem+json');
    }
  });

  it('lets the bootstrap admin grant roles, never their own, and the grant shows in the next token', async () => {
    const from = freshClientAddress();
    const admin = await tokensFor(stack.url, from, ADMIN);
    const account = await registerAccount(stack.url, from);
    const granted = await call(stack.url, `/admin/users/${account.userId}/roles`, { body: { roles: ['market_maker', 'trader'] }, token: admin.accessToken, from });
    expect(granted.status).toBe(200);
    expect(granted.json).toEqual({ userId: account.userId, roles: ['market_maker', 'trader'] });
    const next = await tokensFor(stack.url, from, { email: account.email, password: STRONG_PASSWORD });
    const claims = JSON.parse(Buffer.from(next.accessToken.split('.')[1] ?? '', 'base64url').toString()) as { roles: string[] };
    expect(claims.roles).toEqual(['market_maker', 'trader']);

    const adminId = JSON.parse(Buffer.from(admin.accessToken.split('.')[1] ?? '', 'base64url').toString()).sub as string;
    const self = await call(stack.url, `/admin/users/${adminId}/roles`, { body: { roles: ['admin', 'sre'] }, token: admin.accessToken, from });
    expect(self.status).toBe(403);
    const unknownRole = await call(stack.url, `/admin/users/${account.userId}/roles`, { body: { roles: ['god'] }, token: admin.accessToken, from });
    expect(unknownRole.status).toBe(400);
    const missing = await call(stack.url, `/admin/users/${pathOf('{id}')}/roles`, { body: { roles: ['trader'] }, token: admin.accessToken, from });
    expect(missing.status).toBe(404);
  });

  it('does not create the bootstrap admin twice', async () => {
    expect(await stack.deps.identity.ensureAdmin(ADMIN.email, ADMIN.password, { correlationId: 'test' })).toBe('exists');
  });
});
