/**
 * The language of a first message. The script decides first (Hangul is Korean, Han Chinese, Arabic
 * Arabic, letters only Vietnamese writes Vietnamese); among the Latin-alphabet languages, tinyld's
 * n-gram identifier (restricted to the shipped ones) and the knowledge indexes decide together: a
 * message that one language's examples explain well and another's poorly is in the first. A
 * message mixing English with another shipped language (Spanglish, Taglish) counts as the other.
 */
import type * as Tinyld from 'tinyld';
import { isArabiziFirstMessage } from './analyze/arabizi';
import { scriptRuns, stripMarks } from './analyze/text';
import { FUNCTION_WORDS } from './analyze/stopwords';
import { isVietnameseWord } from './analyze/vietnamese';
import type { TopicIndex } from './topic-index';
import type { LanguageGuess } from './types';
import type { Analysis } from './analyze/term';

/** How the identifier weighs its evidence (tuned on the dev split). */
export interface IdentifyTuning {
  /** Weight of the knowledge index's coverage next to the n-gram identifier's score (0..1 each). */
  indexWeight: number;
  /** A non-English language wins over English when its evidence reaches this share of English's. */
  switchRatio: number;
  /** Weight of the share of words that are another language's own function words. */
  markerWeight: number;
  /** A message whose words are at least this share another language's own function words is in that language. */
  markerShare: number;
  /** Below this combined evidence a Latin-script message is not clear enough (the language menu). */
  minEvidence: number;
}

// Greetings that name their language on their own ("hola" is Spanish), so a first message of just
// a greeting can be answered in it. English greetings stay unclear: English is the default anyway,
// and someone who writes "hi" may not read English.
const GREETINGS: Record<string, readonly string[]> = {
  es: ['hola', 'buenas', 'buenos dias', 'buenas tardes', 'buenas noches', 'que tal'],
  tl: ['kumusta', 'kamusta', 'kmusta', 'musta', 'magandang umaga', 'magandang hapon', 'magandang gabi'],
  vi: ['xin chao', 'chao ban', 'chao em', 'chao anh', 'chao chi'],
};

// Who a greeting is said to, after it: "kumusta po", "kamusta ka", "kmusta k" (ka), "musta kayo".
const GREETING_TAILS: Record<string, RegExp> = { tl: /(?: (?:po|ho|poh|ka|k|kayo|kau))+$/ };

let tinyld: typeof Tinyld | undefined;

/**
 * tinyld's n-gram identifier, loaded on the first message to identify, not with this module:
 * loading its tables takes 0.15 s of CPU and about 40 MiB, which `start` (before it answers), a
 * worker sending a campaign and most commands need not pay. A synchronous require:
 * identification is synchronous.
 */
function detectAll(text: string, options: { only: string[] }): ReturnType<typeof Tinyld.detectAll> {
  tinyld ??= require('tinyld') as typeof Tinyld;
  return tinyld.detectAll(text, options);
}

const ENGLISH_WORDS = new Set(FUNCTION_WORDS.en);
const MARKERS: Record<string, Set<string>> = Object.fromEntries(
  ['es', 'tl', 'vi'].map((l) => [l, new Set(FUNCTION_WORDS[l].map(stripMarks).filter((w) => w.length > 1 && !ENGLISH_WORDS.has(w)))]),
);

