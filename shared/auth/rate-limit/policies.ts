import type { BackoffPolicy, BudgetPolicy } from './port.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Every rate-limit policy, defined once. API Gateway stage throttling and WAF stop volumetric
 * floods before they reach us; these policies are the per-client layer behind them.
 */
export const RATE_LIMIT_POLICIES = {
  /**
   * Every request per client IP. 5 requests/s sustained lets a trading screen poll book, trades
   * and positions for several people behind one NAT, while one scraper or bot cannot take a
   * container's worth of capacity. Finer control is the per-user budget.
   */
  ip: { kind: 'budget', name: 'ip', points: 300, windowSeconds: MINUTE },
  /**
   * `/auth/*` per client IP. A person logs in, refreshes or enrols MFA a handful of times an
   * hour; 20 a minute leaves room for a small office behind one address and caps credential
   * stuffing from one address at one guess every 3 s before the failure back-off even starts.
   */
  ipAuth: { kind: 'budget', name: 'ip-auth', points: 20, windowSeconds: MINUTE },
  /**
   * Every request per authenticated user. 10 requests/s covers a market maker quoting and
   * cancelling across a few markets; more than that is automation that should talk to us first.
   */
  user: { kind: 'budget', name: 'user', points: 600, windowSeconds: MINUTE },
  /**
   * Wrong passwords (or TOTP codes) per account, whatever the IP. The 5th failure in 15 min blocks
   * the account for 60 s, doubling per breach (60 s, 120 s … 17 h) up to 24 h; breaches are
   * remembered for a day after the last block ends. That keeps an online guesser to about 55
   * tries on the first day and 5 a day after, under NIST SP 800-63B's 100 consecutive failures,
   * while a person who mistypes twice is never noticed.
   * The 6th try is refused: the acceptance bar is a 429 within 10.
   */
  loginFailuresPerAccount: {
    kind: 'backoff',
    name: 'login-fail-account',
    maxFailures: 5,
    windowSeconds: 15 * MINUTE,
    baseBlockSeconds: MINUTE,
    maxBlockSeconds: DAY,
    historySeconds: DAY,
  },
  /**
   * 401/403 answers per client IP: token guessing, credential stuffing across many accounts,
   * permission probing. 30 in 5 min is far above a client whose token just expired (it gets one
   * 401 and refreshes). The cap is 1 h, not a day, because one IP can be a carrier-grade NAT
   * with thousands of innocent users; accounts are protected by their own back-off.
   */
  authFailuresPerIp: {
    kind: 'backoff',
    name: 'auth-fail-ip',
    maxFailures: 30,
    windowSeconds: 5 * MINUTE,
    baseBlockSeconds: MINUTE,
    maxBlockSeconds: HOUR,
    historySeconds: DAY,
  },
} as const satisfies Record<string, BudgetPolicy | BackoffPolicy>;

export type RateLimitPolicies = typeof RATE_LIMIT_POLICIES;
export type RateLimitPolicyName = keyof RateLimitPolicies;

/** The policies the middleware and helpers need; tests pass tighter ones of the same shape. */
export interface HttpRateLimitPolicies {
  readonly ip: BudgetPolicy;
  readonly ipAuth: BudgetPolicy;
  readonly user: BudgetPolicy;
  readonly authFailuresPerIp: BackoffPolicy;
}
