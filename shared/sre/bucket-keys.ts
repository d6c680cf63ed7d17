import type { ItemKey } from '../store/port.js';

/**
 * Where outcome buckets live in the `main` table (docs/data-model.md, "SRE items"). All times
 * are UTC. Minute items are partitioned by day and hour items by month, so any window is a few
 * key-condition queries: a sort-key range inside each partition it touches.
 */
export const SRE_TABLE = 'main' as const;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Long enough for the longest minute-level window (3 d) plus a margin for late readers. */
export const MINUTE_RETENTION_MS = 8 * DAY_MS;
/** The 30-day SLO window plus a margin. */
export const HOUR_RETENTION_MS = 35 * DAY_MS;

export type Resolution = 'minute' | 'hour';

export const SRE_ITEM_TYPE = { minute: 'sre-minute', hour: 'sre-hour', alert: 'sre-alert' } as const;

export const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;

const iso = (ms: number) => new Date(ms).toISOString();

/** `SRE#M#<yyyy-mm-dd>` / `<hh:mm>` for the minute that starts at `start`. */
export function minuteKey(start: number): ItemKey {
  const text = iso(start);
  return { pk: `SRE#M#${text.slice(0, 10)}`, sk: text.slice(11, 16) };
}

/** `SRE#H#<yyyy-mm>` / `<dd>T<hh>` for the hour that starts at `start`. */
export function hourKey(start: number): ItemKey {
  const text = iso(start);
  return { pk: `SRE#H#${text.slice(0, 7)}`, sk: text.slice(8, 13) };
}

export function bucketKey(resolution: Resolution, start: number): ItemKey {
  return resolution === 'minute' ? minuteKey(start) : hourKey(start);
}

/** TTL (epoch seconds) from the bucket's start, so every container writes the same value. */
export function bucketExpiresAt(resolution: Resolution, start: number): number {
  const retention = resolution === 'minute' ? MINUTE_RETENTION_MS : HOUR_RETENTION_MS;
  const unit = resolution === 'minute' ? MINUTE_MS : HOUR_MS;
  return Math.floor((start + unit + retention) / 1000);
}

/** The cooldown item of one alert rule. */
export function alertKey(ruleId: string): ItemKey {
  return { pk: `SRE#ALERT#${ruleId}`, sk: 'COOLDOWN' };
}
