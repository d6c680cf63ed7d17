/** Base of identity failures; `code` is stable, messages are safe to show callers. */
export class IdentityError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdentityError';
    this.code = code;
  }
}

/** Wrong email, password, code or token. One message for all, so a caller learns nothing about which. */
export class InvalidCredentialsError extends IdentityError {
  constructor(message = 'Invalid email or password', options?: ErrorOptions) {
    super('INVALID_CREDENTIALS', message, options);
    this.name = 'InvalidCredentialsError';
  }
}

/** The password was right but the account needs a TOTP code too. */
export class MfaRequiredError extends IdentityError {
  constructor() {
    super('MFA_REQUIRED', 'This account requires a TOTP code');
    this.name = 'MfaRequiredError';
  }
}

export class PasswordPolicyError extends IdentityError {
  readonly violations: { code: string; message: string }[];
  constructor(violations: { code: string; message: string }[]) {
    super('PASSWORD_POLICY', 'The password does not meet the policy');
    this.name = 'PasswordPolicyError';
    this.violations = violations;
  }
}

/** Registration for an email that already has an account. */
export class EmailTakenError extends IdentityError {
  constructor() {
    super('EMAIL_TAKEN', 'An account with this email already exists');
    this.name = 'EmailTakenError';
  }
}

export class UserNotFoundError extends IdentityError {
  constructor() {
    super('USER_NOT_FOUND', 'No such user');
    this.name = 'UserNotFoundError';
  }
}

/** An action the caller may never take, whatever their roles (e.g. changing their own roles). */
export class SelfGrantError extends IdentityError {
  constructor() {
    super('SELF_GRANT', 'Nobody may change their own roles');
    this.name = 'SelfGrantError';
  }
}

export class MfaStateError extends IdentityError {
  constructor(message: string) {
    super('MFA_STATE', message);
    this.name = 'MfaStateError';
  }
}

/** The account changed between read and write (a concurrent request); the caller may retry. */
export class ConcurrentChangeError extends IdentityError {
  constructor() {
    super('CONCURRENT_CHANGE', 'The account changed while the request ran; try again');
    this.name = 'ConcurrentChangeError';
  }
}
