import { createHash } from 'node:crypto';
import { PUBLIC } from '../../api/permissions.js';
import { BadRequestError, HttpError } from '../errors.js';
import type { IdempotencyStore } from '../idempotency-store.js';
import { type ApiMiddleware, type ApiRequest, stateOf } from './request-state.js';

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** How long a key and its response are kept. Default 24 h. */
  ttlSeconds?: number;
  /** How long a duplicate waits for the first copy to finish before answering 409. Default 5 s. */
  waitMs?: number;
  pollMs?: number;
}

const HEADER = 'idempotency-key';
const SAFE_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const STATE_KEY = 'fundcast.idempotency';

interface Claim {
  scope: string;
  key: string;
  requestHash: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `Idempotency-Key` on mutating POSTs of signed-in callers: the first request with a key acts and
 * its 2xx response is stored; a retry with the same key and body gets that response without acting
 * again, also when both copies arrive at once (the second waits for the first). The same key with
 * another body is refused (422). Keys are scoped per caller; public routes (login, register) ignore
 * the header, since a replayed login response would hand one caller's tokens to another.
 */
export function idempotency(options: IdempotencyOptions): ApiMiddleware {
  const ttlSeconds = options.ttlSeconds ?? 86_400;
  const waitMs = options.waitMs ?? 5_000;
  const pollMs = options.pollMs ?? 100;
  const claimOf = (request: ApiRequest) => (request.internal as Record<string, unknown>)[STATE_KEY] as Claim | undefined;

  return {
    before: async (request) => {
      const state = stateOf(request);
      const route = state.route;
      const key = request.event.headers?.[HEADER];
      if (!route || route.method !== 'POST' || route.permission === PUBLIC || !state.principal || key === undefined) return;
      if (!SAFE_KEY.test(key)) throw new BadRequestError('Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 _ . : -');
      const scope = `${state.principal.subject}:${route.id}`;
      const requestHash = createHash('sha256').update(`${request.event.path}\n${request.event.body ?? ''}`).digest('base64url');
      let existing = await options.store.claim(scope, key, requestHash, ttlSeconds);
      if (!existing) {
        (request.internal as Record<string, unknown>)[STATE_KEY] = { scope, key, requestHash } satisfies Claim;
        return;
      }
      if (existing.requestHash !== requestHash) {
        throw new HttpError(422, 'idempotency-key-reused', 'Unprocessable Content', 'This Idempotency-Key was used with a different request');
      }
      for (let waited = 0; existing?.state === 'in_progress' && waited < waitMs; waited += pollMs) {
        await sleep(pollMs);
        existing = await options.store.get(scope, key);
      }
      if (existing?.state !== 'completed') {
        throw new HttpError(409, 'idempotency-in-progress', 'Conflict', 'A request with this Idempotency-Key is still running; retry shortly', {
          headers: { 'Retry-After': '1' },
        });
      }
      state.replay = { ...existing.response, headers: { ...existing.response.headers, 'Idempotent-Replayed': 'true' } };
    },
    after: async (request) => {
      const claim = claimOf(request);
      const response = request.response;
      if (!claim || !response) return;
      if (response.statusCode >= 200 && response.statusCode < 300) {
        const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name, String(value)]));
        await options.store.complete(claim.scope, claim.key, claim.requestHash, { statusCode: response.statusCode, body: response.body, headers }, ttlSeconds);
      } else {
        await options.store.release(claim.scope, claim.key);
      }
    },
    onError: async (request) => {
      const claim = claimOf(request);
      // A failed request acted on nothing (writes are atomic), so the client's retry must be free to act.
      if (claim) await options.store.release(claim.scope, claim.key);
    },
  };
}
