import { load, startServer } from './lib/measure.js';
import { printComparison } from './lib/report.js';

/** GET /health through the local HTTP server, beside a bare node:http hello world in the same run. */
export async function benchHealth(durationSeconds: number, connections: number): Promise<void> {
  const peer = await startServer(new URL('./servers/hello.ts', import.meta.url).pathname);
  const fundcast = await startServer(new URL('./servers/fundcast.ts', import.meta.url).pathname).catch(async (error: unknown) => {
    await peer.stop();
    throw error;
  });
  try {
    // Warm both (JIT, connection setup) before measuring either.
    await load({ url: peer.url, durationSeconds: 1, connections });
    await load({ url: `${fundcast.url}/health`, durationSeconds: 1, connections });
    const peerResult = await load({ url: peer.url, durationSeconds, connections });
    const fundcastResult = await load({ url: `${fundcast.url}/health`, durationSeconds, connections });
    printComparison(
      `GET /health, ${connections} connections, ${durationSeconds} s each (autocannon; servers in their own processes)`,
      'node:http hello world',
      peerResult,
      'FundCast GET /health',
      fundcastResult,
    );
  } finally {
    await Promise.all([peer.stop(), fundcast.stop()]);
  }
}
