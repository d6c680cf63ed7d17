import { CallTimeoutError } from './errors.js';

/**
 * Settles with `work`, or rejects with CallTimeoutError after `timeoutMs`. The work itself is not
 * cancelled (a promise cannot be); its late result is simply not waited for.
 */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  if (!Number.isFinite(timeoutMs)) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallTimeoutError(what, timeoutMs)), timeoutMs);
    // A pending timeout must not keep a Lambda container or a test process alive.
    timer.unref?.();
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
