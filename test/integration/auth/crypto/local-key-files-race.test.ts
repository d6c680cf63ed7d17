import type * as FsPromises from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_KEY_FILES, openLocalKeyFiles } from '../../../../shared/adapters/secrets/index.js';

/**
 * Fault injection: two real processes rarely collide inside the few milliseconds between "the file
 * is absent" and "my file is in place", so the collision is staged here. Whenever the adapter opens
 * its temp file, another "process" publishes the same key file first; the adapter must then adopt
 * that file, not overwrite it.
 */
const race = vi.hoisted(() => ({ onTempOpen: undefined as ((tempPath: string) => Promise<void>) | undefined }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const open: typeof actual.open = async (...args) => {
    const [path] = args;
    if (typeof path === 'string' && path.endsWith('.tmp')) await race.onTempOpen?.(path);
    return actual.open(...args);
  };
  return { ...actual, open, default: { ...actual, open } };
});

const COMPETITOR = {
  [LOCAL_KEY_FILES.signingSeeds]: `${JSON.stringify({ current: 'competitor-seed-0123456789abcdefghijklmnop' })}\n`,
  [LOCAL_KEY_FILES.piiMasterKey]: `${Buffer.alloc(32, 0xab).toString('base64')}\n`,
  [LOCAL_KEY_FILES.blindIndexKey]: 'competitor-blind-index-key-0123456789abcdef\n',
} as const;

const directories: string[] = [];
afterEach(async () => {
  race.onTempOpen = undefined;
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('local key files: losing the creation race (injected: another process publishes first)', () => {
  it("adopts the other process's keys and leaves its files as they were", async () => {
    const directory = await mkdtemp(join(tmpdir(), 'fundcast-keys-race-'));
    directories.push(directory);
    const staged: string[] = [];
    race.onTempOpen = async (tempPath) => {
      const name = Object.keys(COMPETITOR).find((candidate) => tempPath.startsWith(join(directory, `${candidate}.`))) as keyof typeof COMPETITOR;
      staged.push(name);
      await writeFile(join(directory, name), COMPETITOR[name], { flag: 'wx', mode: 0o600 });
    };

    const keys = await openLocalKeyFiles(directory);

    expect(staged.sort()).toEqual(Object.keys(COMPETITOR).sort());
    expect(await keys.signingSeeds.load()).toEqual({ current: 'competitor-seed-0123456789abcdefghijklmnop' });
    expect(keys.piiMasterKey).toEqual(Buffer.alloc(32, 0xab));
    expect((await keys.blindIndexKeys.load()).toString('utf8')).toBe('competitor-blind-index-key-0123456789abcdef');
    for (const [name, content] of Object.entries(COMPETITOR)) expect(await readFile(join(directory, name), 'utf8')).toBe(content);
    expect((await readdir(directory)).sort()).toEqual(Object.keys(COMPETITOR).sort());
  });
});
