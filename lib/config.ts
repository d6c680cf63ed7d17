import type { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { packageVersion } from './project.js';

/** Context key naming the stage to synthesize (`npx cdk synth -c stage=prod`). */
export const STAGE_CONTEXT_KEY = 'stage';
/** Context key holding the settings of every known stage (see cdk.json). */
export const STAGES_CONTEXT_KEY = 'stages';

const RETENTION_DAYS = new Set<number>(
  Object.values(RetentionDays).filter((value): value is number => typeof value === 'number'),
);

/** Lower-case so it can be part of stack, function and alarm names; same rule as FUNDCAST_STAGE. */
const StageNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,15}$/, 'a stage is 1-16 lower-case letters, digits or dashes, starting with a letter');

/** The settings one stage may override; everything has a default except where a value must be chosen. */
export const StageSettingsSchema = z.strictObject({
  /** Target account; when absent the CLI's credentials decide (CDK_DEFAULT_ACCOUNT). */
  account: z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits').optional(),
  /** Target region; when absent the CLI's profile decides (CDK_DEFAULT_REGION). */
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'a region looks like eu-west-1')
    .optional(),
  /** Retention of every log group (functions, API access logs); must be a CloudWatch Logs value. */
  logRetentionDays: z
    .number()
    .int()
    .refine((days) => RETENTION_DAYS.has(days), {
      message: `must be one of ${[...RETENTION_DAYS].join(', ')}`,
    })
    .default(30)
    .transform((days) => days as RetentionDays),
  /** API Gateway stage throttling: steady requests per second and burst bucket size. */
  throttling: z
    .strictObject({
      rateLimit: z.number().positive().max(10_000).default(100),
      burstLimit: z.number().int().positive().max(5_000).default(200),
    })
    .prefault({}),
  /** WAF rate-based rule: requests one IP may make per 5-minute window before it is blocked. */
  wafRateLimitPer5Minutes: z.number().int().min(100).max(2_000_000_000).default(3_000),
  /** Subscribed to the on-call topic when set (the address must confirm the subscription). */
  alarmEmail: z.email().optional(),
  functionMemoryMb: z.number().int().min(128).max(10_240).default(1_024),
  /** API Gateway gives up after 29 s, so a longer Lambda timeout would only waste money. */
  functionTimeoutSeconds: z.number().int().min(1).max(29).default(10),
  /**
   * Whether this stage's stack sets the account-wide API Gateway CloudWatch role. Exactly one
   * stage per account and region should do so; turn it off for the others.
   */
  manageApiGatewayAccount: z.boolean().default(true),
  /** CloudFormation termination protection on every stack of the stage. */
  terminationProtection: z.boolean().default(false),
  /** The ElastiCache L2 cache; a small production-like cluster unless the stage says otherwise. */
  cache: z
    .strictObject({
      /** A Graviton type such as cache.t4g.micro (dev) or cache.r7g.large (a busy prod). */
      nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'an ElastiCache node type looks like cache.t4g.small').default('cache.t4g.small'),
      /** Node groups (shards) of the cluster-mode replication group. */
      shards: z.number().int().min(1).max(500).default(1),
      /** At least one: Multi-AZ and automatic failover need a replica in another AZ. */
      replicasPerShard: z.number().int().min(1).max(5).default(1),
      /** Daily snapshots kept; a cache is rebuilt from the tables, so a day or two is plenty. */
      snapshotRetentionDays: z.number().int().min(1).max(35).default(1),
    })
    .prefault({}),
});
export type StageSettings = z.infer<typeof StageSettingsSchema>;
export type CacheSettings = StageSettings['cache'];

/** Everything the stacks need to know about the stage they build. */
export interface CdkConfig extends StageSettings {
  readonly stage: string;
  /** package.json version, handed to the functions as FUNDCAST_VERSION. */
  readonly version: string;
}

/** Raised when the CDK context does not describe a valid stage; the message says what to fix. */
export class CdkConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CdkConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the stage from the `stage` context (default `dev`) and that stage's settings from the
 * `stages` context, validated by zod. Unknown stages and unknown settings are errors, so a typo
 * such as `-c stage=prdo` fails before anything is synthesized.
 */
export function loadCdkConfig(app: App, env: Env = process.env): CdkConfig {
  const stage = parseStage(app.node.tryGetContext(STAGE_CONTEXT_KEY) ?? 'dev');
  const stages: unknown = app.node.tryGetContext(STAGES_CONTEXT_KEY) ?? {};
  if (typeof stages !== 'object' || stages === null || Array.isArray(stages)) {
    throw new CdkConfigError(`Context "${STAGES_CONTEXT_KEY}" must be an object of stage settings`);
  }
  const known = Object.keys(stages);
  if (!Object.hasOwn(stages, stage)) {
    throw new CdkConfigError(
      `Unknown stage "${stage}". Known stages: ${known.join(', ') || '(none)'}; add it under "${STAGES_CONTEXT_KEY}" in cdk.json.`,
    );
  }
  const parsed = StageSettingsSchema.safeParse((stages as Record<string, unknown>)[stage]);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${STAGES_CONTEXT_KEY}.${stage}.${issue.path.join('.')}: ${issue.message}`);
    throw new CdkConfigError(`Invalid settings for stage "${stage}":\n${problems.join('\n')}`, { cause: parsed.error });
  }
  const settings = parsed.data;
  return {
    ...settings,
    stage,
    account: settings.account ?? nonEmpty(env.CDK_DEFAULT_ACCOUNT),
    region: settings.region ?? nonEmpty(env.CDK_DEFAULT_REGION),
    version: packageVersion(),
  };
}

function parseStage(value: unknown): string {
  const parsed = StageNameSchema.safeParse(value);
  if (!parsed.success) {
    throw new CdkConfigError(`Invalid stage ${JSON.stringify(value)}: ${parsed.error.issues[0]?.message ?? 'not a string'}`);
  }
  return parsed.data;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
