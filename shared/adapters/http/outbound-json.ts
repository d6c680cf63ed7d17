import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { UNGUARDED, type CallGuard } from '../../search/ranking-port.js';

export class OutboundHttpError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OutboundHttpError';
  }
}

export interface OutboundJsonOptions {
  timeoutMs: number;
  /** The `external_apis` breaker: every third-party call goes through it. */
  guard?: CallGuard;
  /** How long a successful answer may be served again when the third party fails. */
  fallbackTtlMs?: number;
}

/**
 * POSTs JSON to third parties. Each call is bounded by a timeout and runs under the
 * `external_apis` guard; when it fails (or the breaker is open) the last successful answer to the
 * same request is served instead, if one is recent enough: the brief's "cached response" fallback.
 */
export class OutboundJson {
  private readonly answers: LRUCache<string, { body: unknown }>;
  private readonly guard: CallGuard;

  constructor(private readonly options: OutboundJsonOptions) {
    this.guard = options.guard ?? UNGUARDED;
    this.answers = new LRUCache({ max: 500, ttl: options.fallbackTtlMs ?? 10 * 60_000 });
  }

  async post(url: string, body: unknown): Promise<{ body: unknown; fromFallback: boolean }> {
    const payload = JSON.stringify(body);
    const key = createHash('sha256').update(url).update('\0').update(payload).digest('base64url');
    try {
      const answer = await this.guard(() => this.send(url, payload));
      this.answers.set(key, { body: answer });
      return { body: answer, fromFallback: false };
    } catch (error) {
      const cached = this.answers.get(key);
      if (cached) return { body: cached.body, fromFallback: true };
      throw error;
    }
  }

  private async send(url: string, payload: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new OutboundHttpError(error instanceof Error && error.name === 'TimeoutError' ? 'third party timed out' : 'third party unreachable');
    }
    if (!response.ok) throw new OutboundHttpError(`third party answered ${String(response.status)}`, response.status);
    try {
      return await response.json();
    } catch {
      throw new OutboundHttpError('third party answered something that is not JSON', response.status);
    }
  }
}
