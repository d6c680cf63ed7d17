import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { addComplianceChecks } from '../../lib/compliance.js';
import { type CdkConfig, loadCdkConfig } from '../../lib/config.js';
import { createStacks, type FundcastStacks } from '../../lib/create-stacks.js';
import { PROJECT_ROOT } from '../../lib/project.js';
import { afterAll, beforeAll } from 'vitest';

/** The `context` of cdk.json: feature flags and stage settings, exactly as `cdk synth` sees them. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface SynthOptions {
  readonly stage?: string;
  /** Bundle the functions with esbuild (seconds); off, CDK stages a placeholder asset. */
  readonly bundle?: boolean;
  /** Attach the same cdk-nag checks as bin/app.ts. */
  readonly nag?: boolean;
  /** Runs after the stacks exist and before synthesis (to plant a deliberate finding, say). */
  readonly beforeSynth?: (stacks: FundcastStacks) => void;
}

export interface Synthesized {
  readonly app: App;
  readonly config: CdkConfig;
  readonly stacks: FundcastStacks;
  readonly templates: { readonly data: Template; readonly api: Template; readonly observability: Template };
  readonly outdir: string;
  /** Removes the cloud assembly directory. */
  readonly cleanup: () => void;
}

/**
 * Synthesizes one stage the way bin/app.ts does (cdk.json context, loadCdkConfig, createStacks,
 * optionally cdk-nag) into a temporary directory. No CDK_DEFAULT_* environment leaks in, so the
 * stacks are environment-agnostic and the templates are the same on every machine.
 */
export function synthesize(options: SynthOptions = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'fundcast-cdk-'));
  const context: Record<string, unknown> = { ...cdkJsonContext(), stage: options.stage ?? 'dev' };
  if (options.bundle === false) context[BUNDLING_STACKS] = [];
  const app = new App({ outdir, context });
  const config = loadCdkConfig(app, {});
  const stacks = createStacks(app, config);
  if (options.nag) addComplianceChecks(app);
  options.beforeSynth?.(stacks);
  // Template.fromStack synthesizes the whole app (validation plugins included) on first use.
  const templates = {
    data: Template.fromStack(stacks.data),
    api: Template.fromStack(stacks.api),
    observability: Template.fromStack(stacks.observability),
  };
  return { app, config, stacks, templates, outdir, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

const HASH = /[0-9a-f]{64}/g;
/** A `currentVersion` logical id ends in a hash of the function's configuration, package version included. */
const VERSION_ID_HASH = /(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}/g;

/**
 * A template as a stable snapshot: asset hashes (which change with every code edit), the
 * package version and the function-configuration hash in version logical ids (which moves with
 * the package version) are replaced by placeholders; everything else must match exactly.
 */
export function scrubbedTemplate(template: Template, version: string): string {
  const json = JSON.stringify(template.toJSON(), null, 2);
  const scrubbed = json
    .replace(HASH, '[ASSET_HASH]')
    .replace(VERSION_ID_HASH, '$1[CONFIG_HASH]')
    .replaceAll(`"FUNDCAST_VERSION": "${version}"`, '"FUNDCAST_VERSION": "[VERSION]"');
  return `${scrubbed}\n`;
}

/** Resources of one type in a template, by logical id. */
export type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; Metadata?: Record<string, unknown> }
>;

export function resources(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The logical id CDK gives an L1 resource (pass `construct.node.defaultChild`). */
export function logicalId(resource: unknown): string {
  const cfn = resource as CfnResource;
  return Stack.of(cfn).getLogicalId(cfn);
}

/**
 * The data-stack value behind a weak cross-stack reference (`Fn::GetStackOutput`, which the API
 * stack uses for everything it reads from the data stack); any other value as it is.
 */
export function crossStackValue(synth: Synthesized, value: unknown): unknown {
  const output = (value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string } } | null)?.['Fn::GetStackOutput'];
  if (!output) return value;
  const part = (Object.keys(synth.stacks) as (keyof FundcastStacks)[]).find((key) => synth.stacks[key].stackName === output.StackName);
  if (!part) throw new Error(`No stack named ${output.StackName}`);
  const outputs = synth.templates[part].toJSON().Outputs as Record<string, { Value: unknown }>;
  if (!(output.OutputName in outputs)) throw new Error(`${output.StackName} has no output ${output.OutputName}`);
  return outputs[output.OutputName]?.Value;
}

/** The dev stage of a test file: synthesized once with cdk-nag attached (no bundling), cleaned up after. */
export interface DevStage {
  /** The synthesized stacks; throws when synthesis failed (see `error`). */
  readonly synth: Synthesized;
  /** What synthesis threw, e.g. an unacknowledged cdk-nag finding. */
  readonly error: unknown;
}

/**
 * Registers beforeAll/afterAll that synthesize the dev stage as bin/app.ts does, minus bundling
 * (bundle.test.ts runs the real `cdk synth`). A failure is kept, not thrown, so one test can
 * report it as the nag-clean assertion.
 */
export function useNaggedDevStage(): DevStage {
  const state: { synth?: Synthesized; error?: unknown } = {};
  beforeAll(() => {
    try {
      state.synth = synthesize({ stage: 'dev', bundle: false, nag: true });
    } catch (error) {
      state.error = error;
    }
  });
  afterAll(() => state.synth?.cleanup());
  return {
    get synth(): Synthesized {
      if (!state.synth) throw new Error(`The dev stage did not synthesize: ${String(state.error)}`);
      return state.synth;
    },
    get error(): unknown {
      return state.error;
    },
  };
}
