/**
 * Headers on every response, errors included. Set here rather than with
 * @middy/http-security-headers because that middleware only adds CSP and frame options to HTML,
 * and these are JSON APIs whose responses must carry them too.
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

/** Responses that depend on who asks must never sit in a shared cache. */
export const NO_STORE = 'no-store';

export const CORRELATION_HEADER = 'x-correlation-id';
export const DEGRADED_HEADER = 'x-fundcast-degraded';
