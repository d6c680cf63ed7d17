import type { Scored, SearchDocument } from './keyword-ranking.js';

/** The semantic ranking service (an embedding/ranking model reached over HTTP, e.g. behind Bedrock). */
export interface RankingService {
  rank(query: string, documents: readonly SearchDocument[]): Promise<Scored[]>;
}

/** Runs a call under a circuit breaker; the identity guard runs it as is. */
export type CallGuard = <T>(call: () => Promise<T>) => Promise<T>;
export const UNGUARDED: CallGuard = (call) => call();
