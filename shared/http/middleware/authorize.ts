import { AUTHENTICATED, PUBLIC } from '../../api/permissions.js';
import type { Authenticator, Principal } from '../auth-port.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import { type ApiMiddleware, stateOf } from './request-state.js';

/** Enforces the permission the route table names: 401 without a valid token, 403 without the permission. */
export function authorize(
  authenticator: Authenticator | undefined,
  onAuthenticated?: (principal: Principal) => Promise<void>,
  onDenied?: (details: { subject: string; permission: string; route: string }) => void,
): ApiMiddleware {
  return {
    before: async (request) => {
      const state = stateOf(request);
      const permission = state.route?.permission;
      if (permission === undefined || permission === PUBLIC) return;
      const principal = authenticator ? await authenticator.authenticate(request.event.headers?.authorization) : undefined;
      if (!principal) throw new UnauthorizedError();
      state.principal = principal;
      await onAuthenticated?.(principal);
      if (permission !== AUTHENTICATED && !principal.permissions.has(permission)) {
        onDenied?.({ subject: principal.subject, permission, route: state.route?.id ?? 'unknown' });
        throw new ForbiddenError();
      }
    },
  };
}
