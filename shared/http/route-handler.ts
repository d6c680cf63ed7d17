import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RouteBody, RouteDefinition, RouteParams, RouteQuery } from '../api/route-types.js';
import type { Principal } from './auth-port.js';
import { UnauthorizedError } from './errors.js';

/** What a route implementation receives: validated input and request-scoped tools. */
export interface RouteContext<R extends RouteDefinition = RouteDefinition> {
  readonly params: RouteParams<R>;
  readonly query: RouteQuery<R>;
  readonly body: RouteBody<R>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly correlationId: string;
  readonly principal: Principal | undefined;
  readonly logger: Logger;
  readonly event: APIGatewayProxyEvent;
}

export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteImplementation<R extends RouteDefinition = RouteDefinition> = (
  context: RouteContext<R>,
) => Promise<RouteResult>;

/** The caller's user id on a route that requires a token (the authorize middleware guarantees one). */
export function subjectOf(context: Pick<RouteContext, 'principal'>): string {
  if (!context.principal) throw new UnauthorizedError();
  return context.principal.subject;
}
