import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { OutcomeReader } from '../../../shared/sre/outcome-reader.js';
import { OutcomeRecorder, type RequestOutcome } from '../../../shared/sre/outcome-recorder.js';
import { countBelow } from '../../../shared/sre/totals.js';
import { ManualClock } from './stores.js';

const START = Date.parse('2025-03-10T10:00:00Z');
const SPAN_MS = 3 * 60 * 60_000;

const outcome: fc.Arbitrary<RequestOutcome & { container: number }> = fc.record({
  status: fc.constantFrom(200, 201, 304, 400, 404, 429, 500, 503),
  latencyMs: fc.oneof(fc.constantFrom(199, 200, 1999, 2000), fc.integer({ min: 0, max: 8_000 })),
  at: fc.integer({ min: START, max: START + SPAN_MS - 1 }),
  container: fc.integer({ min: 0, max: 1 }),
});

describe('recorded outcomes against a naive recount (SQLite)', () => {
  it('property: any window of any multiset recorded by two containers reads back its exact counts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(outcome, { maxLength: 200 }),
        fc.integer({ min: 0, max: SPAN_MS / 60_000 }),
        fc.integer({ min: 0, max: SPAN_MS / 60_000 }),
        async (outcomes, a, b) => {
          const store = new SqliteItemStore({ path: ':memory:' });
          try {
            const clock = new ManualClock(START + SPAN_MS);
            const recorders = [0, 1].map(() => new OutcomeRecorder({ store, clock }));
            for (const { container, ...rest } of outcomes) recorders[container]?.record(rest);
            await Promise.all(recorders.map((recorder) => recorder.flush()));
            const from = START + Math.min(a, b) * 60_000;
            const to = START + Math.max(a, b) * 60_000;

            const { totals } = await new OutcomeReader(store, clock).window(from, to);

            const inside = outcomes.filter((o) => o.at >= from && o.at < to);
            expect(totals.requests).toBe(inside.length);
            expect(totals.serverErrors).toBe(inside.filter((o) => o.status >= 500).length);
            expect(totals.clientErrors).toBe(inside.filter((o) => o.status >= 400 && o.status < 500).length);
            expect(countBelow(totals, 200)).toBe(inside.filter((o) => o.latencyMs < 200).length);
            expect(countBelow(totals, 2000)).toBe(inside.filter((o) => o.latencyMs < 2000).length);
            expect(totals.latencySumMs).toBe(inside.reduce((sum, o) => sum + o.latencyMs, 0));
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
