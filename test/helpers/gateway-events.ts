import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { toLambdaContext } from '../../shared/local/gateway-event.js';

export interface EventOverrides {
  method?: string;
  resource: string;
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  requestId?: string;
}

/** A REST API proxy event as API Gateway sends it, for driving a handler without HTTP. */
export function gatewayEvent(overrides: EventOverrides): APIGatewayProxyEvent {
  return {
    resource: overrides.resource,
    path: overrides.path ?? overrides.resource,
    httpMethod: overrides.method ?? 'GET',
    headers: overrides.headers ?? {},
    multiValueHeaders: {},
    queryStringParameters: overrides.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: overrides.pathParameters ?? null,
    stageVariables: null,
    body: overrides.body ?? null,
    isBase64Encoded: overrides.isBase64Encoded ?? false,
    requestContext: { requestId: overrides.requestId ?? 'gw-request-1', stage: 'test' } as APIGatewayProxyEvent['requestContext'],
  };
}

export function lambdaContext(): Context {
  return toLambdaContext('fundcast-test', 'aws-request-1');
}
