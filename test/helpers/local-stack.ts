import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAreaHandlers } from '../../functions/areas.js';
import { type LocalStack, startLocalStack } from '../../shared/local/stack.js';

export interface TestStack extends LocalStack {
  readonly dataDir: string;
}

/**
 * The real local stack (`npm start` minus the process) on a free port, an in-memory SQLite store
 * and a temp data dir for its key files. Pass REDIS_URL (e.g. `inject('redisUrl')`) for the L2.
 */
export async function startTestStack(env: Record<string, string | undefined> = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fundcast-test-'));
  const stack = await startLocalStack({
    // A loaded 2-core CI box can stall a Redis reply past the 50 ms production bound; tests that
    // assert cache behaviour must not see the cache breaker open for that reason.
    env: { PORT: '0', SQLITE_PATH: ':memory:', DATA_DIR: dataDir, LOG_LEVEL: 'SILENT', REDIS_AUTOSTART: 'false', CACHE_L2_TIMEOUT_MS: '1000', ...env },
    createHandlers: createAreaHandlers,
  });
  return {
    ...stack,
    dataDir,
    close: async () => {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
