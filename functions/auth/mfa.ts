import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { type RouteImplementation, subjectOf } from '../../shared/http/index.js';

export function setupMfa(deps: AppDeps): RouteImplementation<RouteById<'setupMfa'>> {
  return async (context) => ({ status: 200, body: await deps.identity.setupMfa(subjectOf(context), { correlationId: context.correlationId }) });
}

export function verifyMfa(deps: AppDeps): RouteImplementation<RouteById<'verifyMfa'>> {
  return async (context) => {
    await deps.identity.verifyMfa(subjectOf(context), context.body.code, { correlationId: context.correlationId });
    return { status: 200, body: { mfaEnabled: true } };
  };
}
