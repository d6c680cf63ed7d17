import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { NotFoundError, type RouteImplementation, subjectOf } from '../../shared/http/index.js';

export function creditAccount(deps: AppDeps): RouteImplementation<RouteById<'creditAccount'>> {
  return async ({ params, body, principal }) => {
    const actorId = subjectOf({ principal });
    // Crediting a mistyped id would create an orphan account holding real money.
    if (!(await deps.identity.exists(params.userId))) throw new NotFoundError('No such user');
    return { status: 201, body: await deps.trading.credit(params.userId, body.amount, body.reason, actorId) };
  };
}
