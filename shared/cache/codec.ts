import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** First byte of every L2 value: how the rest is encoded. */
export const FORMAT_JSON = 0x00;
export const FORMAT_GZIP_JSON = 0x01;

/** Values whose JSON is larger than this many bytes are gzip-compressed by default. */
export const DEFAULT_COMPRESSION_THRESHOLD_BYTES = 1024;

/** JSON-serialises `value`; gzips it when the JSON exceeds `thresholdBytes`; prefixes a 1-byte format marker. */
export async function encodeValue(value: unknown, thresholdBytes = DEFAULT_COMPRESSION_THRESHOLD_BYTES): Promise<Buffer> {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('cache values must be JSON-serialisable');
  const raw = Buffer.from(json, 'utf8');
  if (raw.length > thresholdBytes) {
    const compressed = await gzipAsync(raw);
    return Buffer.concat([Buffer.of(FORMAT_GZIP_JSON), compressed]);
  }
  return Buffer.concat([Buffer.of(FORMAT_JSON), raw]);
}

/** Inverse of encodeValue; throws on an unknown marker or corrupt payload. */
export async function decodeValue(buffer: Buffer): Promise<unknown> {
  const marker = buffer[0];
  const body = buffer.subarray(1);
  if (marker === FORMAT_JSON) return JSON.parse(body.toString('utf8')) as unknown;
  if (marker === FORMAT_GZIP_JSON) return JSON.parse((await gunzipAsync(body)).toString('utf8')) as unknown;
  throw new Error(`unknown cache value format marker: ${String(marker)}`);
}
