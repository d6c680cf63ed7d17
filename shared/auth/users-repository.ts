import { ConditionFailedError } from '../store/errors.js';
import type { Item, ItemStore } from '../store/port.js';
import type { PasswordHash } from './crypto/passwords.js';
import { EmailTakenError } from './errors.js';

/** A stored account. The email exists only as ciphertext and as a keyed hash (blind index) for lookup. */
export interface UserRecord {
  userId: string;
  emailCipher: string;
  emailIndex: string;
  password: PasswordHash;
  roles: string[];
  mfa: { enabled: boolean; secretCipher?: string; pendingSecretCipher?: string; lastUsedStep?: number };
  createdAt: string;
  version: number;
}

const userKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
const emailKey = (emailIndex: string) => ({ pk: `EMAIL#${emailIndex}`, sk: 'USER' });

function toRecord(item: Item): UserRecord {
  return {
    userId: item.userId as string,
    emailCipher: item.emailCipher as string,
    emailIndex: item.emailIndex as string,
    password: item.password as unknown as PasswordHash,
    roles: item.roles as string[],
    mfa: item.mfa as unknown as UserRecord['mfa'],
    createdAt: item.createdAt as string,
    version: item.version as number,
  };
}

/** Users on the store port: one profile item per user, one email-claim item that keeps emails unique. */
export class UsersRepository {
  constructor(private readonly store: ItemStore) {}

  /** Creates the user and claims the email in one atomic write; a taken email writes nothing. */
  async create(user: UserRecord): Promise<void> {
    try {
      await this.store.write([
        { type: 'put', table: 'main', item: { ...emailKey(user.emailIndex), type: 'email-claim', userId: user.userId }, condition: { kind: 'itemNotExists' } },
        { type: 'put', table: 'main', item: { ...userKey(user.userId), type: 'user', ...(user as unknown as Record<string, never>) }, condition: { kind: 'itemNotExists' } },
      ]);
    } catch (error) {
      if (error instanceof ConditionFailedError && error.failedIndex === 0) throw new EmailTakenError();
      throw error;
    }
  }

  async get(userId: string): Promise<UserRecord | undefined> {
    const item = await this.store.get('main', userKey(userId));
    return item ? toRecord(item) : undefined;
  }

  async findByEmailIndex(emailIndex: string): Promise<UserRecord | undefined> {
    const claim = await this.store.get('main', emailKey(emailIndex));
    return claim ? this.get(claim.userId as string) : undefined;
  }

  /**
   * Applies a change only if nobody changed the user since `expected` was read (optimistic
   * concurrency on `version`); returns false when someone did.
   */
  async update(expected: UserRecord, changes: Partial<Pick<UserRecord, 'password' | 'roles' | 'mfa'>>): Promise<boolean> {
    try {
      await this.store.write([
        {
          type: 'update',
          table: 'main',
          key: userKey(expected.userId),
          update: { set: { ...(changes as Record<string, never>) }, add: { version: 1 } },
          condition: { kind: 'compare', name: 'version', op: '=', value: expected.version },
        },
      ]);
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }
}
