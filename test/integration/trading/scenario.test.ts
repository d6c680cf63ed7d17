import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

const ADMIN = { email: 'scenario-admin@example.com', password: 'quartz-lantern-meadow-88' };
let stack: TestStack;
let admin: string;
const from = freshClientAddress();

beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: inject('redisUrl'), FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_IP_PER_MINUTE: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000' });
  admin = (await tokensFor(stack.url, from, ADMIN)).accessToken;
  // The admin creates the markets, and pays the LMSR subsidy of AMM markets.
  const adminId = (JSON.parse(Buffer.from(admin.split('.')[1] ?? '', 'base64url').toString()) as { sub: string }).sub;
  expect((await call(stack.url, `/admin/accounts/${adminId}/credits`, { body: { amount: 1_000_000, reason: 'subsidies' }, token: admin, from })).status).toBe(201);
});
afterAll(() => stack?.close());

async function funded(cents: number): Promise<{ userId: string; token: string }> {
  const account = await registerAccount(stack.url, from);
  const credit = await call(stack.url, `/admin/accounts/${account.userId}/credits`, { body: { amount: cents, reason: 'scenario funding' }, token: admin, from });
  expect(credit.status).toBe(201);
  expect(credit.json.available).toBe(cents);
  return { userId: account.userId, token: (await tokensFor(stack.url, from, account)).accessToken };
}

async function createMarket(engine: 'orderbook' | 'amm', extra: Record<string, unknown> = {}): Promise<string> {
  const response = await call(stack.url, '/markets', {
    body: { title: `Will Acme close a Series A? (${engine})`, description: 'Scenario', category: 'funding', type: 'binary', engine, closesAt: new Date(Date.now() + 86_400_000).toISOString(), ...extra },
    token: admin,
    from,
  });
  expect(response.status).toBe(201);
  return response.json.id as string;
}

const order = (token: string, marketId: string, body: Record<string, unknown>) => call(stack.url, `/markets/${marketId}/orders`, { body, token, from });
const balance = async (token: string) => (await call(stack.url, '/me/account', { token, from })).json;

async function settle(marketId: string, outcome: string): Promise<void> {
  const accepted = await call(stack.url, `/markets/${marketId}/resolve`, { body: { outcome }, token: admin, from });
  expect(accepted.status).toBe(202);
  const taskId = accepted.json.taskId as string;
  for (let i = 0; i < 100; i += 1) {
    const task = await call(stack.url, `/admin/tasks/${taskId}`, { token: admin, from });
    if (task.json.status === 'succeeded') return;
    expect(task.json.status).not.toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('settlement did not finish');
}

describe('admin credits', () => {
  it('fund a real account, ledger-backed, and refuse an unknown user id', async () => {
    const account = await registerAccount(stack.url, from);
    const credit = await call(stack.url, `/admin/accounts/${account.userId}/credits`, { body: { amount: 2_500, reason: 'welcome bonus' }, token: admin, from });
    expect(credit.status).toBe(201);
    expect(credit.json).toEqual({ entryId: expect.any(String), available: 2_500 });
    const token = (await tokensFor(stack.url, from, account)).accessToken;
    const ledger = await call(stack.url, '/me/ledger', { token, from });
    expect(ledger.json.items).toEqual([expect.objectContaining({ amount: 2_500, reason: 'credit' })]);
    const unknown = await call(stack.url, '/admin/accounts/00000000-0000-4000-8000-00000000beef/credits', { body: { amount: 1, reason: 'typo' }, token: admin, from });
    expect(unknown.status).toBe(404);
    expect((await call(stack.url, `/admin/accounts/${account.userId}/credits`, { body: { amount: 1.5, reason: 'fractional' }, token: admin, from })).status).toBe(400);
  });
});

describe('order placement with Idempotency-Key', () => {
  it('places one order for two copies of the same request, and answers both with it', async () => {
    const trader = await funded(10_000);
    const market = await createMarket('orderbook');
    const send = () =>
      call(stack.url, `/markets/${market}/orders`, {
        body: { outcome: 'YES', side: 'buy', type: 'limit', quantity: 5, price: 30 },
        token: trader.token,
        from,
        headers: { 'Idempotency-Key': 'order-key-0001' },
      });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.json.order).toEqual(first.json.order);
    const mine = await call(stack.url, `/me/orders?marketId=${market}`, { token: trader.token, from });
    expect(mine.json.items).toHaveLength(1);
    expect(await balance(trader.token)).toMatchObject({ available: 10_000 - 150, locked: 150 });
  });
});

