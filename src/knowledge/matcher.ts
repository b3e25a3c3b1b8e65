/**
 * The matcher: one index per language built once from the knowledge base, then pure synchronous
 * look-ups. No I/O, no clock: the same message and base always give the same result.
 */
import { analyzerFor } from './analyze';
import { decide } from './decide';
import { buildTopicIndex, type TopicIndex, type TopicText } from './topic-index';
import { DEFAULT_TUNING, thresholdsFor, type Tuning } from './tuning';
import { identifyLanguage } from './identify';
import type { KnowledgeBase, LanguageGuess, MatchResult, TopicScore } from './types';

/** Matches messages to topics, in the languages of one knowledge base. */
export interface KnowledgeMatcher {
  /** The languages with an index. */
  readonly languages: readonly string[];
  /** What to say to a message in a language: an answer, a "did you mean", or none. */
  match(text: string, language: string): MatchResult;
  /** The evidence behind `match`, best first (for tuning, reports and the unmatched-questions digest). */
  scores(text: string, language: string): TopicScore[];
  /** The index of a language, or undefined. */
  index(language: string): TopicIndex | undefined;
  /** The language of a first message, and whether it is clear enough to answer in it. */
  identifyLanguage(text: string): LanguageGuess;
}

/** Builds one index per language from each topic's title and examples. */
export function createMatcher(base: KnowledgeBase, tuning: Tuning = DEFAULT_TUNING): KnowledgeMatcher {
  const notCovered = new Set(base.topics.filter((t) => t.kind === 'none').map((t) => t.id));
  const indexes = new Map<string, TopicIndex>();
  for (const language of base.languages) {
    const texts: TopicText[] = base.topics.flatMap((topic) => {
      const t = topic.texts[language];
      if (!t) return [];
      const examples = [t.title, ...t.examples].filter(Boolean).map((text) => ({ topic: topic.id, text, role: 'example' as const }));
      // Variables ({{vote_gov}}) are not words anyone types.
      const answer = tuning.indexAnswers && t.answer ? [{ topic: topic.id, text: t.answer.replace(/{{\s*\w+\s*}}/g, ' '), role: 'answer' as const }] : [];
      return [...examples, ...answer];
    });
    if (texts.length) indexes.set(language, buildTopicIndex(analyzerFor(language), texts, tuning));
  }

  const scores = (text: string, language: string): TopicScore[] => {
    const own = indexes.get(language);
    const english = language !== 'en' ? indexes.get('en') : undefined;
    if (!own) return english ? weigh(searchIn(english, text)) : [];
    const found = searchIn(own, text);
    if (!english) return weigh(found);
    // Code-switching ("donde queda mi polling place", "怎么register"): the English index adds its
    // evidence at a lower weight, and a topic is explained as far as either language explains it.
    const merged = new Map(found.map((s) => [s.topic, { ...s }]));
    for (const e of searchIn(english, text)) {
      const m = merged.get(e.topic);
      if (!m) merged.set(e.topic, { topic: e.topic, score: e.score * tuning.englishWeight, coverage: e.coverage });
      else {
        m.score += e.score * tuning.englishWeight;
        m.coverage = Math.max(m.coverage, e.coverage);
      }
    }
    return weigh([...merged.values()]);
  };
  // A topic that explains more of the message ranks higher: one rare word shared with a topic
  // (a high BM25 score) must not outweigh a topic that explains the whole message.
  const weigh = (list: TopicScore[]): TopicScore[] =>
    list.map((s) => ({ ...s, score: s.score * s.coverage ** tuning.coveragePower })).sort((a, b) => b.score - a.score);

  return {
    languages: [...indexes.keys()],
    match: (text, language) => decide(scores(text, language), thresholdsFor(tuning, language), notCovered),
    scores,
    index: (language) => indexes.get(language),
    identifyLanguage: (text) => identifyLanguage(text, (l) => indexes.get(l), [...indexes.keys()], tuning.identify),
  };
}

function searchIn(index: TopicIndex, text: string): TopicScore[] {
  return index.search(index.analyzer.analyze(text));
}
