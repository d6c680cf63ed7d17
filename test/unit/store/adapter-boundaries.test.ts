import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = (adapter: string) =>
  fileURLToPath(new URL(`../../../shared/adapters/store/${adapter}/index.ts`, import.meta.url));

/** Every module an entry point pulls in: local files bundled, packages left as named imports. */
async function importGraph(adapter: string): Promise<{ files: string[]; packages: string[] }> {
  const result = await build({
    entryPoints: [entry(adapter)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs = Object.values(result.metafile.inputs);
  return {
    files: Object.keys(result.metafile.inputs),
    packages: [...new Set(inputs.flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)))],
  };
}

describe('store adapter boundaries', () => {
  it('keeps every SQLite module out of the DynamoDB adapter (and so out of Lambda bundles)', async () => {
    const { files, packages } = await importGraph('dynamodb');

    expect(files.filter((file) => file.includes('/sqlite/'))).toEqual([]);
    expect(packages.filter((name) => name.includes('sqlite'))).toEqual([]);
    expect(packages).toContain('@aws-sdk/lib-dynamodb');
  });

  it('keeps the AWS SDK out of the SQLite adapter', async () => {
    const { files, packages } = await importGraph('sqlite');

    expect(files.filter((file) => file.includes('/dynamodb/'))).toEqual([]);
    expect(packages.filter((name) => name.startsWith('@aws-sdk/'))).toEqual([]);
    expect(packages).toContain('better-sqlite3');
  });
});