describe('the SPEC scenario over HTTP', () => {
  it('order book: A buys 10 YES @ 60, B buys 10 NO @ 40, A sells 4 YES @ 70 to C, resolve YES', async () => {
    const [a, b, c] = [await funded(10_000), await funded(10_000), await funded(10_000)];
    const market = await createMarket('orderbook');

    const first = await order(a.token, market, { outcome: 'YES', side: 'buy', type: 'limit', quantity: 10, price: 60 });
    expect(first.status).toBe(201);
    expect(first.json.order).toMatchObject({ status: 'open', quantity: 10, filledQuantity: 0, price: 60 });
    const second = await order(b.token, market, { outcome: 'NO', side: 'buy', type: 'limit', quantity: 10, price: 40 });
    expect(second.json).toMatchObject({ order: { status: 'filled', filledQuantity: 10 }, fills: [{ price: 40, quantity: 10 }] });
    expect(await order(a.token, market, { outcome: 'YES', side: 'sell', type: 'limit', quantity: 4, price: 70 })).toMatchObject({ status: 201 });
    const third = await order(c.token, market, { outcome: 'YES', side: 'buy', type: 'limit', quantity: 4, price: 70 });
    expect(third.json).toMatchObject({ order: { status: 'filled' }, fills: [{ price: 70, quantity: 4 }] });

    // Before resolution: A paid 600 and got 280; B paid 400; C paid 280.
    expect(await balance(a.token)).toMatchObject({ available: 9_680, locked: 0 });
    expect(await balance(b.token)).toMatchObject({ available: 9_600, locked: 0 });
    expect(await balance(c.token)).toMatchObject({ available: 9_720, locked: 0 });

    await settle(market, 'YES');
    // A keeps 6 YES (+600), C holds 4 YES (+400), B's NO pays nothing.
    expect(await balance(a.token)).toMatchObject({ available: 10_280, locked: 0 });
    expect(await balance(b.token)).toMatchObject({ available: 9_600, locked: 0 });
    expect(await balance(c.token)).toMatchObject({ available: 10_120, locked: 0 });
    expect((await call(stack.url, `/markets/${market}`, { token: a.token, from })).json.status).toBe('settled');
  });

  it('LMSR: the same steps cost what the closed form says, rounded in the platform favour', async () => {
    const [a, b, c] = [await funded(10_000), await funded(10_000), await funded(10_000)];
    const market = await createMarket('amm', { liquidity: 100 });
    const cost = (q: [number, number]) => 100 * 100 * Math.log(Math.exp(q[0] / 100) + Math.exp(q[1] / 100));
    const aPays = Math.ceil(cost([10, 0]) - cost([0, 0]) - 1e-6);
    const bPays = Math.ceil(cost([10, 10]) - cost([10, 0]) - 1e-6);
    const aGets = Math.floor(cost([10, 10]) - cost([6, 10]) + 1e-6);
    const cPays = Math.ceil(cost([10, 10]) - cost([6, 10]) - 1e-6);

    expect((await order(a.token, market, { outcome: 'YES', side: 'buy', type: 'market', quantity: 10 })).status).toBe(201);
    expect((await order(b.token, market, { outcome: 'NO', side: 'buy', type: 'market', quantity: 10 })).status).toBe(201);
    expect((await order(a.token, market, { outcome: 'YES', side: 'sell', type: 'market', quantity: 4 })).status).toBe(201);
    expect((await order(c.token, market, { outcome: 'YES', side: 'buy', type: 'market', quantity: 4 })).status).toBe(201);
    expect(await balance(a.token)).toMatchObject({ available: 10_000 - aPays + aGets });
    expect(await balance(b.token)).toMatchObject({ available: 10_000 - bPays });
    expect(await balance(c.token)).toMatchObject({ available: 10_000 - cPays });

    await settle(market, 'YES');
    expect(await balance(a.token)).toMatchObject({ available: 10_000 - aPays + aGets + 600 });
    expect(await balance(b.token)).toMatchObject({ available: 10_000 - bPays });
    expect(await balance(c.token)).toMatchObject({ available: 10_000 - cPays + 400 });
  });
});
