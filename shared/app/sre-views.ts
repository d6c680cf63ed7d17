import type { BreakerSnapshot } from '../resilience/index.js';
import { evaluateAlertRules, evaluateSlos, MINUTE_MS, OutcomeReader, requestStats, type SloEvaluation } from '../sre/index.js';
import type { AppDeps } from './deps.js';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The admin views read "as of now": the current minute counts, partial as it is. */
const EVALUATE_THROUGH_NOW = { settleMs: 0 };
const asOf = (now: number): number => now + MINUTE_MS;

export function breakerView(snapshot: BreakerSnapshot) {
  const { openUntil, lastTransitionAt, ...rest } = snapshot;
  return { ...rest, ...(openUntil !== undefined ? { openUntil: iso(openUntil) } : {}), ...(lastTransitionAt !== undefined ? { lastTransitionAt: iso(lastTransitionAt) } : {}) };
}

/** This container's outcomes go into the buckets first, so the view includes the requests it served. */
async function reader(deps: AppDeps): Promise<OutcomeReader> {
  await deps.outcomes.flush();
  return new OutcomeReader(deps.store, deps.clock);
}

function sloView(slo: SloEvaluation) {
  return {
    id: slo.id,
    title: slo.title,
    target: slo.target,
    current: slo.current,
    requests: slo.requests,
    badRequests: slo.badRequests,
    errorBudgetRemaining: slo.errorBudgetRemaining,
    status: slo.status,
    burnRates: { '1h': slo.burnRates['1h'] ?? null, '6h': slo.burnRates['6h'] ?? null, '3d': slo.burnRates['3d'] ?? null },
  };
}

export async function sloReport(deps: AppDeps) {
  const report = await evaluateSlos(await reader(deps), asOf(deps.clock.now()), EVALUATE_THROUGH_NOW);
  return { from: iso(report.from) as string, to: iso(report.to) as string, slos: report.slos.map(sloView) };
}

const STATS_WINDOW_MS = 5 * MINUTE_MS;

export async function adminStats(deps: AppDeps) {
  const now = deps.clock.now();
  const end = Math.floor(asOf(now) / MINUTE_MS) * MINUTE_MS;
  const stats = await requestStats(await reader(deps), { from: end - STATS_WINDOW_MS, to: end });
  const { l1, l2, overallHitRate } = deps.cache.stats();
  const memory = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;
  return {
    requests: {
      windowSeconds: STATS_WINDOW_MS / 1000,
      requests: stats.requests,
      requestsPerSecond: stats.requestsPerSecond,
      errorRate: stats.errorRate,
      latencyMs: { p50: stats.latency.p50Ms, p95: stats.latency.p95Ms, p99: stats.latency.p99Ms },
    },
    cache: { l1: { hits: l1.hits, misses: l1.misses, hitRate: l1.hitRate }, l2: { hits: l2.hits, misses: l2.misses, hitRate: l2.hitRate }, overallHitRate },
    container: { startedAt: iso(deps.startedAtMs) as string, uptimeSeconds: Math.floor((now - deps.startedAtMs) / 1000), memoryMb: { rss: mb(memory.rss), heapUsed: mb(memory.heapUsed) } },
  };
}

export async function dashboard(deps: AppDeps) {
  const now = deps.clock.now();
  const outcomes = await reader(deps);
  const cacheStats = deps.cache.stats();
  const cacheRequests = Object.values(cacheStats.namespaces).reduce((n, ns) => n + ns.requests, 0);
  const [report, alerts, stats] = await Promise.all([
    evaluateSlos(outcomes, asOf(now), EVALUATE_THROUGH_NOW),
    evaluateAlertRules(outcomes, asOf(now), { hits: Math.round(cacheStats.overallHitRate * cacheRequests), requests: cacheRequests }, EVALUATE_THROUGH_NOW),
    adminStats(deps),
  ]);
  const slo = (id: string) => report.slos.find((s) => s.id === id);
  const breakers = await deps.breakers.currentSnapshots();
  const firing = alerts.filter((a) => a.firing);
  const breached = report.slos.some((s) => s.status === 'breached');
  const status = firing.some((a) => a.rule.severity === 'critical') || breached ? 'unhealthy' : firing.length > 0 || breakers.some((b) => b.state !== 'CLOSED') ? 'degraded' : 'healthy';
  const budgets = report.slos.map((s) => s.errorBudgetRemaining).filter((b): b is number => b !== null);
  return {
    systemHealth: {
      status,
      availability30d: slo('availability')?.current ?? null,
      responseTimeP95Ms: stats.requests.latencyMs.p95,
      errorRate: stats.requests.errorRate,
      cacheHitRate: cacheStats.overallHitRate,
    },
    sloCompliance: {
      availability: slo('availability')?.current ?? null,
      latencyUnder200ms: slo('latency')?.current ?? null,
      errorRate: slo('error_rate')?.current ?? null,
      errorBudgetRemaining: budgets.length > 0 ? Math.min(...budgets) : null,
    },
    circuitBreakers: Object.fromEntries(breakers.map((b) => [b.name, b.state])),
    cache: stats.cache,
    alerts: alerts.map((a) => ({
      rule: a.rule.id,
      severity: a.rule.severity,
      value: a.value,
      threshold: a.rule.threshold,
      status: a.status,
      cooldownSeconds: a.rule.cooldownSeconds,
      actions: [...a.rule.actions],
    })),
  };
}
