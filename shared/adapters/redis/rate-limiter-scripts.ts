import type { BackoffPolicy } from '../../auth/rate-limit/port.js';
import type { RedisConnection } from './client.js';

/**
 * Records one failure and, when it is the `maxFailures`-th of the window, escalates: one script,
 * so Redis runs it as a single step and no command of any other container interleaves. Two
 * containers cannot both see "4 failures" and both skip the block, nor both count breach n.
 *
 * KEYS: failures counter, block marker (value = breach number), breach counter.
 * ARGV: maxFailures, windowMs, historyMs, then the block schedule in seconds (breach 1, 2 …, cap).
 * Returns {1, retryAfterMs, breach, newBreach 0|1} when blocked, {0, failuresLeft, 0, 0} otherwise.
 */
const RECORD_FAILURE = `
local blockMs = redis.call('PTTL', KEYS[2])
if blockMs > 0 then
  return {1, blockMs, tonumber(redis.call('GET', KEYS[2]) or '1'), 0}
end
local failures = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local maxFailures = tonumber(ARGV[1])
if failures < maxFailures then
  return {0, maxFailures - failures, 0, 0}
end
redis.call('DEL', KEYS[1])
local breach = redis.call('INCR', KEYS[3])
local blockSeconds = tonumber(ARGV[3 + math.min(breach, #ARGV - 3)])
redis.call('SET', KEYS[2], breach, 'EX', blockSeconds)
redis.call('PEXPIRE', KEYS[3], blockSeconds * 1000 + tonumber(ARGV[3]))
return {1, blockSeconds * 1000, breach, 1}
`;

const COMMAND = 'fcRateLimitRecordFailure';

type RecordFailureReply = [blocked: number, value: number, breach: number, newBreach: number];

interface ScriptedConnection {
  [COMMAND](failures: string, block: string, breaches: string, ...args: (string | number)[]): Promise<RecordFailureReply>;
}

/** The three keys of one subject under one back-off policy. */
export interface BackoffKeys {
  readonly failures: string;
  readonly block: string;
  readonly breaches: string;
}

/**
 * Key layout of a back-off subject. The `{…}` hash tag puts all three keys in one cluster slot,
 * which a multi-key script needs on ElastiCache in cluster mode.
 */
export function backoffKeys(prefix: string, policy: BackoffPolicy, key: string): BackoffKeys {
  const base = `${prefix}${policy.name}:{${key}}`;
  return { failures: `${base}:failures`, block: `${base}:block`, breaches: `${base}:breaches` };
}

/**
 * Registers the script on the client (EVALSHA, with ioredis re-sending it after NOSCRIPT, e.g.
 * once a restarted Redis has lost its script cache) and returns a typed caller.
 */
export function defineRecordFailure(
  client: RedisConnection,
): (keys: BackoffKeys, policy: BackoffPolicy, schedule: readonly number[]) => Promise<RecordFailureReply> {
  client.defineCommand(COMMAND, { numberOfKeys: 3, lua: RECORD_FAILURE });
  const scripted = client as unknown as ScriptedConnection;
  return (keys, policy, schedule) =>
    scripted[COMMAND](keys.failures, keys.block, keys.breaches, policy.maxFailures, policy.windowSeconds * 1000, policy.historySeconds * 1000, ...schedule);
}
