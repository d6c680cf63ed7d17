import { HttpRankingService } from '../adapters/http/http-ranking-service.js';
import { OutboundJson } from '../adapters/http/outbound-json.js';
import type { RuntimeConfig } from '../config.js';
import { UNGUARDED, type CallGuard } from '../search/ranking-port.js';
import type { MarketSearchOptions } from '../search/market-search.js';

export interface SearchGuards {
  /** Every third-party HTTP call (breaker `external_apis`). */
  externalApis: CallGuard;
  /** The ranking model (breaker `ai_inference`). */
  aiInference: CallGuard;
}

/** Market search as configured: the HTTP ranking service behind both breakers, or keywords only. */
export function buildSearch(config: RuntimeConfig, guards: SearchGuards = { externalApis: UNGUARDED, aiInference: UNGUARDED }): MarketSearchOptions {
  const { rankingUrl, timeoutMs } = config.search;
  if (!rankingUrl) return {};
  const http = new OutboundJson({ timeoutMs, guard: guards.externalApis });
  return { ranking: new HttpRankingService(http, rankingUrl), guard: guards.aiInference };
}
