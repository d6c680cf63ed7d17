import { randomUUID } from 'node:crypto';
import type { Clock } from '../adapters/clock.js';
import { hashSubject, type SecurityEventLog } from '../observability/security-events.js';
import type { BlindIndex, FieldCipher, SigningKeyRing } from './crypto/index.js';
import { checkPasswordPolicy, dummyVerify, hashPassword, issueAccessToken, needsRehash, verifyPassword } from './crypto/index.js';
import { createTotpSecret, otpauthUrl, verifyTotp } from './crypto/totp.js';
import { ConcurrentChangeError, InvalidCredentialsError, MfaRequiredError, MfaStateError, PasswordPolicyError, SelfGrantError, UserNotFoundError } from './errors.js';
import type { LoginThrottle } from './rate-limit/login-throttle.js';
import { DEFAULT_ROLES, type Role } from './rbac.js';
import type { RefreshTokens } from './refresh-tokens.js';
import type { UserRecord, UsersRepository } from './users-repository.js';

export interface IdentityConfig {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export interface IdentityDeps {
  users: UsersRepository;
  refreshTokens: RefreshTokens;
  keyRing: Pick<SigningKeyRing, 'get'>;
  fieldCipher: FieldCipher;
  blindIndex: () => Promise<BlindIndex>;
  loginThrottle: LoginThrottle;
  events: SecurityEventLog;
  clock: Clock;
  config: IdentityConfig;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Where a request came from, for the security-event log. */
export interface RequestOrigin {
  correlationId: string;
}

const emailContext = (userId: string) => `user:email:${userId}`;
const totpContext = (userId: string) => `user:totp:${userId}`;

/** Accounts, sign-in with rotating refresh tokens, TOTP enrolment and role grants. */
export class IdentityService {
  constructor(private readonly deps: IdentityDeps) {}

  async register(email: string, password: string, origin: RequestOrigin, roles: readonly Role[] = DEFAULT_ROLES): Promise<string> {
    const violations = checkPasswordPolicy(password, email);
    if (violations.length > 0) throw new PasswordPolicyError(violations.map(({ code, message }) => ({ code, message })));
    const userId = randomUUID();
    const index = await this.deps.blindIndex();
    await this.deps.users.create({
      userId,
      emailCipher: await this.deps.fieldCipher.encrypt(email.trim(), emailContext(userId)),
      emailIndex: index.email(email),
      password: await hashPassword(password),
      roles: [...roles],
      mfa: { enabled: false },
      createdAt: new Date(this.deps.clock.now()).toISOString(),
      version: 1,
    });
    this.deps.events.record('registered', { subject: userId, correlationId: origin.correlationId });
    return userId;
  }

  /**
   * Password (and TOTP when enabled) for a token pair. Every failure looks the same to the caller
   * and costs the same time, whether or not the email has an account.
   */
  async login(input: { email: string; password: string; totp?: string | undefined }, origin: RequestOrigin): Promise<TokenPair> {
    const { loginThrottle, events, users } = this.deps;
    await loginThrottle.assertAllowed(input.email);
    const index = await this.deps.blindIndex();
    const user = await users.findByEmailIndex(index.email(input.email));
    const passwordOk = user ? await verifyPassword(input.password, user.password) : await dummyVerify(input.password);
    if (!user || !passwordOk) {
      await loginThrottle.failed(input.email);
      events.record('login_failed', { subject: user?.userId ?? `email:${index.email(input.email)}`, correlationId: origin.correlationId, reason: 'password' });
      throw new InvalidCredentialsError();
    }
    if (user.mfa.enabled) await this.checkTotp(user, input.totp, input.email, origin);
    await loginThrottle.succeeded(input.email);
    if (needsRehash(user.password)) await users.update(await this.fresh(user), { password: await hashPassword(input.password) });
    events.record('login_succeeded', { subject: user.userId, correlationId: origin.correlationId, mfa: user.mfa.enabled });
    return this.tokensFor(user, await this.deps.refreshTokens.issue(user.userId));
  }

  /** Spends a refresh token; a spent one revokes its whole family and fails like an unknown one. */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<TokenPair> {
    const result = await this.deps.refreshTokens.spend(refreshToken);
    if (result.outcome === 'reused') {
      this.deps.events.record('refresh_reuse_detected', { subject: result.userId, correlationId: origin.correlationId, familyRevoked: true });
    }
    if (result.outcome !== 'rotated') throw new InvalidCredentialsError('The refresh token is not valid');
    const user = await this.deps.users.get(result.userId);
    if (!user) throw new InvalidCredentialsError('The refresh token is not valid');
    this.deps.events.record('refresh_rotated', { subject: user.userId, correlationId: origin.correlationId });
    return this.tokensFor(user, result.token);
  }

