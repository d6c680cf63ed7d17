import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small real HTTP server playing a third-party ranking service, with failures and latency
 * injected on demand. It ranks documents by descending id, so a test can tell its order from
 * any keyword ranking.
 */
export interface FakeRankingService {
  readonly url: string;
  /** 'ok' answers; 'fail' answers 503; 'garbage' answers 200 with a body of the wrong shape. */
  mode: 'ok' | 'fail' | 'garbage';
  delayMs: number;
  readonly calls: { query: string; ids: string[] }[];
  close(): Promise<void>;
}

export async function startFakeRankingService(): Promise<FakeRankingService> {
  const state: Pick<FakeRankingService, 'mode' | 'delayMs' | 'calls'> = { mode: 'ok', delayMs: 0, calls: [] };
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const body = JSON.parse(raw || '{}') as { query?: string; documents?: { id: string }[] };
      const ids = (body.documents ?? []).map((d) => d.id);
      state.calls.push({ query: body.query ?? '', ids });
      setTimeout(() => {
        if (response.destroyed) return;
        if (state.mode === 'fail') {
          response.writeHead(503).end('unavailable');
          return;
        }
        const results = state.mode === 'garbage' ? 'nope' : [...ids].sort().reverse().map((id, i) => ({ id, score: 1 / (i + 1) }));
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${String(port)}/rank`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
