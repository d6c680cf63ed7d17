import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root. Entries and the lock file are resolved from here rather than from the
 * shell's working directory, so `cdk synth`, the tests and editors all bundle the same files.
 */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The lock file esbuild bundling pins against (NodejsFunction needs exactly one). */
export const LOCK_FILE = join(PROJECT_ROOT, 'package-lock.json');

/** The handler file of an API area: `functions/<area>/handler.ts`, exporting `handler`. */
export function handlerEntry(area: string): string {
  return join(PROJECT_ROOT, 'functions', area, 'handler.ts');
}

/** The entry of a background worker: `functions/workers/<name>.ts`, exporting `handler`. */
export function workerEntry(name: string): string {
  return join(PROJECT_ROOT, 'functions', 'workers', `${name}.ts`);
}

/** The `version` of package.json: what the handlers report as FUNDCAST_VERSION. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string' || manifest.version.length === 0) {
    throw new Error(`package.json at ${PROJECT_ROOT} has no version`);
  }
  return manifest.version;
}
