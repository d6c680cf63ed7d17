import { readFileSync } from 'node:fs';
import { createAreaHandlers } from '../functions/areas.js';
import { ConfigError } from '../shared/config.js';
import { startLocalStack } from '../shared/local/stack.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

try {
  const stack = await startLocalStack({
    env: { FUNDCAST_VERSION: version, ...process.env },
    createHandlers: createAreaHandlers,
  });
  stack.logger.info(`FundCast API listening on ${stack.url}`, { url: stack.url });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    stack.logger.info('Stopping', { signal });
    stack.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // If whoever started us dies without passing a signal on (a killed npm or shell), stop rather than linger.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop('parent exited'), 1000).unref();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : 'FundCast failed to start'}\n`);
  if (!(error instanceof ConfigError)) process.stderr.write(`${String(error)}\n`);
  process.exit(1);
}
