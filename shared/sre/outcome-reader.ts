import type { Item, ItemStore } from '../store/port.js';
import { floorTo, hourKey, HOUR_MS, MINUTE_MS, MINUTE_RETENTION_MS, minuteKey, SRE_TABLE } from './bucket-keys.js';
import type { Clock } from './clock.js';
import { addTotals, COUNTER_ATTRIBUTES, emptyTotals, HISTOGRAM_ATTRIBUTES, type OutcomeTotals } from './totals.js';

/** Minute items older than this may already be gone; an edge that old is read from its hour item. */
const MINUTE_READ_LIMIT_MS = MINUTE_RETENTION_MS - HOUR_MS;

export interface OutcomeWindow {
  /** Start of the first minute read (epoch ms). */
  from: number;
  /** End (exclusive) of the last minute read. */
  to: number;
  totals: OutcomeTotals;
}

interface Range {
  pk: string;
  from: string;
  to: string;
}

/**
 * Sums the stored outcome buckets of a time window. Whole hours come from hour items and the
 * partial hours at either edge from minute items, so 30 days cost about 720 hour items plus at
 * most 59 minute items, and one hour at most 60 minute items. Every read is a key-condition
 * query on a day or month partition.
 */
export class OutcomeReader {
  readonly #store: ItemStore;
  readonly #clock: Clock;

  constructor(store: ItemStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /**
   * The minutes from `floor(from)` up to `floor(to)` (exclusive). Where a partial hour at an
   * edge is older than the minute items' retention, the whole hour is read instead and the
   * window widened to say so (only a 30-day window reaches that far).
   */
  async window(fromMs: number, toMs: number): Promise<OutcomeWindow> {
    let from = floorTo(fromMs, MINUTE_MS);
    let to = floorTo(toMs, MINUTE_MS);
    if (to <= from) return { from, to: from, totals: emptyTotals() };
    const oldestMinute = this.#clock.now() - MINUTE_READ_LIMIT_MS;
    if (from < oldestMinute) from = floorTo(from, HOUR_MS);
    if (to < oldestMinute) to = Math.ceil(to / HOUR_MS) * HOUR_MS;

    const minuteRanges: Range[] = [];
    const hours: number[] = [];
    for (let cursor = from; cursor < to; ) {
      const hourEnd = floorTo(cursor, HOUR_MS) + HOUR_MS;
      const end = Math.min(hourEnd, to);
      if (cursor % HOUR_MS === 0 && end === hourEnd) hours.push(cursor);
      else minuteRanges.push(minuteRange(cursor, end));
      cursor = end;
    }
    const ranges = [...minuteRanges, ...hourRanges(hours)];
    const pages = await Promise.all(ranges.map((range) => this.#readRange(range)));
    const totals = emptyTotals();
    for (const items of pages) for (const item of items) addTotals(totals, totalsOf(item));
    return { from, to, totals };
  }

  async #readRange(range: Range): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#store.query(SRE_TABLE, {
        partition: range.pk,
        sort: { op: 'between', from: range.from, to: range.to },
        limit: 100,
        ...(cursor === undefined ? {} : { cursor }),
      });
      items.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return items;
  }
}

/** Minutes [start, end) inside one hour, hence inside one day partition. */
function minuteRange(start: number, end: number): Range {
  const first = minuteKey(start);
  return { pk: first.pk, from: first.sk, to: minuteKey(end - MINUTE_MS).sk };
}

/** Consecutive hours, one range per month partition they fall in. */
function hourRanges(hours: number[]): Range[] {
  const byMonth = new Map<string, Range>();
  for (const start of hours) {
    const key = hourKey(start);
    const range = byMonth.get(key.pk);
    if (range === undefined) byMonth.set(key.pk, { pk: key.pk, from: key.sk, to: key.sk });
    else range.to = key.sk;
  }
  return [...byMonth.values()];
}

function numberOf(item: Item, name: string): number {
  const value = item[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function totalsOf(item: Item): OutcomeTotals {
  const totals = emptyTotals();
  for (const name of COUNTER_ATTRIBUTES) totals[name] = numberOf(item, name);
  totals.histogram = HISTOGRAM_ATTRIBUTES.map((name) => numberOf(item, name));
  return totals;
}
