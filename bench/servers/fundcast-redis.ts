import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAreaHandlers } from '../../functions/areas.js';
import { startLocalStack } from '../../shared/local/stack.js';

// Like servers/fundcast.ts, but with the L2 cache as `npm start` runs it: its own throw-away
// redis-server (never a REDIS_URL inherited from the shell, which would share state between runs).
// CACHE_ENABLED comes from the parent, so cache-on and cache-off differ in that variable only.

const stack = await startLocalStack({
  env: { ...process.env, REDIS_URL: undefined, REDIS_AUTOSTART: 'true', PORT: '0', SQLITE_PATH: ':memory:', LOG_LEVEL: 'SILENT', RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_AUTH_IP_PER_MINUTE: '1000000', RATE_LIMIT_USER_PER_MINUTE: '1000000', FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: 'bench-admin@example.com', FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: 'walnut-harbor-lantern-77', DATA_DIR: mkdtempSync(join(tmpdir(), 'fundcast-bench-')) },
  createHandlers: createAreaHandlers,
});
process.stdout.write(`READY ${stack.url}\n`);
process.on('SIGTERM', () => void stack.close().then(() => process.exit(0)));
