import type { Market } from '../markets/index.js';
import { keywordRanking, type SearchDocument } from './keyword-ranking.js';
import { UNGUARDED, type CallGuard, type RankingService } from './ranking-port.js';

export interface SearchResult {
  items: Market[];
  /** `semantic`: the ranking service ranked them; `keyword`: the built-in fallback did. */
  ranking: 'semantic' | 'keyword';
  /** True when the ranking service was configured but failed (or its breaker is open). */
  degraded: boolean;
}

export interface MarketSearchOptions {
  /** Absent: keyword ranking only (no service configured). */
  ranking?: RankingService | undefined;
  /** The `ai_inference` breaker. */
  guard?: CallGuard;
}

const documentOf = (m: Market): SearchDocument => ({ id: m.id, text: [m.title, m.category, m.description].join(' \n') });

/** Ranks candidate markets for a query: semantically when the service answers, by keywords otherwise. */
export async function searchMarkets(candidates: readonly Market[], query: string, limit: number, options: MarketSearchOptions): Promise<SearchResult> {
  const documents = candidates.map(documentOf);
  const byId = new Map(candidates.map((m) => [m.id, m]));
  const pick = (scored: { id: string }[]) => scored.slice(0, limit).flatMap((s) => byId.get(s.id) ?? []);
  if (options.ranking) {
    const service = options.ranking;
    try {
      const scored = await (options.guard ?? UNGUARDED)(() => service.rank(query, documents));
      return { items: pick(scored), ranking: 'semantic', degraded: false };
    } catch {
      return { items: pick(keywordRanking(query, documents)), ranking: 'keyword', degraded: true };
    }
  }
  return { items: pick(keywordRanking(query, documents)), ranking: 'keyword', degraded: false };
}
