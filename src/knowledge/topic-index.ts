/**
 * One language's search index over the topics' texts (MiniSearch, BM25), and the evidence it
 * gives each topic for a message. Two views of the same texts: each example question alone (a
 * message close to one way of asking), and each topic's texts together (a message whose words are
 * spread over several of its examples and its answer).
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Analysis, Analyzer } from './analyze';
import type { Evidence, TopicScore } from './types';

/** A text of a topic in one language: an example question, its title, or its answer. */
export interface TopicText {
  topic: string;
  text: string;
  /** Examples and titles are matched alone too; answers only as part of their topic. */
  role: 'example' | 'answer';
}

/** How the two views combine (see Tuning). */
export interface IndexWeights {
  /** Share of a topic's score from its texts together (the rest: its best single example). */
  topicMix: number;
  /** How many of a topic's best-matching examples count (their mean). */
  topExamples: number;
  /** How much a word found only through a typo or as a prefix explains, next to an exact match (1). */
  inexactCredit: number;
}

/** A built index: look up an analysed message, get the topics' evidence, best first. */
export interface TopicIndex {
  readonly language: string;
  readonly analyzer: Analyzer;
  /**
   * Every topic that matched at least one term, best score first. `exact` looks terms up without
   * typo tolerance (several times faster: enough to tell which language's examples a message meets).
   */
  search(analysis: Analysis, opts?: { exact?: boolean }): TopicScore[];
  /**
   * The same topics, with what the whole index knows of the message (for the decision); `credits`
   * also gives, per topic, how much each of the message's units is explained (matcher.ts joins two
   * languages' views of a code-switched message word by word with it).
   */
  evidence(analysis: Analysis, opts?: { exact?: boolean; credits?: boolean }): Evidence & { credits?: Map<string, UnitCredits> };
}

/** How much a topic explains each unit of a message (0..1): with typos and prefixes at their credit, and exactly. */
export interface UnitCredits {
  inexact: number[];
  exact: number[];
}

interface Doc {
  id: number;
  terms: string[];
}

// Terms are analysed before MiniSearch sees them: it only splits on this separator.
const SEP = '\u0001';
const split = (text: string) => text.split(SEP);
const same = (term: string) => term;
/** How many of the best-matching example lines vote (TopicScore.votes). */
const VOTERS = 10;

function miniSearch(docs: Doc[]): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>({
    fields: ['terms'],
    extractField: (doc, field) => (field === 'terms' ? doc.terms.join(SEP) : (doc as any)[field]),
    tokenize: split,
    processTerm: same,
  });
  index.addAll(docs);
  return index;
}

// MiniSearch multiplies a document's BM25 sum by the number of query terms it matched, which
// rewards a topic's long text for matching many common words: the plain sum is used instead
// (measured on the dev split: no worse at the top, and the scores of languages analysed into
// many terms, like Vietnamese, stay comparable).
const bm25 = (r: { score: number; queryTerms: string[] }) => r.score / Math.max(1, r.queryTerms.length);

// Outside buildTopicIndex: a closure there referring to `analyses` would keep every analysis alive
// as long as the index (V8 keeps a function's captured variables in one shared context).
function termsOf(analyzer: Analyzer, texts: TopicText[], analyses: Analysis[] | undefined) {
  return texts.map((t, i) => ({ ...t, terms: (analyses?.[i] ?? analyzer.analyze(t.text)).terms.map((x) => x.term) }));
}

