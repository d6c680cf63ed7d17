/** A document the search ranks: a market's id and the text a reader would search. */
export interface SearchDocument {
  readonly id: string;
  readonly text: string;
}

export interface Scored {
  readonly id: string;
  readonly score: number;
}

const tokens = (text: string): string[] => text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The fallback ranking when the ranking service is unavailable: query terms found in the
 * document, each weighted by how rare it is among the candidates (a plain TF-IDF), with a bonus
 * for prefix matches so "elect" finds "election". Deterministic: ties keep candidate order.
 */
export function keywordRanking(query: string, documents: readonly SearchDocument[]): Scored[] {
  const terms = [...new Set(tokens(query))];
  if (terms.length === 0) return [];
  const docTokens = documents.map((d) => tokens(d.text));
  const matches = (words: string[], term: string) => words.filter((w) => w === term || (term.length >= 3 && w.startsWith(term))).length;
  const idf = new Map(terms.map((term) => [term, Math.log(1 + documents.length / (1 + docTokens.filter((words) => matches(words, term) > 0).length))]));
  return documents
    .map((d, i) => {
      const words = docTokens[i] ?? [];
      const score = terms.reduce((sum, term) => sum + matches(words, term) * (idf.get(term) ?? 0), 0) / Math.sqrt(1 + words.length);
      return { id: d.id, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
}
