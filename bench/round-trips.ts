import { systemClock } from '../shared/adapters/clock.js';
import { SqliteItemStore } from '../shared/adapters/store/sqlite/index.js';
import { CountingItemStore, TradingService } from '../shared/markets/index.js';
import { seededRandom } from './lib/seeded.js';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** Store round trips per order placement, counted at the port (on DynamoDB each is one request). */
export async function benchRoundTrips(placements: number): Promise<void> {
  const counting = new CountingItemStore(new SqliteItemStore({ path: ':memory:' }));
  const trading = new TradingService({ store: counting, clock: systemClock });
  const users = Array.from({ length: 20 }, (_, i) => `bench-user-${i}`);
  for (const user of users) await trading.credit(user, 1_000_000_000, 'bench funding', 'bench');
  const market = await trading.createMarket(users[0] ?? 'bench', {
    title: 'Benchmark market, binary',
    description: 'round trips',
    category: 'bench',
    type: 'binary',
    engine: 'orderbook',
    closesAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const random = seededRandom(11);
  const trips: number[] = [];
  counting.take();
  for (let i = 0; i < placements; i += 1) {
    const buyYes = random() < 0.5;
    await trading.placeOrder(users[Math.floor(random() * users.length)] ?? 'bench', market.id, {
      outcome: buyYes ? 'YES' : 'NO',
      side: 'buy',
      type: 'limit',
      quantity: 1 + Math.floor(random() * 20),
      price: 45 + Math.floor(random() * 11),
      timeInForce: 'GTC',
    });
    const counts = counting.take();
    trips.push(counts.total);
  }
  trips.sort((a, b) => a - b);
  process.stdout.write(`\nStore round trips per POST /markets/{id}/orders (${placements} seeded placements, counted at the store port)\n`);
  process.stdout.write(`  FundCast   median ${percentile(trips, 50)}  p99 ${percentile(trips, 99)}  max ${trips.at(-1)}\n`);
  process.stdout.write(`  the brief  8 queries per request (claimed, not measured here)\n`);
  process.stdout.write(`  ratio      ${(percentile(trips, 50) / 8).toFixed(2)}x of the claim at the median\n`);
  await counting.close();
}
