import { createAreaHandlers } from '../../functions/areas.js';
import { startLocalStack } from '../../shared/local/stack.js';

// The local stack exactly as `npm start` runs it, minus logging (which would measure the terminal).
const stack = await startLocalStack({
  env: { ...process.env, PORT: '0', SQLITE_PATH: ':memory:', LOG_LEVEL: 'SILENT', REDIS_AUTOSTART: 'false' },
  createHandlers: createAreaHandlers,
});
process.stdout.write(`READY ${stack.url}\n`);
process.on('SIGTERM', () => void stack.close().then(() => process.exit(0)));
