/**
 * The opt-out lists (`keywords.stop`, `stop_phrases`, `stop_fillers`, `stop_negations`; read by
 * src/engine/opt-out.ts) checked with the matcher itself: no everyday answer, choice or other
 * keyword of any language may read as an opt-out, and every opt-out word and phrase must opt out
 * on its own (a negation or the length limit must not undo it). Pure.
 */
import { normalizeWords } from '../engine/inputs/normalize';
import type { Lexicon } from '../engine/lexicon';
import { matchOptOut, type OptOutMatch } from '../engine/opt-out';
import type { LocaleIssue } from './locale-issue';
import type { LocaleTexts } from './locale-texts';
import { isOptOutList, isWordList, listWords, ordinaryWordEntries } from './word-lists';

/** Every answer that would opt a person out, and every opt-out word or phrase that would not. */
export function checkOptOutLists(texts: LocaleTexts): LocaleIssue[] {
  const lexicon = lexiconOf(texts);
  const issues: LocaleIssue[] = [];
  const issue = (language: string, key: string, message: string) =>
    issues.push({ file: texts.fileOf(language, key), line: texts.lineOf(language, key), severity: 'error', kind: 'keyword', language, key, message });
  const where = (m: OptOutMatch) => `"${m.entry}" of ${m.rule === 'word' ? 'keywords.stop' : 'keywords.stop_phrases'} ("${m.language}")`;

  // An answer that is exactly an opt-out word is already reported by the keyword collision check.
  const stopWords = new Set(texts.languages.flatMap((l) => lexicon.words(l, 'keywords.stop')));

  for (const language of texts.languages) {
    for (const [key, value] of texts.entries(language)) {
      if (typeof value !== 'string' || !isWordList(key)) continue;
      const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
      if (!isOptOutList(key)) {
        for (const entry of entries) {
          const found = matchOptOut(entry, lexicon);
          if (found?.kind !== 'stop' || stopWords.has(normalizeWords(entry))) continue;
          issue(language, key, `"${entry}" of ${key} ("${language}") reads as an opt-out (${where(found)}): sent as an answer it would opt the person out; change the opt-out lists or the answer`);
        }
      } else if (key === 'keywords.stop' || key === 'keywords.stop_phrases') {
        for (const entry of entries) {
          // A lone `*` stands for any word: try it with one.
          const sample = entry.replace(/(^|\s)\*(?=\s|$)/g, '$1x');
          if (matchOptOut(sample, lexicon)?.kind === 'stop') continue;
          issue(language, key, `"${entry}" of ${key} ("${language}") does not opt out when sent on its own: a negation in keywords.stop_negations undoes it, or it is longer than a short message`);
        }
      }
    }
  }
  return issues;
}

/** The matcher's view of the texts being checked (not the loaded translator: an import checks texts not yet written). */
function lexiconOf(texts: LocaleTexts): Lexicon {
  const values = new Map(texts.languages.map((l) => [l, new Map(texts.entries(l))]));
  const text = (language: string, key: string) => {
    const value = values.get(language)?.get(key);
    return typeof value === 'string' ? value : undefined;
  };
  return {
    languages: texts.languages,
    defaultLanguage: texts.defaultLanguage,
    words: (language, key) => listWords(text(language, key) ?? ''),
    has: (language, key) => text(language, key) !== undefined,
    text,
    ordinaryWords: (language) => ordinaryWordEntries(values.get(language) ?? []),
  };
}
