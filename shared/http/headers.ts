export { CORRELATION_HEADER, SECURITY_HEADERS } from '../api/http-contract.js';

/** Responses that depend on who asks must never sit in a shared cache. */
export const NO_STORE = 'no-store';

export const DEGRADED_HEADER = 'x-fundcast-degraded';
