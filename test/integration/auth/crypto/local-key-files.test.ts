import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDataKeyProvider } from '../../../../shared/adapters/crypto/index.js';
import { LOCAL_KEY_FILES, localKeyDirectory, openLocalKeyFiles, rotateLocalSigningKeys } from '../../../../shared/adapters/secrets/index.js';
import {
  BlindIndex,
  DecryptionError,
  deriveSigningKeySet,
  EnvelopeFieldCipher,
  issueAccessToken,
  KeyMaterialError,
  SigningKeyRing,
  verifyAccessToken,
} from '../../../../shared/auth/crypto/index.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/open-key-files.ts', import.meta.url));
const TOKEN_OPTIONS = { issuer: 'https://api.fundcast.test', audience: 'fundcast-api', now: () => Date.now() };

const temporary: string[] = [];
async function freshDirectory(): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), 'fundcast-keys-'));
  temporary.push(base);
  return localKeyDirectory(base);
}
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

/** Spawns the fixture and resolves once it printed "ready"; `finished` gives its last output line. */
function startChild(directory: string): { ready: Promise<void>; child: ChildProcessWithoutNullStreams; finished: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, directory], { cwd: REPO, stdio: 'pipe' });
  let output = '';
  let errors = '';
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.startsWith('ready\n')) signalReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const finished = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output.trim().split('\n').at(-1) ?? '') : reject(new Error(`child exited ${code}: ${errors}`))));
  });
  return { ready, child, finished };
}

describe('local key files', () => {
  it('creates the directory (0700) and the three key files (0600) on first open', async () => {
    const directory = await freshDirectory();

    const keys = await openLocalKeyFiles(directory);

    expect(await modeOf(directory)).toBe(0o700);
    expect((await readdir(directory)).sort()).toEqual(['blind-index.key', 'pii-master.key', 'signing-keys.json']);
    for (const name of Object.values(LOCAL_KEY_FILES)) expect(await modeOf(join(directory, name))).toBe(0o600);
    expect(keys.piiMasterKey).toHaveLength(32);
    expect((await keys.blindIndexKeys.load()).length).toBeGreaterThanOrEqual(32);
    expect(JSON.parse(await readFile(join(directory, LOCAL_KEY_FILES.signingSeeds), 'utf8'))).toEqual({ current: (await keys.signingSeeds.load()).current });
  });

  it('creates once: a second open reads the same keys and leaves the files untouched', async () => {
    const directory = await freshDirectory();
    const first = await openLocalKeyFiles(directory);
    const inodes = await Promise.all(Object.values(LOCAL_KEY_FILES).map(async (name) => (await stat(join(directory, name))).ino));

    const second = await openLocalKeyFiles(directory);

    expect(second.piiMasterKey).toEqual(first.piiMasterKey);
    expect(await second.blindIndexKeys.load()).toEqual(await first.blindIndexKeys.load());
    expect(await second.signingSeeds.load()).toEqual(await first.signingSeeds.load());
    expect(await Promise.all(Object.values(LOCAL_KEY_FILES).map(async (name) => (await stat(join(directory, name))).ino))).toEqual(inodes);
  });

  it('gives every one of many concurrent opens in one process the same keys', async () => {
    const directory = await freshDirectory();

    const opened = await Promise.all(Array.from({ length: 10 }, () => openLocalKeyFiles(directory)));

    expect(new Set(opened.map((keys) => keys.piiMasterKey.toString('hex'))).size).toBe(1);
    expect(new Set(await Promise.all(opened.map(async (keys) => (await keys.signingSeeds.load()).current))).size).toBe(1);
    expect(await readdir(directory)).toHaveLength(3);
  });

  it('gives two processes starting at once identical keys (the second reads the first one\'s files)', async () => {
    const directory = await freshDirectory();
    const children = [startChild(directory), startChild(directory)];
    await Promise.all(children.map(({ ready }) => ready));

    for (const { child } of children) child.stdin.write('go\n');
    const [first, second] = await Promise.all(children.map(({ finished }) => finished));

    expect(JSON.parse(first ?? '')).toEqual(JSON.parse(second ?? ''));
    expect(JSON.parse(first ?? '')).toEqual({
      current: JSON.parse(await readFile(join(directory, LOCAL_KEY_FILES.signingSeeds), 'utf8')).current,
      piiMasterKey: (await openLocalKeyFiles(directory)).piiMasterKey.toString('hex'),
      blindIndexKey: Buffer.from((await readFile(join(directory, LOCAL_KEY_FILES.blindIndexKey), 'utf8')).trim()).toString('hex'),
    });
    expect((await readdir(directory)).sort()).toEqual(['blind-index.key', 'pii-master.key', 'signing-keys.json']);
  });

  it('tightens a key file that others can read back to 0600', async () => {
    const directory = await freshDirectory();
    await openLocalKeyFiles(directory);
    await chmod(join(directory, LOCAL_KEY_FILES.piiMasterKey), 0o644);

    await openLocalKeyFiles(directory);

    expect(await modeOf(join(directory, LOCAL_KEY_FILES.piiMasterKey))).toBe(0o600);
  });

  it('refuses a corrupt key file and never replaces it', async () => {
    const directory = await freshDirectory();
    await openLocalKeyFiles(directory);
    const path = join(directory, LOCAL_KEY_FILES.piiMasterKey);
    await writeFile(path, 'not a key\n');

    await expect(openLocalKeyFiles(directory)).rejects.toBeInstanceOf(KeyMaterialError);
    expect(await readFile(path, 'utf8')).toBe('not a key\n');
  });

  it('uses <DATA_DIR>/keys by default', () => {
    expect(localKeyDirectory('/srv/fundcast')).toBe(join('/srv/fundcast', 'keys'));
  });
});

