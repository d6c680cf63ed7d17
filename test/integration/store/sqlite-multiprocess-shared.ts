/** Keys and messages shared by sqlite-multiprocess.test.ts and its worker processes. */
export const HEAD = { pk: 'ledger', sk: 'head' };
export const LOG_PARTITION = 'ledger-log';
export const accountKey = (n: number) => ({ pk: `account#${n}`, sk: 'balance' });
export const logSortKey = (version: number) => String(version).padStart(8, '0');

export interface WorkerStats {
  worker: number;
  successes: number;
  /** Lost the race: another process bumped the version between our read and our write. */
  conflicts: number;
  insufficient: number;
  busy: number;
  /** Failures that a correct store can never produce (e.g. a duplicate log entry). */
  anomalies: string[];
}
