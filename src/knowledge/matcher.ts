/**
 * The matcher: one index per language built once from the knowledge base, then pure synchronous
 * look-ups. No I/O, no clock: the same message and base always give the same result.
 */
import { analyzerFor, type Analysis } from './analyze';
import { trainClassifier, type TopicClassifier } from './classifier';
import { decide } from './decide';
import { buildTopicIndex, type TopicIndex, type TopicText } from './topic-index';
import { DEFAULT_TUNING, thresholdsFor, type Tuning } from './tuning';
import { identifyLanguage } from './identify';
import { isSmallTalk } from './small-talk';
import type { Evidence, KnowledgeBase, LanguageGuess, MatchResult, TopicScore } from './types';

/** Matches messages to topics, in the languages of one knowledge base. */
export interface KnowledgeMatcher {
  /** The languages with an index. */
  readonly languages: readonly string[];
  /** What to say to a message in a language: an answer, a "did you mean", or none. */
  match(text: string, language: string): MatchResult;
  /** The evidence behind `match`, best first (for tuning, reports and the unmatched-questions digest). */
  scores(text: string, language: string): TopicScore[];
  /** The same, with what the index knows of the message as a whole (what the decision weighs). */
  evidence(text: string, language: string): Evidence;
  /** The index of a language, or undefined. */
  index(language: string): TopicIndex | undefined;
  /** The language of a first message, and whether it is clear enough to answer in it. */
  identifyLanguage(text: string): LanguageGuess;
}

/** One language's index and classifier. */
interface LanguageModel {
  language: string;
  index: TopicIndex;
  classifier: TopicClassifier;
}

/** Builds one index per language from each topic's title and examples. */
export function createMatcher(base: KnowledgeBase, tuning: Tuning = DEFAULT_TUNING): KnowledgeMatcher {
  return matcherOver(base, tuning, base.languages.flatMap((language) => buildLanguage(base, language, tuning) ?? []));
}

/**
 * The same matcher, built one language at a time with `pause()` awaited before each: a server
 * builds it this way so that its event loop is never held for the whole build (about a second of
 * CPU on a quiet machine, several on a busy one), only for one language's share of it.
 */
export async function createMatcherInSteps(base: KnowledgeBase, pause: () => Promise<void>, tuning: Tuning = DEFAULT_TUNING): Promise<KnowledgeMatcher> {
  const models: LanguageModel[] = [];
  for (const language of base.languages) {
    await pause();
    const model = buildLanguage(base, language, tuning);
    if (model) models.push(model);
  }
  return matcherOver(base, tuning, models);
}

function buildLanguage(base: KnowledgeBase, language: string, tuning: Tuning): LanguageModel | undefined {
  const texts: TopicText[] = base.topics.flatMap((topic) => {
    const t = topic.texts[language];
    if (!t) return [];
    const examples = [t.title, ...t.examples].filter(Boolean).map((text) => ({ topic: topic.id, text, role: 'example' as const }));
    // Variables ({{vote_gov}}) are not words anyone types.
    const answer = tuning.indexAnswers && t.answer ? [{ topic: topic.id, text: t.answer.replace(/{{\s*\w+\s*}}/g, ' '), role: 'answer' as const }] : [];
    return [...examples, ...answer];
  });
  if (!texts.length) return undefined;
  const analyzer = analyzerFor(language);
  const analyses = texts.map((t) => analyzer.analyze(t.text));
  // The classifier learns from the lines people might write (titles and examples), not the answers.
  const lines = texts.flatMap((t, i) => (t.role === 'example' ? [{ topic: t.topic, analysis: analyses[i] }] : []));
  return { language, index: buildTopicIndex(analyzer, texts, tuning, analyses), classifier: trainClassifier(lines, tuning.classifier) };
}

