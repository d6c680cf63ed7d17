import { z } from 'zod';
import type { Scored, SearchDocument } from '../../search/keyword-ranking.js';
import type { RankingService } from '../../search/ranking-port.js';
import { OutboundHttpError, type OutboundJson } from './outbound-json.js';

const AnswerSchema = z.object({ results: z.array(z.object({ id: z.string(), score: z.number() })) });

/**
 * The ranking service's HTTP contract: POST `{ query, documents: [{ id, text }] }` →
 * `{ results: [{ id, score }] }`, higher is better. Unknown ids in the answer are dropped.
 */
export class HttpRankingService implements RankingService {
  constructor(
    private readonly http: OutboundJson,
    private readonly url: string,
  ) {}

  async rank(query: string, documents: readonly SearchDocument[]): Promise<Scored[]> {
    const { body } = await this.http.post(this.url, { query, documents });
    const parsed = AnswerSchema.safeParse(body);
    if (!parsed.success) throw new OutboundHttpError('ranking service answered an unexpected shape');
    const known = new Set(documents.map((d) => d.id));
    return parsed.data.results.filter((r) => known.has(r.id)).sort((a, b) => b.score - a.score);
  }
}
