/**
 * What must never reach a log line: credentials, tokens, secrets and personal data. Applied as
 * the Powertools logger's JSON replacer, so it covers every attribute of every line, nested ones
 * included, whoever logs them.
 */
const SENSITIVE_KEY = /pass(word)?|secret|token|authori[sz]ation|cookie|totp|otp|email|e-mail|phone|name$|address|ssn|iban|card/i;
/** Keys that match the pattern above but are safe and useful to keep. */
const SAFE_KEYS = new Set(['tokenType', 'functionName', 'function_name', 'serviceName', 'service', 'hostname', 'pathname', 'route', 'name', 'logger', 'code']);

const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/gi;

export const REDACTED = '[redacted]';

/** Masks tokens and email addresses inside free text (messages, error strings). */
export function redactText(text: string): string {
  return text.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED).replace(EMAIL, REDACTED);
}

/** A JSON.stringify replacer: sensitive keys lose their value, strings lose embedded tokens and emails. */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && !SAFE_KEYS.has(key) && SENSITIVE_KEY.test(key) && value !== null && value !== undefined && typeof value !== 'boolean') {
    return REDACTED;
  }
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}
