import { afterEach, describe, expect, it } from 'vitest';
import { ammMarket, binaryMarket, expectInvariants, harness, limit, marketOrder, type Harness } from './support.js';

const START_CASH = 10_000;

describe('SPEC scenario through the TradingService (A buys 10 YES @ 60, B buys 10 NO @ 40, A sells 4 YES @ 70 to C, resolve YES)', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('on the order book: exact balances A 10,280, B 9,600, C 10,120, invariants after every step', async () => {
    h = harness();
    for (const user of ['A', 'B', 'C']) await h.credit(user, START_CASH);
    const market = await h.service.createMarket('admin', binaryMarket());
    const step = () => expectInvariants(h, [market.id]);
    await step();

    const a1 = await h.service.placeOrder('A', market.id, limit('YES', 'buy', 60, 10));
    expect(a1).toMatchObject({ order: { status: 'open', filledQuantity: 0 }, fills: [] });
    await step();
    const b1 = await h.service.placeOrder('B', market.id, limit('NO', 'buy', 40, 10));
    expect(b1).toMatchObject({ order: { status: 'filled', filledQuantity: 10 }, fills: [{ kind: 'mint', price: 40, quantity: 10 }] });
    await step();
    const a2 = await h.service.placeOrder('A', market.id, limit('YES', 'sell', 70, 4));
    expect(a2.order.status).toBe('open');
    await step();
    const c1 = await h.service.placeOrder('C', market.id, limit('YES', 'buy', 70, 4));
    expect(c1.fills).toEqual([{ kind: 'transfer', price: 70, quantity: 4 }]);
    await step();
    expect(await h.service.account('A')).toEqual({ userId: 'A', available: START_CASH - 600 + 280, locked: 0 });

    const { taskId } = await h.service.requestResolution(market.id, 'YES');
    await step();
    const task = await h.service.runTask(taskId);
    expect(task).toEqual({ id: taskId, type: 'settle', status: 'succeeded', marketId: market.id, progress: { done: 3, total: 3 } });
    await step();

    expect(await h.service.account('A')).toEqual({ userId: 'A', available: 10_280, locked: 0 });
    expect(await h.service.account('B')).toEqual({ userId: 'B', available: 9_600, locked: 0 });
    expect(await h.service.account('C')).toEqual({ userId: 'C', available: 10_120, locked: 0 });
    expect(await h.service.getMarket(market.id)).toMatchObject({ status: 'settled', resolvedOutcome: 'YES', volume: 400 + 280 });
    expect((await h.service.marketSnapshot(market.id)).record).toMatchObject({ escrow: 0, pairs: 0, fees: 0 });
  });

  it('on an LMSR market (b = 100): the creator pays the subsidy, every trade is priced by the closed form', async () => {
    h = harness();
    for (const user of ['A', 'B', 'C']) await h.credit(user, START_CASH);
    await h.credit('Z', 100_000);
    const market = await h.service.createMarket('Z', ammMarket({ liquidity: 100 }));
    const step = () => expectInvariants(h, [market.id]);
    await step();
    expect(await h.service.account('Z')).toEqual({ userId: 'Z', available: 100_000 - 6_932, locked: 0 });

    const a1 = await h.service.placeOrder('A', market.id, marketOrder('YES', 'buy', 10));
    await step();
    const b1 = await h.service.placeOrder('B', market.id, marketOrder('NO', 'buy', 10));
    await step();
    const a2 = await h.service.placeOrder('A', market.id, marketOrder('YES', 'sell', 4));
    await step();
    const c1 = await h.service.placeOrder('C', market.id, marketOrder('YES', 'buy', 4));
    await step();
    // Cents: A pays ⌈512.49⌉ = 513, B ⌈487.51⌉ = 488, A's 4 sell for ⌊198.0…⌋ = 198, C pays 199.
    expect([a1, b1, a2, c1].map((r) => r.order.status)).toEqual(['filled', 'filled', 'filled', 'filled']);
    expect(await h.service.account('A')).toEqual({ userId: 'A', available: START_CASH - 513 + 198, locked: 0 });
    expect(await h.service.account('B')).toEqual({ userId: 'B', available: START_CASH - 488, locked: 0 });
    expect(await h.service.account('C')).toEqual({ userId: 'C', available: START_CASH - 199, locked: 0 });

    const { taskId } = await h.service.requestResolution(market.id, 'YES');
    expect((await h.service.runTask(taskId)).status).toBe('succeeded');
    await step();

    expect((await h.service.account('A')).available).toBe(START_CASH - 513 + 198 + 600);
    expect((await h.service.account('B')).available).toBe(START_CASH - 488);
    expect((await h.service.account('C')).available).toBe(START_CASH - 199 + 400);
    expect((await h.service.account('Z')).available).toBe(100_000 - 6_932);
    // The AMM keeps what remains: subsidy + 513 + 488 − 198 + 199 − 1 000 paid out.
    expect((await h.service.marketSnapshot(market.id)).record.amm?.cash).toBe(6_934);
  });
});
