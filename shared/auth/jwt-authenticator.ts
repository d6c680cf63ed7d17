import type { Clock } from '../adapters/clock.js';
import type { Authenticator, Principal } from '../http/auth-port.js';
import type { SecurityEventLog } from '../observability/security-events.js';
import { InvalidTokenError, type SigningKeyRing, verifyAccessToken } from './crypto/index.js';
import { permissionsOf } from './rbac.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * Turns `Authorization: Bearer <access token>` into a principal: the token's signature (EdDSA
 * only), issuer, audience, type and times are checked; its roles become permissions by the RBAC
 * table. Any failure is simply "not authenticated" (401), logged as a security event with its reason.
 */
export class JwtAuthenticator implements Authenticator {
  constructor(
    private readonly keyRing: Pick<SigningKeyRing, 'get'>,
    private readonly options: { issuer: string; audience: string; clock: Clock; events: SecurityEventLog },
  ) {}

  async authenticate(authorizationHeader: string | undefined): Promise<Principal | undefined> {
    if (!authorizationHeader) return undefined;
    const token = BEARER.exec(authorizationHeader)?.[1];
    if (!token) {
      this.options.events.record('token_rejected', { reason: 'malformed' });
      return undefined;
    }
    try {
      const verified = await verifyAccessToken(token, await this.keyRing.get(), {
        issuer: this.options.issuer,
        audience: this.options.audience,
        now: () => this.options.clock.now(),
      });
      return { subject: verified.subject, roles: verified.roles, permissions: permissionsOf(verified.roles) };
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      this.options.events.record('token_rejected', { reason: error.reason });
      return undefined;
    }
  }
}
