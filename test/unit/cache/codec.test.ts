import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, FORMAT_GZIP_JSON, FORMAT_JSON } from '../../../shared/cache/codec.js';

describe('cache value codec', () => {
  it('round-trips any JSON value, compressed or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.integer({ min: 0, max: 2048 }), async (value, threshold) => {
        const encoded = await encodeValue(value, threshold);
        const json = JSON.stringify(value);
        expect(encoded[0]).toBe(Buffer.byteLength(json) > threshold ? FORMAT_GZIP_JSON : FORMAT_JSON);
        expect(JSON.stringify(await decodeValue(encoded))).toBe(json);
      }),
      { numRuns: 200 },
    );
  });

  it('compresses above the default 1 KiB threshold only', async () => {
    expect((await encodeValue('a'.repeat(1000)))[0]).toBe(FORMAT_JSON);
    const big = await encodeValue('a'.repeat(5000));
    expect(big[0]).toBe(FORMAT_GZIP_JSON);
    expect(big.length).toBeLessThan(200);
  });

  it('rejects unknown markers and non-serialisable values', async () => {
    await expect(decodeValue(Buffer.from([0x7f, 0x31]))).rejects.toThrow('unknown cache value format marker');
    await expect(encodeValue(undefined)).rejects.toThrow(TypeError);
  });
});