  async logout(refreshToken: string, origin: RequestOrigin): Promise<void> {
    const userId = await this.deps.refreshTokens.revoke(refreshToken);
    if (userId) this.deps.events.record('logout', { subject: userId, correlationId: origin.correlationId });
  }

  /** A new TOTP secret, kept encrypted as pending until a code proves the app has it. */
  async setupMfa(userId: string, origin: RequestOrigin): Promise<{ otpauthUrl: string; secret: string }> {
    const user = await this.requireUser(userId);
    if (user.mfa.enabled) throw new MfaStateError('MFA is already enabled on this account');
    const secret = createTotpSecret();
    const pendingSecretCipher = await this.deps.fieldCipher.encrypt(secret, totpContext(userId));
    if (!(await this.deps.users.update(user, { mfa: { enabled: false, pendingSecretCipher } }))) throw new ConcurrentChangeError();
    this.deps.events.record('mfa_setup_started', { subject: userId, correlationId: origin.correlationId });
    const account = await this.deps.fieldCipher.decrypt(user.emailCipher, emailContext(userId));
    return { otpauthUrl: otpauthUrl({ secret, account }), secret };
  }

  async verifyMfa(userId: string, code: string, origin: RequestOrigin): Promise<void> {
    const user = await this.requireUser(userId);
    const pending = user.mfa.pendingSecretCipher;
    if (user.mfa.enabled || !pending) throw new MfaStateError('Start MFA setup first');
    const secret = await this.deps.fieldCipher.decrypt(pending, totpContext(userId));
    const step = verifyTotp(code, secret, { now: () => this.deps.clock.now() });
    if (step === undefined) {
      this.deps.events.record('mfa_failed', { subject: userId, correlationId: origin.correlationId, reason: 'enrolment' });
      throw new InvalidCredentialsError('The code is not valid');
    }
    if (!(await this.deps.users.update(user, { mfa: { enabled: true, secretCipher: pending, lastUsedStep: step } }))) {
      throw new ConcurrentChangeError();
    }
    this.deps.events.record('mfa_enabled', { subject: userId, correlationId: origin.correlationId });
  }

  /** Replaces a user's roles. Nobody changes their own, whatever their permissions. */
  async setRoles(actorId: string, userId: string, roles: readonly Role[], origin: RequestOrigin): Promise<string[]> {
    if (actorId === userId) throw new SelfGrantError();
    const user = await this.requireUser(userId);
    const unique = [...new Set(roles)].sort();
    if (!(await this.deps.users.update(user, { roles: unique }))) throw new ConcurrentChangeError();
    this.deps.events.record('roles_changed', { subject: userId, actor: hashSubject(actorId), correlationId: origin.correlationId, roles: unique });
    return unique;
  }

  /** Whether an account exists, for operations on a user id given by an operator. */
  async exists(userId: string): Promise<boolean> {
    return (await this.deps.users.get(userId)) !== undefined;
  }

  /** The bootstrap step: creates this admin unless an account with the email exists already. */
  async ensureAdmin(email: string, password: string, origin: RequestOrigin): Promise<'created' | 'exists'> {
    const index = await this.deps.blindIndex();
    if (await this.deps.users.findByEmailIndex(index.email(email))) return 'exists';
    await this.register(email, password, origin, ['admin']);
    return 'created';
  }

  private async checkTotp(user: UserRecord, code: string | undefined, email: string, origin: RequestOrigin): Promise<void> {
    if (!code) throw new MfaRequiredError();
    const secret = await this.deps.fieldCipher.decrypt(user.mfa.secretCipher ?? '', totpContext(user.userId));
    const current = await this.fresh(user);
    const step = verifyTotp(code, secret, { now: () => this.deps.clock.now(), lastUsedStep: current.mfa.lastUsedStep });
    // The step is recorded with a version check, so the same code presented twice at once still wins only once.
    if (step === undefined || !(await this.deps.users.update(current, { mfa: { ...current.mfa, lastUsedStep: step } }))) {
      await this.deps.loginThrottle.failed(email);
      this.deps.events.record('mfa_failed', { subject: user.userId, correlationId: origin.correlationId, reason: step === undefined ? 'code' : 'replay' });
      throw new InvalidCredentialsError('Invalid email, password or code');
    }
  }

  private async tokensFor(user: UserRecord, refreshToken: string): Promise<TokenPair> {
    const { config, clock } = this.deps;
    const access = await issueAccessToken(
      { subject: user.userId, roles: user.roles, ttlSeconds: config.accessTokenTtlSeconds },
      await this.deps.keyRing.get(),
      { issuer: config.issuer, audience: config.audience, now: () => clock.now() },
    );
    return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
  }

  private async requireUser(userId: string): Promise<UserRecord> {
    const user = await this.deps.users.get(userId);
    if (!user) throw new UserNotFoundError();
    return user;
  }

  private async fresh(user: UserRecord): Promise<UserRecord> {
    return (await this.deps.users.get(user.userId)) ?? user;
  }
}
