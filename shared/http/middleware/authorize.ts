import { PUBLIC } from '../../api/permissions.js';
import type { Authenticator } from '../auth-port.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import { type ApiMiddleware, stateOf } from './request-state.js';

/** Enforces the permission the route table names: 401 without a valid token, 403 without the permission. */
export function authorize(authenticator: Authenticator | undefined): ApiMiddleware {
  return {
    before: async (request) => {
      const state = stateOf(request);
      const permission = state.route?.permission;
      if (permission === undefined || permission === PUBLIC) return;
      const principal = authenticator ? await authenticator.authenticate(request.event.headers?.authorization) : undefined;
      if (!principal) throw new UnauthorizedError();
      state.principal = principal;
      if (!principal.permissions.has(permission)) throw new ForbiddenError();
    },
  };
}