/** Builds the index of one language's topic texts, analysed by that language's analyzer (or given analysed, in the same order). */
export function buildTopicIndex(analyzer: Analyzer, texts: TopicText[], weights: IndexWeights, analyses?: Analysis[]): TopicIndex {
  const analysed = termsOf(analyzer, texts, analyses);
  const examples = analysed.filter((t) => t.role === 'example');
  const exampleIndex = miniSearch(examples.map((e, id) => ({ id, terms: e.terms })));
  const topics = [...new Set(analysed.map((t) => t.topic))];
  const topicIndex = miniSearch(topics.map((topic, id) => ({ id, terms: analysed.filter((t) => t.topic === topic).flatMap((t) => t.terms) })));

  const evidence = ({ terms, units }: Analysis, { exact = false, credits: withCredits = false } = {}): Evidence & { credits?: Map<string, UnitCredits> } => {
    const total = units.reduce((a, b) => a + b, 0);
    // A message of function words only ("hi", "ok", "how do I") asks nothing: no topic explains
    // it, however many examples happen to contain a greeting.
    if (!terms.length || units.every((u) => u < 1)) return { topics: [], known: 0, weight: total };
    const byTerm = new Map(terms.map((t) => [t.term, t]));
    const options: SearchOptions = {
      tokenize: split,
      processTerm: same,
      fuzzy: (term) => (!exact && byTerm.get(term)?.fuzzy) || false,
      prefix: (term) => byTerm.get(term)?.prefix ?? false,
      boostTerm: (term) => byTerm.get(term)?.weight ?? 1,
      maxFuzzy: 2,
      combineWith: 'OR',
    };
    const query = terms.map((t) => t.term).join(SEP);
    // How much of the message a topic's texts explain: the weighted share of its units that
    // some matched term stands for; a term found only through a typo or as a prefix explains
    // its units partly (weights.inexactCredit).
    const unitCredits = (queryTerms: string[], match: Record<string, unknown>, inexactCredit = weights.inexactCredit) => {
      const credit = units.map(() => 0);
      for (const q of queryTerms) {
        const c = q in match ? 1 : inexactCredit;
        for (const u of byTerm.get(q)?.units ?? []) credit[u] = Math.max(credit[u], c);
      }
      return credit;
    };
    const coverage = (queryTerms: string[], match: Record<string, unknown>, inexactCredit = weights.inexactCredit) =>
      total > 0 ? unitCredits(queryTerms, match, inexactCredit).reduce((sum, c, u) => sum + units[u] * c, 0) / total : 0;
    const credits = withCredits ? new Map<string, UnitCredits>() : undefined;
    const scores = new Map<string, TopicScore>();
    // The terms some topic knows: what is left is the message's own words (a question about something else).
    const knownTerms = new Set<string>();
    const knownMatch: Record<string, unknown> = {};
    for (const r of topicIndex.search(query, options)) {
      const topic = topics[r.id as number];
      const text = bm25(r);
      scores.set(topic, { topic, score: weights.topicMix * text, coverage: coverage(r.queryTerms, r.match), exact: coverage(r.queryTerms, r.match, 0), text, example: 0 });
      credits?.set(topic, { inexact: unitCredits(r.queryTerms, r.match), exact: unitCredits(r.queryTerms, r.match, 0) });
      for (const q of r.queryTerms) {
        knownTerms.add(q);
        if (q in r.match) knownMatch[q] = true;
      }
    }
    // The topic's best examples: the mean of its top k, so a topic with several examples close
    // to the message beats one with a single lucky example.
    const exampleScores = new Map<string, number[]>();
    // The nearest example lines vote: the share of the best VOTERS that are each topic's (kept
    // in order as they come: a message can meet thousands of lines, only ten matter).
    const voters: { topic: string; score: number }[] = [];
    for (const r of exampleIndex.search(query, options)) {
      const topic = examples[r.id as number].topic;
      const score = bm25(r);
      const list = exampleScores.get(topic);
      if (list) list.push(score);
      else exampleScores.set(topic, [score]);
      if (voters.length === VOTERS && score <= voters[VOTERS - 1].score) continue;
      let at = voters.length;
      while (at > 0 && voters[at - 1].score < score) at--;
      voters.splice(at, 0, { topic, score });
      if (voters.length > VOTERS) voters.pop();
    }
    for (const v of voters) {
      const s = scores.get(v.topic);
      if (s) s.votes = (s.votes ?? 0) + 1 / voters.length;
    }
    const k = weights.topExamples;
    for (const [topic, list] of exampleScores) {
      const s = scores.get(topic);
      const top = list.sort((a, b) => b - a).slice(0, k);
      if (!s) continue;
      s.score += ((1 - weights.topicMix) * top.reduce((a, b) => a + b, 0)) / k;
      s.example = top[0];
    }
    const found = [...scores.values()].sort((a, b) => b.score - a.score);
    const known = coverage([...knownTerms], knownMatch);
    return credits ? { topics: found, known, weight: total, credits } : { topics: found, known, weight: total };
  };
  return { language: analyzer.language, analyzer, evidence, search: (analysis, opts) => evidence(analysis, opts).topics };
}