describe('rotateLocalSigningKeys', () => {
  it('moves current to previous and makes a new current; old tokens verify until the next rotation', async () => {
    const directory = await freshDirectory();
    const keys = await openLocalKeyFiles(directory, { signingSeedsTtlMs: 0 });
    const ring = new SigningKeyRing(keys.signingSeeds);
    const before = await keys.signingSeeds.load();
    const oldToken = (await issueAccessToken({ subject: 'u1', roles: [], ttlSeconds: 60 }, await ring.get(), TOKEN_OPTIONS)).token;

    const kids = await rotateLocalSigningKeys(directory);
    const during = await ring.get();

    expect(await keys.signingSeeds.load()).toEqual({ current: expect.not.stringMatching(before.current), previous: before.current });
    expect(kids).toEqual({ currentKid: during.current.kid, previousKid: deriveSigningKeySet(before).current.kid });
    expect(await modeOf(join(directory, LOCAL_KEY_FILES.signingSeeds))).toBe(0o600);
    await expect(verifyAccessToken(oldToken, during, TOKEN_OPTIONS)).resolves.toMatchObject({ subject: 'u1' });

    await rotateLocalSigningKeys(directory);

    await expect(verifyAccessToken(oldToken, await ring.get(), TOKEN_OPTIONS)).rejects.toMatchObject({ reason: 'kid' });
    expect((await readdir(directory)).sort()).toEqual(['blind-index.key', 'pii-master.key', 'signing-keys.json']);
  });
});

describe('local PII encryption end to end', () => {
  it('decrypts after a restart with the same key directory, and not with another one', async () => {
    const directory = await freshDirectory();
    const keys = await openLocalKeyFiles(directory);
    const cipher = new EnvelopeFieldCipher(new LocalDataKeyProvider(keys.piiMasterKey));
    const stored = await cipher.encrypt('alice@example.com', 'user:email:u1');
    const index = (await BlindIndex.fromSource(keys.blindIndexKeys)).email('Alice@Example.com');

    const restarted = await openLocalKeyFiles(directory);
    const elsewhere = await openLocalKeyFiles(await freshDirectory());

    expect(await new EnvelopeFieldCipher(new LocalDataKeyProvider(restarted.piiMasterKey)).decrypt(stored, 'user:email:u1')).toBe('alice@example.com');
    expect((await BlindIndex.fromSource(restarted.blindIndexKeys)).email('alice@example.com')).toBe(index);
    await expect(new EnvelopeFieldCipher(new LocalDataKeyProvider(elsewhere.piiMasterKey)).decrypt(stored, 'user:email:u1')).rejects.toBeInstanceOf(
      DecryptionError,
    );
  });
});
