import { ROUTES, type RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { buildOpenApiDocument, type RouteImplementation } from '../../shared/http/index.js';

/** Generated once per container: the route table does not change while it runs. */
export function getOpenApi(deps: AppDeps): RouteImplementation<RouteById<'getOpenApi'>> {
  let document: Record<string, unknown> | undefined;
  return async () => {
    document ??= buildOpenApiDocument(ROUTES, { version: deps.config.version });
    return { status: 200, body: document, headers: { 'Cache-Control': 'public, max-age=300' } };
  };
}