function matcherOver(base: KnowledgeBase, tuning: Tuning, models: LanguageModel[]): KnowledgeMatcher {
  const notCovered = new Set(base.topics.filter((t) => t.kind === 'none').map((t) => t.id));
  const indexes = new Map<string, TopicIndex>(models.map((m) => [m.language, m.index]));
  const classifiers = new Map<string, TopicClassifier>(models.map((m) => [m.language, m.classifier]));

  // The classifier's view of a message (its language's classifier), its most probable classes only.
  const classified = (e: Evidence, language: string, analysis: Analysis): Evidence =>
    e.topics.length ? { ...e, classes: classifiers.get(language)?.classify(analysis).slice(0, CLASSES_KEPT) ?? [] } : e;
  const evidence = (text: string, language: string): Evidence => {
    const own = indexes.get(language);
    const english = language !== 'en' ? indexes.get('en') : undefined;
    if (!own) {
      if (!english) return { topics: [], known: 0, weight: 0 };
      const analysis = english.analyzer.analyze(text);
      return classified(weigh(english.evidence(analysis)), 'en', analysis);
    }
    const analysis = own.analyzer.analyze(text);
    const joinWords = !!english && WORD_BY_WORD.has(language);
    const { credits: ownCredits, ...found } = own.evidence(analysis, { credits: joinWords });
    if (!english) return classified(weigh(found), language, analysis);
    // Function words of its own language only ("xin chào", "hola", "ok po") ask nothing, whatever
    // the English index makes of them by a typo ("chao").
    if (analysis.units.length && analysis.units.every((u) => u < 1)) return found;
    // Code-switching ("donde queda mi polling place", "怎么register"): the English index adds its
    // evidence at a lower weight, and a topic is explained as far as either language explains it.
    const w = tuning.englishWeight;
    const englishAnalysis = english.analyzer.analyze(text);
    const { credits: englishCredits, ...other } = english.evidence(englishAnalysis, { credits: joinWords });
    const merged = new Map(found.topics.map((s) => [s.topic, { ...s }]));
    for (const e of other.topics) {
      const m = merged.get(e.topic);
      if (!m) merged.set(e.topic, { ...e, score: e.score * w, text: (e.text ?? 0) * w, example: (e.example ?? 0) * w });
      else {
        m.score += e.score * w;
        m.text = (m.text ?? 0) + (e.text ?? 0) * w;
        m.example = Math.max(m.example ?? 0, (e.example ?? 0) * w);
        m.coverage = Math.max(m.coverage, e.coverage);
        m.exact = Math.max(m.exact ?? 0, e.exact ?? 0);
      }
    }
    let known = Math.max(found.known, other.known);
    // Taglish ("pwede ba ako mag-vote by mail kahit nasa abroad"): a word is explained when either
    // language's texts explain it, so a topic whose Tagalog examples explain the Tagalog words and
    // whose English ones the English words explains the whole message. Only where the two analyses
    // have one unit a word (the same words in the same order).
    if (ownCredits && englishCredits && englishAnalysis.units.length === analysis.units.length) {
      const units = analysis.units;
      const total = units.reduce((a, b) => a + b, 0);
      const share = (credit: number[]) => (total > 0 ? credit.reduce((sum, c, u) => sum + units[u] * c, 0) / total : 0);
      const either = (a: number[] | undefined, b: number[] | undefined) => units.map((_, u) => Math.max(a?.[u] ?? 0, b?.[u] ?? 0));
      const best = units.map(() => 0);
      for (const m of merged.values()) {
        const mine = ownCredits.get(m.topic);
        const theirs = englishCredits.get(m.topic);
        const inexact = either(mine?.inexact, theirs?.inexact);
        m.coverage = share(inexact);
        m.exact = share(either(mine?.exact, theirs?.exact));
        inexact.forEach((c, u) => (best[u] = Math.max(best[u], c)));
      }
      known = share(best);
    }
    return classified(weigh({ topics: [...merged.values()], known, weight: found.weight }), language, analysis);
  };
  // A topic that explains more of the message ranks higher: one rare word shared with a topic
  // (a high BM25 score) must not outweigh a topic that explains the whole message.
  const weigh = (e: Evidence): Evidence => ({
    ...e,
    topics: e.topics.map((s) => ({ ...s, score: s.score * s.coverage ** tuning.coveragePower })).sort((a, b) => b.score - a.score),
  });

  // Small talk about the assistant or the calendar ("what day is it", "tienes nombre") shares its
  // words with deadline and registration questions: the out-of-scope topic is ranked first, so the
  // decision gives the fallback whatever the thresholds (small-talk.ts).
  const [outOfScope] = notCovered;
  const smallTalk = (e: Evidence): Evidence => {
    const top = e.topics[0];
    if (!top || !outOfScope || notCovered.has(top.topic)) return e;
    const own = e.topics.find((s) => s.topic === outOfScope);
    // As strong as the best topic, and first: its best example as good as the best topic's, so the guard holds.
    const first: TopicScore = { ...own, topic: outOfScope, score: top.score, coverage: Math.max(own?.coverage ?? 0, top.coverage), example: Math.max(own?.example ?? 0, top.example || top.score) };
    return { ...e, topics: [first, ...e.topics.filter((s) => s.topic !== outOfScope)] };
  };
  const judged = (text: string, language: string): Evidence => {
    const e = evidence(text, language);
    return isSmallTalk(text, language) ? smallTalk(e) : e;
  };

  return {
    languages: [...indexes.keys()],
    match: (text, language) => decide(judged(text, language), thresholdsFor(tuning, language), notCovered),
    scores: (text, language) => judged(text, language).topics,
    evidence: judged,
    index: (language) => indexes.get(language),
    identifyLanguage: (text) => identifyLanguage(text, (l) => indexes.get(l), [...indexes.keys()], tuning.identify),
  };
}

/**
 * The languages whose messages mix English in word by word (Taglish) and whose analysis has one
 * unit a word, as English's: a word counts as explained when either index explains it.
 */
const WORD_BY_WORD = new Set(['tl']);

/** How many of the classifier's most probable classes the evidence keeps (the decision reads the best and not_covered). */
const CLASSES_KEPT = 5;
