import { GatewayResponse, type IRestApi, ResponseType } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, SECURITY_HEADERS } from '../../shared/api/http-contract.js';

/** How API Gateway's own errors are reported: the status we send and the problem code behind `type`. */
export interface GatewayProblem {
  readonly responseType: ResponseType;
  readonly status: number;
  readonly code: string;
  readonly title: string;
  /** Extra headers, as plain values. */
  readonly headers?: Readonly<Record<string, string>>;
}

const FORBIDDEN = { status: 403, code: 'forbidden', title: 'Forbidden' } as const;
const INTERNAL = { status: 500, code: 'internal', title: 'Internal Server Error' } as const;
const BAD_REQUEST = { status: 400, code: 'bad-request', title: 'Bad Request' } as const;
const NOT_FOUND = { status: 404, code: 'not-found', title: 'Not Found' } as const;
const TOO_MANY = {
  status: 429,
  code: 'too-many-requests',
  title: 'Too Many Requests',
  // Stage throttling is a per-second token bucket: a second later there are tokens again.
  headers: { 'Retry-After': '1' },
} as const;

/**
 * Every response API Gateway can produce without calling a function. Each type is listed (not
 * only DEFAULT_4XX/DEFAULT_5XX) because gateway-response templates are not VTL: the status in the
 * body cannot be computed, so each one must be written down. The two defaults remain as
 * catch-alls for response types AWS may add later.
 */
export const GATEWAY_PROBLEMS: readonly GatewayProblem[] = [
  { responseType: ResponseType.DEFAULT_4XX, ...BAD_REQUEST },
  { responseType: ResponseType.DEFAULT_5XX, ...INTERNAL },
  { responseType: ResponseType.BAD_REQUEST_BODY, ...BAD_REQUEST },
  { responseType: ResponseType.BAD_REQUEST_PARAMETERS, ...BAD_REQUEST },
  {
    responseType: ResponseType.UNAUTHORIZED,
    status: 401,
    code: 'unauthorized',
    title: 'Unauthorized',
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  { responseType: ResponseType.ACCESS_DENIED, ...FORBIDDEN },
  { responseType: ResponseType.EXPIRED_TOKEN, ...FORBIDDEN },
  { responseType: ResponseType.INVALID_API_KEY, ...FORBIDDEN },
  { responseType: ResponseType.INVALID_SIGNATURE, ...FORBIDDEN },
  { responseType: ResponseType.WAF_FILTERED, ...FORBIDDEN },
  // No IAM auth on any method, so "missing authentication token" only ever means "no such route".
  { responseType: ResponseType.MISSING_AUTHENTICATION_TOKEN, ...NOT_FOUND },
  { responseType: ResponseType.RESOURCE_NOT_FOUND, ...NOT_FOUND },
  { responseType: ResponseType.REQUEST_TOO_LARGE, status: 413, code: 'payload-too-large', title: 'Payload Too Large' },
  {
    responseType: ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: 415,
    code: 'unsupported-media-type',
    title: 'Unsupported Media Type',
  },
  { responseType: ResponseType.THROTTLED, ...TOO_MANY },
  { responseType: ResponseType.QUOTA_EXCEEDED, ...TOO_MANY },
  { responseType: ResponseType.API_CONFIGURATION_ERROR, ...INTERNAL },
  { responseType: ResponseType.AUTHORIZER_FAILURE, ...INTERNAL },
  { responseType: ResponseType.AUTHORIZER_CONFIGURATION_ERROR, ...INTERNAL },
  { responseType: ResponseType.INTEGRATION_FAILURE, status: 502, code: 'bad-gateway', title: 'Bad Gateway' },
  { responseType: ResponseType.INTEGRATION_TIMEOUT, status: 504, code: 'gateway-timeout', title: 'Gateway Timeout' },
];

/** Headers on every gateway-generated error: the same security headers the handlers send. */
export const GATEWAY_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': PROBLEM_CONTENT_TYPE,
  'Cache-Control': 'no-store',
  ...SECURITY_HEADERS,
};

/**
 * A static header value for a gateway response: wrapped in single quotes, with any single quote
 * inside (CSP keywords such as 'none') escaped.
 */
export function staticHeaderValue(value: string): string {
  return `'${value.replaceAll("'", "\\'")}'`;
}

/** The RFC 9457 body of a gateway problem; `$context.requestId` is API Gateway's correlation id. */
export function problemTemplate(problem: GatewayProblem): string {
  return JSON.stringify({
    type: `${PROBLEM_TYPE_BASE}${problem.code}`,
    title: problem.title,
    status: problem.status,
    correlationId: '$context.requestId',
  });
}

export interface ProblemGatewayResponsesProps {
  readonly api: IRestApi;
}

/** Rewrites every API Gateway error response to application/problem+json with security headers. */
export class ProblemGatewayResponses extends Construct {
  constructor(scope: Construct, id: string, props: ProblemGatewayResponsesProps) {
    super(scope, id);
    for (const problem of GATEWAY_PROBLEMS) {
      const headers = { ...GATEWAY_RESPONSE_HEADERS, ...problem.headers };
      new GatewayResponse(this, problem.responseType.responseType, {
        restApi: props.api,
        type: problem.responseType,
        statusCode: String(problem.status),
        responseHeaders: Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [name, staticHeaderValue(value)]),
        ),
        templates: { 'application/json': problemTemplate(problem) },
      });
    }
  }
}
