import { describe, expect, it } from 'vitest';
import { keywordRanking } from '../../../shared/search/keyword-ranking.js';

const docs = [
  { id: 'a', text: 'Will it rain in Paris tomorrow? weather' },
  { id: 'b', text: 'US presidential election 2028 politics' },
  { id: 'c', text: 'Election turnout above 60 %? politics election' },
  { id: 'd', text: 'Élysée: will the French president resign? politics' },
];

describe('keyword ranking (the fallback when the ranking service is down)', () => {
  it('ranks documents holding the query terms, rarer terms and repeated mentions first', () => {
    expect(keywordRanking('election', docs).map((s) => s.id)).toEqual(['c', 'b']);
    expect(keywordRanking('paris weather', docs).map((s) => s.id)).toEqual(['a']);
  });

  it('matches prefixes of three letters or more, ignores case and accents', () => {
    expect(keywordRanking('ELECT', docs).map((s) => s.id)).toEqual(['c', 'b']);
    expect(keywordRanking('elysee', docs).map((s) => s.id)).toEqual(['d']);
    expect(keywordRanking('el', docs)).toEqual([]);
  });

  it('answers nothing for a query without words', () => {
    expect(keywordRanking('?!', docs)).toEqual([]);
  });
});
