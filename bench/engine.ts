import { performance } from 'node:perf_hooks';
import { OrderBook } from 'nodejs-order-book';
import { createMarket, placeOrder } from '../shared/trading/index.js';
import { seededRandom } from './lib/seeded.js';

interface StreamOrder {
  id: string;
  userId: string;
  /** In the peer's terms: buy or sell YES at `price`. */
  side: 'buy' | 'sell';
  price: number;
  size: number;
}

const USERS = 100;

/** A fixed stream of limit orders around a drifting mid, so books build up and cross. */
export function orderStream(count: number, seed: number): StreamOrder[] {
  const random = seededRandom(seed);
  const orders: StreamOrder[] = [];
  let mid = 50;
  for (let i = 0; i < count; i += 1) {
    mid = Math.min(80, Math.max(20, mid + (random() < 0.5 ? -1 : 1) * (random() < 0.1 ? 1 : 0)));
    const side = random() < 0.5 ? 'buy' : 'sell';
    const offset = Math.floor(random() * 6) - 2;
    const price = Math.min(99, Math.max(1, side === 'buy' ? mid - offset : mid + offset));
    orders.push({ id: `o${i}`, userId: `u${Math.floor(random() * USERS)}`, side, price, size: 1 + Math.floor(random() * 50) });
  }
  return orders;
}

/** FundCast: a sell of YES at p is a buy of NO at 100 − p (complementary matching), so no one needs shares first. */
function runFundcast(stream: StreamOrder[]): number {
  const users = Object.fromEntries(Array.from({ length: USERS }, (_, i) => [`u${i}`, 10_000_000_000]));
  let state = createMarket({ marketId: 'bench', engine: 'orderbook', users }).state;
  let fills = 0;
  for (const order of stream) {
    const result = placeOrder(state, {
      orderId: order.id,
      userId: order.userId,
      outcome: order.side === 'buy' ? 'YES' : 'NO',
      side: 'buy',
      type: 'limit',
      quantity: order.size,
      price: order.side === 'buy' ? order.price : 100 - order.price,
      timeInForce: 'GTC',
    });
    state = result.state;
    fills += result.fills.length;
  }
  return fills;
}

function runPeer(stream: StreamOrder[]): number {
  const book = new OrderBook();
  let fills = 0;
  for (const order of stream) {
    const result = book.limit({ id: order.id, side: order.side as never, size: order.size, price: order.price });
    fills += result.done.length;
  }
  return fills;
}

function time(run: () => number): { ms: number; fills: number } {
  const start = performance.now();
  const fills = run();
  return { ms: performance.now() - start, fills };
}

/** Orders/s of the pure engine beside nodejs-order-book on the same seeded stream, in the same run. */
export function benchEngine(count: number): void {
  const warmup = orderStream(Math.min(10_000, count), 7);
  runFundcast(warmup);
  runPeer(warmup);
  const stream = orderStream(count, 42);
  const peer = time(() => runPeer(stream));
  const ours = time(() => runFundcast(stream));
  const rate = (ms: number) => Math.round((count / ms) * 1000);
  process.stdout.write(`\nEngine: ${count.toLocaleString('en')} seeded limit orders (one binary market, ${USERS} users)\n`);
  process.stdout.write(`  nodejs-order-book 10.1.1  ${rate(peer.ms).toLocaleString('en').padStart(10)} orders/s  (${peer.fills} maker fills)\n`);
  process.stdout.write(`  FundCast engine           ${rate(ours.ms).toLocaleString('en').padStart(10)} orders/s  (${ours.fills} maker fills; ledger, locks and positions included)\n`);
  process.stdout.write(`  ratio (FundCast / peer)   ${(rate(ours.ms) / rate(peer.ms)).toFixed(2)}x\n`);
}
