import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER } from '../../lib/constructs/api-function.js';
import { ALERT_DISPATCHER_NAME } from '../../lib/constructs/alert-dispatcher.js';
import { CACHE_WARMER_NAME } from '../../lib/constructs/cache-warmer.js';
import { SETTLEMENT_WORKER_NAME } from '../../lib/constructs/settlement-worker.js';
import { PROJECT_ROOT } from '../../lib/project.js';
import { AREAS } from '../../shared/api/route-types.js';

/** Every Lambda function of a stage: its short name and the entry esbuild starts from. */
const FUNCTIONS = [
  ...AREAS.map((area) => ({ name: area, entry: `functions/${area}/handler.ts` })),
  { name: SETTLEMENT_WORKER_NAME, entry: `functions/workers/${SETTLEMENT_WORKER_NAME}.ts` },
  { name: CACHE_WARMER_NAME, entry: `functions/workers/${CACHE_WARMER_NAME}.ts` },
  { name: ALERT_DISPATCHER_NAME, entry: `functions/workers/${ALERT_DISPATCHER_NAME}.ts` },
];

/** Logical-id prefix of CDK's trigger provider: a prebuilt handler shipped in aws-cdk-lib, not built from our code. */
const TRIGGER_PROVIDER_PREFIX = 'AWSCDKTriggerCustomResourceProvider';

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
}

/**
 * The real thing: `cdk synth` through the CLI, cdk.json and bin/app.ts, bundling every function
 * with the local esbuild, offline. Then each function's esbuild metafile is inspected.
 */
describe('cdk synth (CLI, bin/app.ts, local esbuild)', () => {
  let outdir: string;
  let result: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'fundcast-cdk-synth-'));
    result = spawnSync(
      process.execPath,
      [join(PROJECT_ROOT, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--no-notices', '--quiet', '--output', outdir],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: '1' },
        timeout: 120_000,
      },
    );
  }, 150_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  function template(stack: string): Template {
    return JSON.parse(readFileSync(join(outdir, `${stack}.template.json`), 'utf8')) as Template;
  }

  it('exits 0: the app synthesizes and cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    expect(result.error).toBeUndefined();
    expect(result.status, `${String(result.stdout)}\n${String(result.stderr)}`).toBe(0);
  });

  it('synthesizes the three stacks of the default stage', () => {
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string }> };
    const stacks = Object.entries(manifest.artifacts)
      .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
      .map(([name]) => name);
    expect(stacks.sort()).toEqual(['fundcast-dev-api', 'fundcast-dev-data', 'fundcast-dev-observability']);
  });

  it('has no Lambda function the bundle checks below miss (besides CDK\'s prebuilt trigger provider)', () => {
    const functions = ['fundcast-dev-data', 'fundcast-dev-api', 'fundcast-dev-observability'].flatMap((stack) =>
      Object.entries(template(stack).Resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function'),
    );
    const ours = functions.filter(([id]) => !id.startsWith(TRIGGER_PROVIDER_PREFIX));
    expect(ours.map(([, resource]) => resource.Properties.FunctionName).sort()).toEqual(FUNCTIONS.map(({ name }) => `fundcast-dev-${name}`).sort());
    const providers = functions.filter(([id]) => id.startsWith(TRIGGER_PROVIDER_PREFIX));
    expect(providers).toHaveLength(1);
    expect(providers[0]?.[1].Properties.Handler).toBe('__entrypoint__.handler');
  });

  it('ran cdk-nag from bin/app.ts (acknowledgements are written into the templates)', () => {
    const api = template('fundcast-dev-api');
    const acknowledged = Object.values(api.Resources).filter((resource) => resource.Metadata?.cdk_nag !== undefined);
    expect(acknowledged.length).toBeGreaterThan(0);
  });

  describe.each(FUNCTIONS)('the $name function bundle', ({ name, entry }) => {
    let assetDir: string;
    let metafile: Metafile;

    beforeAll(() => {
      // The API stack's functions, and the alert dispatcher in the observability stack.
      const resources = ['fundcast-dev-api', 'fundcast-dev-observability'].flatMap((stack) => Object.values(template(stack).Resources));
      const fn = resources.find(
        (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.FunctionName === `fundcast-dev-${name}`,
      );
      assetDir = join(outdir, String(fn?.Metadata?.['aws:asset:path']));
      metafile = JSON.parse(readFileSync(join(assetDir, 'index.meta.json'), 'utf8')) as Metafile;
    });

    it('was built by esbuild with a metafile, as an ESM module with a source map', () => {
      expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
      expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
      expect(readFileSync(join(assetDir, 'index.mjs'), 'utf8').startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    });

    it('runs its cold start as a top-level await when loaded: without the key ARNs it fails, naming them', () => {
      // Proves the ESM output kept the entry's top-level await (a CommonJS bundle would not load at all)
      // and that the cold start insists on the variables the API stack sets.
      const run = spawnSync(process.execPath, [join(assetDir, 'index.mjs')], {
        cwd: assetDir,
        encoding: 'utf8',
        env: { STORE: 'dynamodb', AWS_REGION: 'eu-west-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_DEV: 'false' },
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      for (const variable of ['SIGNING_KEYS_SECRET_ARN', 'BLIND_INDEX_SECRET_ARN', 'PII_KMS_KEY_ARN']) expect(run.stderr).toContain(variable);
      expect(run.stderr).not.toMatch(/SyntaxError|ERR_REQUIRE_ESM|await is only valid/);
    });

    it('contains its own entry and the AWS SDK, and never the SQLite store', () => {
      const inputs = Object.keys(metafile.inputs);
      expect(inputs.some((input) => input.endsWith(entry))).toBe(true);
      expect(inputs.some((input) => input.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
      expect(inputs.filter((input) => input.includes('better-sqlite3') || input.includes('adapters/store/sqlite'))).toEqual([]);
    });

    it('reports its size', () => {
      const [outputPath, output] = Object.entries(metafile.outputs).find(([path]) => path.endsWith('index.mjs')) ?? [];
      expect(outputPath).toBeDefined();
      const bytes = output?.bytes ?? 0;
      expect(bytes).toBe(statSync(join(assetDir, 'index.mjs')).size);
      // Far below Lambda's 250 MB unzipped limit; a jump here means a dependency slipped in.
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThan(10 * 1024 * 1024);
      const byPackage = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? '(fundcast)';
        byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
      }
      const largest = [...byPackage]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([name, size]) => `${name} ${(size / 1024).toFixed(0)} KiB`);
      console.log(`[bundle] ${name}: index.mjs ${(bytes / 1024).toFixed(0)} KiB; largest: ${largest.join(', ')}`);
    });
  });
});
