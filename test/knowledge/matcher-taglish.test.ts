/**
 * Taglish in the matcher: a word of a Tagalog message counts as explained when either the Tagalog
 * or the English texts explain it (matcher.ts, WORD_BY_WORD); other languages keep the better of
 * the two views.
 */
import { createMatcher } from '../../src/knowledge/matcher';
import type { KnowledgeBase, KnowledgeTopic } from '../../src/knowledge/types';

const topic = (id: string, texts: Record<string, string[]>): KnowledgeTopic => ({
  id,
  kind: 'answer',
  sources: [],
  texts: Object.fromEntries(Object.entries(texts).map(([l, examples]) => [l, { title: '', examples, answer: '' }])),
});

const base: KnowledgeBase = {
  languages: ['en', 'tl', 'es'],
  topics: [
    topic('mail_ballot', {
      en: ['can I vote by mail', 'mail ballot'],
      tl: ['pwede ba bumoto sa koreo', 'balota sa koreo'],
      es: ['puedo votar por correo', 'boleta por correo'],
    }),
    topic('polling_place', {
      en: ['where do I vote', 'polling place'],
      tl: ['saan ako boboto', 'presinto ko'],
      es: ['donde voto', 'casilla'],
    }),
  ],
};
const matcher = createMatcher(base);
const coverage = (text: string, language: string, id: string) => matcher.evidence(text, language).topics.find((t) => t.topic === id)?.coverage ?? 0;

describe('code-switched Tagalog and English', () => {
  test('Tagalog words explained by the Tagalog texts and English words by the English ones explain the whole message', () => {
    // "bumoto" only the Tagalog texts know, "mail" only the English ones.
    expect(coverage('pwede ba bumoto by mail', 'tl', 'mail_ballot')).toBeCloseTo(1);
  });

  test('a word neither explains still counts against the topic', () => {
    expect(coverage('pwede ba bumoto by mail pizza', 'tl', 'mail_ballot')).toBeLessThan(0.9);
  });

  test('Spanish keeps the better of the two views (no word-by-word join)', () => {
    expect(coverage('puedo votar by mail', 'es', 'mail_ballot')).toBeLessThan(1);
  });
});
