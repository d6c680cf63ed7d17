import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlushResult } from '../../../shared/sre/outcome-recorder.js';
import type { ItemStore } from '../../../shared/store/port.js';
import { OutcomeReader } from '../../../shared/sre/outcome-reader.js';
import { OutcomeRecorder } from '../../../shared/sre/outcome-recorder.js';
import { FaultInjectingStore, ManualClock, realStores } from './stores.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Windows end just after midnight at a month's end, so they cross day and month partitions. */
const END = Date.parse('2025-03-01T00:40:00Z');
const FIRST_HOURLY = Date.parse('2025-01-29T00:30:00Z');

/**
 * Traffic: one request at :30 of every hour from 29 January to 1 March 00:30, plus one request
 * in every minute from 28 February 23:00 to 1 March 00:45.
 */
async function recordTraffic(store: ItemStore, clock: ManualClock) {
  const recorder = new OutcomeRecorder({ store, clock });
  for (let at = FIRST_HOURLY; at < END; at += HOUR) recorder.record({ status: 200, latencyMs: 10, at });
  for (let at = Date.parse('2025-02-28T23:00:00Z'); at <= Date.parse('2025-03-01T00:45:00Z'); at += MINUTE) {
    recorder.record({ status: 500, latencyMs: 10, at });
  }
  return recorder.flush();
}

describe.each(realStores())('outcome windows on $name', (kind) => {
  let stores: ItemStore[];
  let store: FaultInjectingStore;
  let reader: OutcomeReader;
  let flushed: FlushResult;

  // The traffic is only read by these tests, so it is written once.
  beforeAll(async () => {
    stores = await kind.open();
    store = new FaultInjectingStore(stores[0] as ItemStore);
    const clock = new ManualClock(END + 10_000);
    reader = new OutcomeReader(store, clock);
    flushed = await recordTraffic(store, clock);
  });

  beforeEach(() => {
    store.itemsRead.length = 0;
  });

  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('reads a 1 h window from exactly its 60 minute items, across a day and month boundary', async () => {
    const window = await reader.window(END - HOUR, END);

    expect(window.totals.requests).toBe(60 + 1); // a request per minute, plus 00:30's hourly one
    expect(window.totals.serverErrors).toBe(60);
    expect(store.itemsRead).toHaveLength(60);
    expect(store.itemsRead.every((item) => item.pk.startsWith('SRE#M#'))).toBe(true);
    expect(new Set(store.itemsRead.map((item) => item.pk))).toEqual(new Set(['SRE#M#2025-02-28', 'SRE#M#2025-03-01']));
  });

  it('reads 30 days from 720 hour items and the partial hour from minute items', async () => {
    const window = await reader.window(END - 30 * DAY, END);

    // Minute items older than 8 days are not written: nobody would read them.
    expect(flushed.dropped).toBeGreaterThan(0);
    // 30 January 00:40 is past minute retention, so the window starts at 00:00 of that hour.
    expect(window.from).toBe(Date.parse('2025-01-30T00:00:00Z'));
    const hourItems = store.itemsRead.filter((item) => item.pk.startsWith('SRE#H#'));
    const minuteItems = store.itemsRead.filter((item) => item.pk.startsWith('SRE#M#'));
    expect(hourItems).toHaveLength(720);
    expect(minuteItems).toHaveLength(40);
    expect(window.totals.requests).toBe(720 + 1 + 60 + 40); // hourly, 1 March 00:30, minutes of 23:xx and 00:00–00:39
  });

  it('a window without traffic reads as zero requests', async () => {
    const window = await reader.window(END + HOUR, END + 2 * HOUR);

    expect(window.totals.requests).toBe(0);
    expect(window.totals.histogram.every((count) => count === 0)).toBe(true);
  });

  it('a window that ends before it starts is empty and reads nothing', async () => {
    const window = await reader.window(END, END - HOUR);

    expect(window.totals.requests).toBe(0);
    expect(store.itemsRead).toHaveLength(0);
  });
});
