import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { Role } from '../../shared/auth/rbac.js';
import { type RouteImplementation, subjectOf } from '../../shared/http/index.js';

export function setUserRoles(deps: AppDeps): RouteImplementation<RouteById<'setUserRoles'>> {
  return async ({ params, body, principal, correlationId }) => {
    const roles = await deps.identity.setRoles(subjectOf({ principal }), params.userId, body.roles as Role[], { correlationId });
    return { status: 200, body: { userId: params.userId, roles } };
  };
}
