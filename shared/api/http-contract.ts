/**
 * Response conventions every caller relies on, whoever produces the response: the handlers, the
 * local server, or API Gateway itself (CDK writes them into its gateway responses).
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Problem `type` URIs; each code is described in docs/problems.md. */
export const PROBLEM_TYPE_BASE = 'https://fundcast.dev/problems/';

/**
 * Headers on every response, errors included. Set by us rather than @middy/http-security-headers
 * because that middleware only adds CSP and frame options to HTML, and these are JSON APIs whose
 * responses must carry them too.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), geolocation=(), microphone=(), payment=()',
};

export const CORRELATION_HEADER = 'x-correlation-id';
