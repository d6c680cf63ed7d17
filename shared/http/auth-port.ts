import type { Permission } from '../api/permissions.js';

/** Who is calling, once their token has been verified. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly permissions: ReadonlySet<Permission>;
}

/**
 * Verifies the bearer token of a request. With no authenticator wired, every route that needs a
 * permission answers 401: the API fails closed.
 */
export interface Authenticator {
  authenticate(authorizationHeader: string | undefined): Promise<Principal | undefined>;
}
