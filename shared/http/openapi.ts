import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { RouteDefinition } from '../api/route-types.js';
import { PUBLIC } from '../api/permissions.js';
import { ProblemSchema } from '../api/schemas/problem.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';

export interface OpenApiInfo {
  version: string;
  serverUrl?: string;
}

const problem = { description: 'Problem details (RFC 9457)', content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } };

/** The OpenAPI 3.1 document, generated from the route table's zod schemas. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], info: OpenApiInfo): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = response.schema
        ? { description: response.description, content: { 'application/json': { schema: response.schema } } }
        : { description: response.description };
    }
    const isPublic = route.permission === PUBLIC;
    Object.assign(responses, {
      400: problem,
      ...(isPublic ? {} : { 401: problem, 403: problem }),
      ...(route.request?.body ? { 413: problem, 415: problem } : {}),
      429: problem,
      500: problem,
      503: problem,
    });
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      operationId: route.id,
      summary: route.summary,
      tags: [route.area],
      ...(isPublic ? { security: [] } : { security: [{ [bearer.name]: [] }], 'x-fundcast-permission': route.permission }),
      request: {
        ...(route.request?.params ? { params: route.request.params } : {}),
        ...(route.request?.query ? { query: route.request.query } : {}),
        ...(route.request?.body ? { body: { required: true, content: { 'application/json': { schema: route.request.body } } } } : {}),
      },
      responses: responses as never,
    });
  }
  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'FundCast API',
      version: info.version,
      description: 'Prediction-market trading. Money and prices are integer cents; errors are application/problem+json.',
    },
    servers: info.serverUrl ? [{ url: info.serverUrl }] : [],
  }) as unknown as Record<string, unknown>;
}
