import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAreaHandlers } from '../../functions/areas.js';
import { startLocalStack } from '../../shared/local/stack.js';

// The local stack as `npm start` runs it, minus logging (which would measure the terminal) and with a
// per-IP budget the load generator (one IP) cannot exhaust, so the route is measured, not the 429 path.
const stack = await startLocalStack({
  env: { ...process.env, PORT: '0', SQLITE_PATH: ':memory:', LOG_LEVEL: 'SILENT', REDIS_AUTOSTART: 'false', RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_AUTH_IP_PER_MINUTE: '1000000', RATE_LIMIT_USER_PER_MINUTE: '1000000', FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: 'bench-admin@example.com', FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: 'walnut-harbor-lantern-77', DATA_DIR: mkdtempSync(join(tmpdir(), 'fundcast-bench-')) },
  createHandlers: createAreaHandlers,
});
process.stdout.write(`READY ${stack.url}\n`);
process.on('SIGTERM', () => void stack.close().then(() => process.exit(0)));
