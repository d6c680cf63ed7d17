import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  deriveSigningKeySet,
  KeyMaterialError,
  MIN_BLIND_INDEX_KEY_BYTES,
  MIN_SEED_LENGTH,
  type BlindIndexKeySource,
  type SigningSeeds,
  type SigningSeedSource,
} from '../../auth/crypto/index.js';
import { RefreshingValue } from './refreshing-value.js';

/** The key files of a local (single-machine) deployment, under one directory. */
export const LOCAL_KEY_FILES = {
  signingSeeds: 'signing-keys.json',
  piiMasterKey: 'pii-master.key',
  blindIndexKey: 'blind-index.key',
} as const;

/** Where the key files live by default: `<DATA_DIR>/keys`. */
export const localKeyDirectory = (dataDir: string): string => join(dataDir, 'keys');

/** The local key material, read (and created on first start) by {@link openLocalKeyFiles}. */
export interface LocalKeyMaterial {
  readonly directory: string;
  /** Re-reads `signing-keys.json` every few seconds, so a rotation reaches a running server. */
  readonly signingSeeds: SigningSeedSource;
  readonly blindIndexKeys: BlindIndexKeySource;
  /** The 32-byte key-encryption key for `LocalDataKeyProvider`. */
  readonly piiMasterKey: Buffer;
}

/** Tuning of {@link openLocalKeyFiles}. */
export interface LocalKeyFileOptions {
  /** How long the signing seeds are served before the file is read again. Default 10 s. */
  readonly signingSeedsTtlMs?: number;
}

const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;
const POSIX = process.platform !== 'win32';
const errorCode = (error: unknown): unknown => (error as NodeJS.ErrnoException | null)?.code;
const randomSeed = (): string => randomBytes(32).toString('base64url');

async function ensureDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: DIRECTORY_MODE });
  if (POSIX) await chmod(directory, DIRECTORY_MODE);
}

/** Makes the rename or link that published a file durable, where the platform allows syncing a directory. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported everywhere (Windows); the data itself was already synced.
  }
}

/** A new private temp file beside `path` holding `content`, synced. `wx`: never reuses someone else's file. */
async function writeTemp(path: string, content: string): Promise<string> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

async function readKeyFile(path: string): Promise<string> {
  // A key file others can read is tightened rather than refused: it is ours, and refusing would stop the service.
  if (POSIX && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, FILE_MODE);
  return readFile(path, 'utf8');
}

/**
 * Reads `name`, or creates it with `fresh()` if absent. Creation writes a temp file and then
 * hard-links it into place: the link fails if the name exists, so of two processes starting at
 * once the second reads the first's key instead of overwriting it (rename would clobber), and no
 * reader ever sees a half-written file (an open with `wx` on the final name would allow that).
 */
async function readOrCreate<T>(directory: string, name: string, fresh: () => string, parse: (text: string) => T): Promise<T> {
  const path = join(directory, name);
  const parseNamed = (text: string): T => {
    try {
      return parse(text);
    } catch (error) {
      throw new KeyMaterialError(`The key file ${path} is corrupt; restore it from a backup (data encrypted under it cannot be read without it)`, {
        cause: error,
      });
    }
  };
  try {
    return parseNamed(await readKeyFile(path));
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  const temp = await writeTemp(path, fresh());
  try {
    await link(temp, path);
    await syncDirectory(directory);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return parseNamed(await readKeyFile(path));
}

function parseSeeds(text: string): SigningSeeds {
  const { current, previous } = JSON.parse(text) as { current?: unknown; previous?: unknown };
  const seed = (value: unknown): value is string => typeof value === 'string' && value.length >= MIN_SEED_LENGTH;
  if (!seed(current) || (previous !== undefined && !seed(previous))) throw new Error('signing seeds missing or too short');
  return previous === undefined ? { current } : { current, previous };
}

function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== 32) throw new Error('not 32 bytes of base64');
  return key;
}

function parseBlindIndexKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'utf8');
  if (key.length < MIN_BLIND_INDEX_KEY_BYTES) throw new Error('blind-index key too short');
  return key;
}

const seedsFile = (seeds: SigningSeeds): string => `${JSON.stringify(seeds, null, 2)}\n`;
const readSeeds = (directory: string): Promise<SigningSeeds> =>
  readOrCreate(directory, LOCAL_KEY_FILES.signingSeeds, () => seedsFile({ current: randomSeed() }), parseSeeds);

/**
 * Opens the key directory (default `<DATA_DIR>/keys`, mode 0700), creating each missing key file
 * (mode 0600) with fresh random material. Safe to call from several processes at once: all end up
 * with the same keys. An existing file is never overwritten; a corrupt one is an error.
 */
export async function openLocalKeyFiles(directory: string, options: LocalKeyFileOptions = {}): Promise<LocalKeyMaterial> {
  await ensureDirectory(directory);
  await readSeeds(directory);
  const piiMasterKey = await readOrCreate(directory, LOCAL_KEY_FILES.piiMasterKey, () => `${randomBytes(32).toString('base64')}\n`, parseMasterKey);
  const blindIndexKey = await readOrCreate(directory, LOCAL_KEY_FILES.blindIndexKey, () => `${randomSeed()}\n`, parseBlindIndexKey);
  const seeds = new RefreshingValue(() => readSeeds(directory), { ttlMs: options.signingSeedsTtlMs ?? 10_000 });
  return {
    directory,
    signingSeeds: { load: () => seeds.get() },
    blindIndexKeys: { load: async () => Buffer.from(blindIndexKey) },
    piiMasterKey,
  };
}

/**
 * Rotates the local signing seeds: the current seed becomes `previous` (tokens it signed keep
 * verifying until they expire) and a new random seed becomes `current`. Replaces the file
 * atomically (temp + rename). Returns the key ids, for the rotation script to print.
 */
export async function rotateLocalSigningKeys(directory: string): Promise<{ currentKid: string; previousKid: string }> {
  await ensureDirectory(directory);
  const old = await readSeeds(directory);
  const rotated: SigningSeeds = { current: randomSeed(), previous: old.current };
  const path = join(directory, LOCAL_KEY_FILES.signingSeeds);
  const temp = await writeTemp(path, seedsFile(rotated));
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
  const [currentKid, previousKid] = [...deriveSigningKeySet(rotated).verificationKeys.keys()];
  if (currentKid === undefined || previousKid === undefined) throw new KeyMaterialError('The rotated seeds did not give two keys');
  return { currentKid, previousKid };
}
