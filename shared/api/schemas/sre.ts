import { z } from 'zod';

const ratio = z.number().nullable().describe('0–1; null without traffic');
const breakerState = z.enum(['CLOSED', 'OPEN', 'HALF_OPEN', 'FORCED_OPEN', 'DISABLED']);

export const BreakerSchema = z
  .object({
    name: z.string(),
    state: breakerState,
    failureRate: z.number().describe('Percent of the calls in the window'),
    slowCallRate: z.number(),
    calls: z.number().int(),
    openUntil: z.string().optional().describe('When an open breaker lets a probe through'),
    version: z.number().int().describe('Version of the shared state this container saw'),
    lastTransitionAt: z.string().optional(),
    sharedStateReachable: z.boolean().describe('False: this container runs on local state (breaker table unreachable)'),
  })
  .meta({ id: 'CircuitBreaker' });
export const BreakerListSchema = z.object({ breakers: z.array(BreakerSchema) }).meta({ id: 'CircuitBreakers' });
export const BreakerParamsSchema = z.object({ name: z.string().min(1).max(64) });

export const SloSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    target: z.number(),
    current: ratio,
    requests: z.number().int(),
    badRequests: z.number().int(),
    errorBudgetRemaining: ratio,
    status: z.enum(['met', 'at_risk', 'breached', 'no_data']),
    burnRates: z.object({ '1h': z.number().nullable(), '6h': z.number().nullable(), '3d': z.number().nullable() }),
  })
  .meta({ id: 'Slo' });
export const SloReportSchema = z
  .object({
    from: z.string(),
    to: z.string().describe('Exclusive end: the end of the current (partial) minute'),
    slos: z.array(SloSchema),
  })
  .meta({ id: 'SloReport' });

export const AlertSchema = z
  .object({
    rule: z.string(),
    severity: z.enum(['critical', 'warning']),
    value: z.number().nullable(),
    threshold: z.number(),
    status: z.enum(['firing', 'ok', 'no_data']),
    cooldownSeconds: z.number().int(),
    actions: z.array(z.string()),
  })
  .meta({ id: 'Alert' });

const requestStats = z.object({
  windowSeconds: z.number().int(),
  requests: z.number().int(),
  requestsPerSecond: z.number(),
  errorRate: ratio,
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }),
});
const layer = z.object({ hits: z.number().int(), misses: z.number().int(), hitRate: z.number() });
const cache = z.object({ l1: layer, l2: layer, overallHitRate: z.number() });

export const AdminStatsSchema = z
  .object({
    requests: requestStats.describe('All containers, from the SLO buckets'),
    cache: cache.describe('This container, since it started'),
    container: z.object({
      startedAt: z.string().describe('This container’s cold start'),
      uptimeSeconds: z.number().int(),
      memoryMb: z.object({ rss: z.number(), heapUsed: z.number() }),
    }),
  })
  .meta({ id: 'AdminStats' });

export const DashboardSchema = z
  .object({
    systemHealth: z.object({
      status: z.enum(['healthy', 'degraded', 'unhealthy']),
      availability30d: ratio,
      responseTimeP95Ms: z.number().nullable(),
      errorRate: ratio,
      cacheHitRate: z.number(),
    }),
    sloCompliance: z.object({ availability: ratio, latencyUnder200ms: ratio, errorRate: ratio, errorBudgetRemaining: ratio }),
    circuitBreakers: z.record(z.string(), breakerState),
    cache,
    alerts: z.array(AlertSchema),
  })
  .meta({ id: 'SreDashboard' });
