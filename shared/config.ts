import { z } from 'zod';

/** Raised at cold start when the environment is wrong; the message names every bad variable. */
export class ConfigError extends Error {
  readonly variables: string[];
  constructor(message: string, variables: string[]) {
    super(message);
    this.name = 'ConfigError';
    this.variables = variables;
  }
}

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

/** Variables whose values must never be echoed back in an error message or a log line. */
const SECRET_VARIABLES = new Set(['FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD', 'REDIS_URL']);

const runtimeSchema = z.object({
  FUNDCAST_STAGE: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'lower-case letters, digits and dashes').default('local'),
  FUNDCAST_VERSION: z.string().min(1).default('0.0.0-dev'),
  STORE: z.enum(['sqlite', 'dynamodb']).default('sqlite'),
  DATA_DIR: z.string().min(1).default('./.fundcast'),
  SQLITE_PATH: optionalText,
  DYNAMODB_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  MAIN_TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/).default('fundcast-main'),
  BREAKERS_TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/).default('fundcast-breakers'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_CLUSTER: booleanFlag.default(false),
  REDIS_AUTH_SECRET_ARN: optionalText,
  CACHE_ENABLED: booleanFlag.default(true),
  CACHE_REVALIDATE_MS: z.coerce.number().int().min(1).max(1000).default(500),
  CACHE_L2_TIMEOUT_MS: z.coerce.number().int().min(5).max(2000).default(50),
  CACHE_L1_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(500),
  CACHE_L1_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  SEARCH_RANKING_URL: z.url({ protocol: /^https?$/ }).optional(),
  SEARCH_RANKING_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(32 * 1024),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  POWERTOOLS_TRACE_ENABLED: booleanFlag.default(true),
  AUTH_ISSUER: z.string().min(3).max(200).default('urn:fundcast:auth'),
  AUTH_AUDIENCE: z.string().min(3).max(200).default('urn:fundcast:api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).max(90 * 86_400).default(30 * 86_400),
  SIGNING_KEYS_SECRET_ARN: optionalText,
  BLIND_INDEX_SECRET_ARN: optionalText,
  PII_KMS_KEY_ARN: optionalText,
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  RATE_LIMIT_AUTH_IP_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(20),
  RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
});

const localSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_AUTOSTART: booleanFlag.default(true),
  FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
  FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: z.string().min(1).optional(),
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_PROFILE: optionalText,
});

export type RuntimeConfig = {
  stage: string;
  version: string;
  store: 'sqlite' | 'dynamodb';
  dataDir: string;
  /** File path, or ':memory:' for a throw-away store. */
  sqlitePath: string;
  dynamodbEndpoint: string | undefined;
  region: string;
  tableNames: { main: string; breakers: string };
  redisUrl: string | undefined;
  /** ElastiCache cluster mode: a Cluster client that follows slot redirects. */
  redisCluster: boolean;
  /** Secrets Manager secret holding the ElastiCache AUTH token (cloud only; locally put it in the URL). */
  redisAuthSecretArn: string | undefined;
  cache: {
    /** false: every read goes to the store (for comparison and for an operator who distrusts the cache). */
    enabled: boolean;
    revalidateMs: number;
    l2TimeoutMs: number;
    l1MaxEntries: number;
    l1TtlMs: number;
  };
  /** The semantic ranking service for market search; absent: keyword ranking only. */
  search: { rankingUrl: string | undefined; timeoutMs: number };
  maxBodyBytes: number;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  tracingEnabled: boolean;
  auth: {
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** Cloud key material; locally the keys live in files under DATA_DIR/keys. */
    signingKeysSecretArn: string | undefined;
    blindIndexSecretArn: string | undefined;
    piiKmsKeyArn: string | undefined;
  };
  /** Request budgets per minute; the failure back-off rules are fixed in shared/auth/rate-limit/policies.ts. */
  rateLimits: { ipPerMinute: number; authIpPerMinute: number; userPerMinute: number };
};