/** Identifies the language of a message among the languages that have an index. */
export function identifyLanguage(
  text: string,
  indexes: (language: string) => TopicIndex | undefined,
  languages: readonly string[],
  tuning: IdentifyTuning,
  fallback = 'en',
): LanguageGuess {
  const has = (l: string) => languages.includes(l);
  const unclear: LanguageGuess = { language: has(fallback) ? fallback : languages[0] ?? fallback, confident: false };
  const runs = scriptRuns(text);
  const letters = (script: string) => runs.filter((r) => r.script === script).reduce((n, r) => n + [...r.text].length, 0);

  // A shipped non-Latin script settles it, even with English words mixed in ("怎么register").
  const scripts = [
    { language: 'ko', count: letters('hangul') },
    { language: 'zh', count: letters('han') },
    { language: 'ar', count: letters('arabic') },
  ].filter((s) => s.count > 0 && has(s.language));
  if (letters('other') > 0 && !scripts.length) return unclear; // kana, Cyrillic...: not a shipped language
  if (scripts.length) {
    const top = scripts.sort((a, b) => b.count - a.count)[0];
    return { language: top.language, confident: top.count >= 2 };
  }

  const words = runs.filter((r) => r.script === 'latin').map((r) => r.text);
  if (!words.length) return unclear;
  if (has('vi') && words.some(isVietnameseWord)) return { language: 'vi', confident: true };
  // Arabic typed in Latin letters and digits ("wein a9awet"): the Arabic analyzer reads it.
  if (has('ar') && isArabiziFirstMessage(words.map((w) => w.toLowerCase()))) return { language: 'ar', confident: true };
  const folded = words.map(stripMarks).join(' ');
  for (const [language, greetings] of Object.entries(GREETINGS)) {
    const bare = folded.replace(GREETING_TAILS[language] ?? /$^/, '');
    if (has(language) && (greetings.includes(folded) || greetings.includes(bare))) return { language, confident: true };
  }

  const latin = ['en', 'es', 'tl', 'vi'].filter(has);
  if (!latin.length) return unclear; // a base with no Latin-script language has nothing to weigh
  // Each language's reading of the message, once. Where none of them finds a content word ("hello",
  // "ok", "thanks"), whichever language won would be unclear (below): the weighing is skipped.
  const analyses = new Map(latin.map((language) => [language, indexes(language)?.analyzer.analyze(text)]));
  const hasContent = (language: string) => analyses.get(language)?.units.some((w) => w >= 1) ?? true;
  if (!latin.some(hasContent)) return unclear;
  const ngram = new Map(detectAll(text, { only: latin }).map((r) => [r.lang, r.accuracy]));
  const evidence = latin.map((language) => {
    // Function words alone ("ok", "yes") say nothing about the language: no content, no coverage.
    const coverage = hasContent(language) ? contentCoverage(indexes(language), analyses.get(language)) : 0;
    return { language, ngram: ngram.get(language) ?? 0, coverage, markers: 0, score: (ngram.get(language) ?? 0) + tuning.indexWeight * coverage };
  });
  const english = evidence.find((e) => e.language === 'en');
  // Function words of a language that English does not share ("ba", "po", "ng"; "el", "mi";
  // "khong", "toi") mark code-switched messages whose content words are English.
  const bare = words.map(stripMarks);
  for (const e of evidence) {
    const marks = MARKERS[e.language];
    e.markers = marks ? bare.filter((w) => marks.has(w)).length / bare.length : 0;
    e.score += tuning.markerWeight * e.markers;
  }
  evidence.sort((a, b) => b.score - a.score);
  let best = evidence[0];
  if (best.language === 'en') {
    // Another language wins a near tie only on evidence of its own: its n-grams, or its examples
    // explaining more than the English ones (Taglish examples contain English words too).
    const other =
      evidence.find((e) => e.language !== 'en' && e.markers >= tuning.markerShare) ??
      evidence.find(
        (e) => e.language !== 'en' && e.score > 0 && e.score >= best.score * tuning.switchRatio && (e.ngram > 0 || e.markers > 0 || e.coverage > (english?.coverage ?? 0)),
      );
    if (other) best = other;
  }
  // Only function words ("yes", "help me", "ok po") do not make a language clear.
  if (!best || best.score < tuning.minEvidence || !hasContent(best.language)) return unclear;
  return { language: best.language, confident: true };
}

/**
 * How much of the message the best topic of a language's index explains (called only when the
 * language's analysis found a content word: see hasContent in identifyLanguage).
 */
function contentCoverage(index: TopicIndex | undefined, analysis: Analysis | undefined): number {
  if (!index || !analysis) return 0;
  return index.search(analysis, { exact: true })[0]?.coverage ?? 0;
}
