import { createHash } from 'node:crypto';

export const SECURITY_EVENTS = [
  'registered',
  'login_succeeded',
  'login_failed',
  'login_locked_out',
  'mfa_setup_started',
  'mfa_enabled',
  'mfa_failed',
  'refresh_rotated',
  'refresh_reuse_detected',
  'logout',
  'token_rejected',
  'permission_denied',
  'rate_limited',
  'roles_changed',
] as const;
export type SecurityEventType = (typeof SECURITY_EVENTS)[number];

interface EventLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}

const WARNINGS = new Set<SecurityEventType>(['login_failed', 'login_locked_out', 'mfa_failed', 'refresh_reuse_detected', 'token_rejected', 'permission_denied', 'rate_limited']);

/** The subject as it appears in the security log: a stable hash, never the id, email or token itself. */
export function hashSubject(subject: string): string {
  return createHash('sha256').update(`fundcast-subject:${subject}`).digest('base64url').slice(0, 22);
}

/**
 * The structured security-event log: one line per event with its type, the hashed subject and
 * the correlation id, so an investigation can follow one caller without the log holding PII.
 */
export class SecurityEventLog {
  constructor(private readonly logger: EventLogger) {}

  record(type: SecurityEventType, details: { subject?: string; correlationId?: string; reason?: string; [key: string]: unknown }): void {
    const { subject, ...rest } = details;
    const line = { securityEvent: type, ...(subject ? { subjectHash: hashSubject(subject) } : {}), ...rest };
    if (WARNINGS.has(type)) this.logger.warn('security event', line);
    else this.logger.info('security event', line);
  }
}