export type LocalConfig = RuntimeConfig & {
  port: number;
  host: string;
  redisAutostart: boolean;
  bootstrapAdmin: { email: string; password: string } | undefined;
  /** Whether the environment names AWS credentials; a local DynamoDB endpoint without them gets dummy ones. */
  awsCredentialsConfigured: boolean;
};

type Env = Record<string, string | undefined>;

function parse<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const variables = [...new Set(result.error.issues.map((issue) => String(issue.path[0])))];
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const shown = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(env[name])})`;
    return `  ${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, variables);
}

/** Reads the variables the handlers need; call once per cold start. */
export function loadRuntimeConfig(env: Env = process.env): RuntimeConfig {
  const raw = parse(runtimeSchema, env);
  return {
    stage: raw.FUNDCAST_STAGE,
    version: raw.FUNDCAST_VERSION,
    store: raw.STORE,
    dataDir: raw.DATA_DIR,
    sqlitePath: raw.SQLITE_PATH ?? `${raw.DATA_DIR}/fundcast.sqlite`,
    dynamodbEndpoint: raw.DYNAMODB_ENDPOINT,
    region: raw.AWS_REGION,
    tableNames: { main: raw.MAIN_TABLE_NAME, breakers: raw.BREAKERS_TABLE_NAME },
    redisUrl: raw.REDIS_URL,
    redisCluster: raw.REDIS_CLUSTER,
    redisAuthSecretArn: raw.REDIS_AUTH_SECRET_ARN,
    cache: {
      enabled: raw.CACHE_ENABLED,
      revalidateMs: raw.CACHE_REVALIDATE_MS,
      l2TimeoutMs: raw.CACHE_L2_TIMEOUT_MS,
      l1MaxEntries: raw.CACHE_L1_MAX_ENTRIES,
      l1TtlMs: raw.CACHE_L1_TTL_SECONDS * 1000,
    },
    search: { rankingUrl: raw.SEARCH_RANKING_URL, timeoutMs: raw.SEARCH_RANKING_TIMEOUT_MS },
    maxBodyBytes: raw.MAX_BODY_BYTES,
    logLevel: raw.LOG_LEVEL,
    tracingEnabled: raw.POWERTOOLS_TRACE_ENABLED,
    auth: {
      issuer: raw.AUTH_ISSUER,
      audience: raw.AUTH_AUDIENCE,
      accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: raw.REFRESH_TOKEN_TTL_SECONDS,
      signingKeysSecretArn: raw.SIGNING_KEYS_SECRET_ARN,
      blindIndexSecretArn: raw.BLIND_INDEX_SECRET_ARN,
      piiKmsKeyArn: raw.PII_KMS_KEY_ARN,
    },
    rateLimits: {
      ipPerMinute: raw.RATE_LIMIT_IP_PER_MINUTE,
      authIpPerMinute: raw.RATE_LIMIT_AUTH_IP_PER_MINUTE,
      userPerMinute: raw.RATE_LIMIT_USER_PER_MINUTE,
    },
  };
}

/** Adds what only the local runner (`npm start`) reads. */
export function loadLocalConfig(env: Env = process.env): LocalConfig {
  const runtime = loadRuntimeConfig(env);
  const raw = parse(localSchema, env);
  const email = raw.FUNDCAST_BOOTSTRAP_ADMIN_EMAIL;
  const password = raw.FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD;
  if ((email === undefined) !== (password === undefined)) {
    const missing = email === undefined ? 'FUNDCAST_BOOTSTRAP_ADMIN_EMAIL' : 'FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD';
    throw new ConfigError(`Invalid configuration:\n  ${missing}: required when its pair is set`, [missing]);
  }
  return {
    ...runtime,
    port: raw.PORT,
    host: raw.HOST,
    redisAutostart: raw.REDIS_AUTOSTART,
    bootstrapAdmin: email && password ? { email, password } : undefined,
    awsCredentialsConfigured: raw.AWS_ACCESS_KEY_ID !== undefined || raw.AWS_PROFILE !== undefined,
  };
}
