import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ConditionFailedError } from '../store/errors.js';
import type { ItemStore } from '../store/port.js';

/** What spending a refresh token found. */
export type SpendResult =
  | { outcome: 'rotated'; userId: string; token: string }
  | { outcome: 'reused'; userId: string; familyId: string }
  | { outcome: 'invalid' };

// Refresh tokens are 256 random bits: a plain SHA-256 is enough to store them (nothing to brute-force).
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const tokenKey = (token: string) => ({ pk: `REFRESH#${hashToken(token)}`, sk: 'TOKEN' });
const familyKey = (familyId: string) => ({ pk: `FAMILY#${familyId}`, sk: 'STATE' });
const newToken = () => randomBytes(32).toString('base64url');

/**
 * Rotating refresh tokens in families: every refresh spends the presented token and issues its
 * successor in one atomic write. Presenting a spent token means it was stolen or replayed, so the
 * whole family (every descendant) is revoked.
 */
export class RefreshTokens {
  constructor(
    private readonly store: ItemStore,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  /** Starts a new family (a sign-in) and returns its first token. */
  async issue(userId: string): Promise<string> {
    const familyId = randomUUID();
    const token = newToken();
    const expiresAt = this.expiry();
    await this.store.write([
      { type: 'put', table: 'main', item: { ...familyKey(familyId), type: 'token-family', userId, revoked: false, expiresAt }, condition: { kind: 'itemNotExists' } },
      { type: 'put', table: 'main', item: { ...tokenKey(token), type: 'refresh-token', familyId, userId, status: 'active', expiresAt }, condition: { kind: 'itemNotExists' } },
    ]);
    return token;
  }

  /** Spends `token` for a successor; a spent (or concurrently spent) token revokes its family. */
  async spend(token: string): Promise<SpendResult> {
    const current = await this.store.get('main', tokenKey(token), { consistent: true });
    if (!current || (current.expiresAt as number) <= this.nowSeconds()) return { outcome: 'invalid' };
    const familyId = current.familyId as string;
    const userId = current.userId as string;
    if (current.status !== 'active') {
      await this.revokeFamily(familyId);
      return { outcome: 'reused', userId, familyId };
    }
    const family = await this.store.get('main', familyKey(familyId), { consistent: true });
    if (!family || family.revoked === true) return { outcome: 'invalid' };
    const successor = newToken();
    try {
      await this.store.write([
        {
          type: 'update',
          table: 'main',
          key: tokenKey(token),
          update: { set: { status: 'spent' } },
          condition: { kind: 'compare', name: 'status', op: '=', value: 'active' },
        },
        { type: 'check', table: 'main', key: familyKey(familyId), condition: { kind: 'compare', name: 'revoked', op: '=', value: false } },
        {
          type: 'put',
          table: 'main',
          item: { ...tokenKey(successor), type: 'refresh-token', familyId, userId, status: 'active', expiresAt: this.expiry() },
          condition: { kind: 'itemNotExists' },
        },
      ]);
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      // Two presentations of one token raced: whichever lost is a reuse, exactly as if it came later.
      await this.revokeFamily(familyId);
      return error.failedIndex === 1 ? { outcome: 'invalid' } : { outcome: 'reused', userId, familyId };
    }
    return { outcome: 'rotated', userId, token: successor };
  }

  /** Revokes the family `token` belongs to; unknown tokens are ignored. Returns the owner, if any. */
  async revoke(token: string): Promise<string | undefined> {
    const current = await this.store.get('main', tokenKey(token), { consistent: true });
    if (!current) return undefined;
    await this.revokeFamily(current.familyId as string);
    return current.userId as string;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.store.write([{ type: 'update', table: 'main', key: familyKey(familyId), update: { set: { revoked: true } }, condition: { kind: 'itemExists' } }]).catch((error: unknown) => {
      if (!(error instanceof ConditionFailedError)) throw error;
    });
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private expiry(): number {
    return this.nowSeconds() + this.ttlSeconds;
  }
}
