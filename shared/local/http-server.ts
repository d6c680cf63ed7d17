import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Area, RouteDefinition } from '../api/route-types.js';
import type { ApiHandler } from '../http/area-handler.js';
import { resolveCorrelationId } from '../http/correlation.js';
import { HttpError, MethodNotAllowedError, NotFoundError, PayloadTooLargeError } from '../http/errors.js';
import { CORRELATION_HEADER, NO_STORE, SECURITY_HEADERS } from '../http/headers.js';
import { problemResponse } from '../http/problem.js';
import { toGatewayEvent, toLambdaContext } from './gateway-event.js';
import { RouteMatcher } from './route-matcher.js';

/** API Gateway's own payload limit; route limits inside the handlers are tighter. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface LocalServerOptions {
  handlers: Readonly<Record<Area, ApiHandler>>;
  routes: readonly RouteDefinition[];
  host: string;
  port: number;
  stage: string;
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY_BYTES) {
        reject(new PayloadTooLargeError(GATEWAY_MAX_BODY_BYTES));
        request.pause();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function write(response: ServerResponse, result: APIGatewayProxyResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value !== undefined) response.setHeader(name, String(value));
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    response.setHeader(name, values.map(String));
  }
  response.statusCode = result.statusCode;
  response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

/** What API Gateway answers itself (unknown route, oversized body): the same problem+json and headers. */
function gatewayProblem(response: ServerResponse, request: IncomingMessage, error: HttpError, path: string): void {
  const correlationId = resolveCorrelationId({ headers: request.headers as Record<string, string>, requestContext: undefined as never });
  const result = problemResponse(error, correlationId, path);
  write(response, {
    ...result,
    headers: { ...result.headers, ...SECURITY_HEADERS, 'Cache-Control': NO_STORE, [CORRELATION_HEADER]: correlationId },
  });
}

/** The local API Gateway: each request becomes a proxy event for the same handler Lambda runs. */
export async function startHttpServer(options: LocalServerOptions): Promise<RunningServer> {
  const matcher = new RouteMatcher(options.routes);

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      const match = matcher.match(request.method ?? 'GET', url.pathname);
      if (!('route' in match)) {
        request.resume();
        const error = match.allowed.length > 0 ? new MethodNotAllowedError(match.allowed) : new NotFoundError();
        gatewayProblem(response, request, error, url.pathname);
        return;
      }
      const body = await readBody(request);
      const event = toGatewayEvent({
        request,
        url,
        body,
        resource: match.route.path,
        pathParameters: Object.keys(match.pathParameters).length > 0 ? match.pathParameters : null,
        stage: options.stage,
      });
      const context = toLambdaContext(`fundcast-${options.stage}-${match.route.area}`, event.requestContext.requestId);
      write(response, await options.handlers[match.route.area](event, context));
    } catch (error) {
      const httpError = error instanceof HttpError ? error : new HttpError(500, 'internal', 'Internal Server Error');
      gatewayProblem(response, request, httpError, url.pathname);
      if (httpError.status === 413) request.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
