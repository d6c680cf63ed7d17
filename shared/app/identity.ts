import { createHmac } from 'node:crypto';
import type { Clock } from '../adapters/clock.js';
import type { RedisConnection } from '../adapters/redis/client.js';
import { RedisRateLimiter } from '../adapters/redis/rate-limiter.js';
import {
  BlindIndex,
  type BlindIndexKeySource,
  type DataKeyProvider,
  EnvelopeFieldCipher,
  SigningKeyRing,
  type SigningSeedSource,
} from '../auth/crypto/index.js';
import { IdentityService } from '../auth/identity-service.js';
import { JwtAuthenticator } from '../auth/jwt-authenticator.js';
import { consumeUserBudget, type HttpRateLimitPolicies, loginThrottle, MemoryRateLimiter, RATE_LIMIT_POLICIES, rateLimit } from '../auth/rate-limit/index.js';
import { RefreshTokens } from '../auth/refresh-tokens.js';
import { UsersRepository } from '../auth/users-repository.js';
import type { RuntimeConfig } from '../config.js';
import type { HandlerWiring } from '../http/area-handler.js';
import { IdempotencyStore } from '../http/idempotency-store.js';
import type { Observability } from '../observability/index.js';
import { SecurityEventLog } from '../observability/security-events.js';
import type { ItemStore } from '../store/port.js';

/** Where the identity module's keys come from: files locally, Secrets Manager and KMS in the cloud. */
export interface IdentityKeySources {
  signingSeeds: SigningSeedSource;
  blindIndexKeys: BlindIndexKeySource;
  dataKeys: DataKeyProvider;
}

export interface IdentityWiring {
  identity: IdentityService;
  keyRing: SigningKeyRing;
  http: HandlerWiring;
}

export interface IdentityInputs {
  config: RuntimeConfig;
  store: ItemStore;
  redis: RedisConnection | undefined;
  clock: Clock;
  observability: Observability;
  keys: IdentityKeySources;
}

/**
 * Builds accounts, tokens, the authenticator and the rate limits from key sources. Async because
 * the blind-index key must be loaded before the first request (Lambda: during init).
 */
export async function createIdentity(inputs: IdentityInputs): Promise<IdentityWiring> {
  const { config, store, redis, clock, observability, keys } = inputs;
  const logger = {
    warn: (message: string, attributes: Record<string, unknown> = {}) => observability.logger.warn(message, attributes),
    info: (message: string, attributes: Record<string, unknown> = {}) => observability.logger.info(message, attributes),
  };
  const events = new SecurityEventLog(logger);
  const blindIndexKey = await keys.blindIndexKeys.load();
  const blindIndex = new BlindIndex(blindIndexKey);
  // Rate-limit keys are HMACs under a key derived from the blind-index key: no extra secret to manage.
  const keySecret = createHmac('sha256', blindIndexKey).update('fundcast:rate-limit-keys').digest('base64url');
  const limiter = redis ? new RedisRateLimiter({ client: redis, logger }) : new MemoryRateLimiter();
  const keyRing = new SigningKeyRing(keys.signingSeeds);
  const { ipPerMinute, authIpPerMinute, userPerMinute } = config.rateLimits;
  const policies: HttpRateLimitPolicies = {
    ...RATE_LIMIT_POLICIES,
    ip: { ...RATE_LIMIT_POLICIES.ip, points: ipPerMinute, windowSeconds: 60 },
    ipAuth: { ...RATE_LIMIT_POLICIES.ipAuth, points: authIpPerMinute, windowSeconds: 60 },
    user: { ...RATE_LIMIT_POLICIES.user, points: userPerMinute, windowSeconds: 60 },
  };
  const { issuer, audience } = config.auth;

  const identity = new IdentityService({
    users: new UsersRepository(store),
    refreshTokens: new RefreshTokens(store, config.auth.refreshTokenTtlSeconds, () => clock.now()),
    keyRing,
    fieldCipher: new EnvelopeFieldCipher(keys.dataKeys),
    blindIndex: async () => blindIndex,
    loginThrottle: loginThrottle({ tracker: limiter, keySecret, logger }),
    events,
    clock,
    config: config.auth,
  });

  return {
    identity,
    keyRing,
    http: {
      observability,
      maxBodyBytes: config.maxBodyBytes,
      authenticator: new JwtAuthenticator(keyRing, { issuer, audience, clock, events }),
      edgeGuards: [rateLimit({ limiter, logger, keySecret, policies })],
      onAuthenticated: (principal) => consumeUserBudget(limiter, principal.subject, { keySecret, logger, policy: policies.user }),
      onDenied: (details) => events.record('permission_denied', details),
      idempotencyStore: new IdempotencyStore(store, () => clock.now()),
    },
  };
}
