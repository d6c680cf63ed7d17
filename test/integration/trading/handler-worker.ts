// One "Lambda container": its own local stack (module state, caches, runner) on the shared SQLite
// file, firing random crossing orders at its own HTTP server and reporting every status code.
import { createAreaHandlers } from '../../../functions/areas.js';
import { startLocalStack } from '../../../shared/local/stack.js';

interface Job {
  env: Record<string, string>;
  marketId: string;
  tokens: string[];
  orders: number;
  seed: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
let state = job.seed >>> 0;
const random = () => {
  state = (Math.imul(state ^ (state >>> 15), 2_654_435_761) + 0x6d2b79f5) >>> 0;
  return state / 4_294_967_296;
};

const stack = await startLocalStack({ env: { ...process.env, ...job.env }, createHandlers: createAreaHandlers });
process.send?.({ type: 'ready' });
const statuses: Record<string, number> = {};
for (let i = 0; i < job.orders; i += 1) {
  const token = job.tokens[Math.floor(random() * job.tokens.length)] ?? '';
  const buy = random() < 0.7;
  const yes = random() < 0.5;
  const body = { outcome: yes ? 'YES' : 'NO', side: buy ? 'buy' : 'sell', type: 'limit', quantity: 1 + Math.floor(random() * 5), price: 40 + Math.floor(random() * 21), timeInForce: random() < 0.8 ? 'GTC' : 'IOC' };
  const response = await fetch(`${stack.url}/markets/${job.marketId}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  statuses[response.status] = (statuses[response.status] ?? 0) + 1;
}
await stack.close();
process.send?.({ type: 'done', statuses }, () => process.exit(0));
