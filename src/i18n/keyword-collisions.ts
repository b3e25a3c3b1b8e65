/**
 * Global keywords must never swallow an ordinary answer. They are matched as a whole message in
 * every language before the flow sees it (src/engine/keywords.ts), so a Spanish STOP word that is
 * also an English "yes" would opt out someone who meant yes.
 */
import type { GlobalKeyword } from '../engine/keywords';
import type { LocaleIssue } from './locale-issue';
import type { LocaleTexts } from './locale-texts';
import { checkOptOutLists } from './opt-out-lists';
import { globalKeywordOf, isAnswerWordList, listWords } from './word-lists';

/** What a global keyword does, for messages. */
const EFFECT: Record<GlobalKeyword, string> = {
  stop: 'opt the person out',
  start: 'opt the person back in',
  help: 'send the HELP answer',
  menu: 'restart at the menu',
  language: 'open the language menu',
  agent: 'ask for a volunteer',
};

interface Place {
  language: string;
  key: string;
  word: string;
  keyword: GlobalKeyword | null;
}

/**
 * Every collision of a global keyword's word with another global keyword or with an answer word
 * list, in any language, and every answer that the opt-out rules would read as STOP (opt-out-lists.ts). Pure.
 */
export function checkKeywordCollisions(texts: LocaleTexts): LocaleIssue[] {
  const keywordPlaces: Place[] = [];
  const byWord = new Map<string, Place[]>();
  for (const language of texts.languages) {
    for (const [key, value] of texts.entries(language)) {
      if (typeof value !== 'string') continue;
      const keyword = globalKeywordOf(key);
      if (!keyword && !isAnswerWordList(key)) continue;
      for (const word of new Set(listWords(value))) {
        const place = { language, key, word, keyword };
        if (keyword) keywordPlaces.push(place);
        byWord.set(word, [...(byWord.get(word) ?? []), place]);
      }
    }
  }

  const where = (p: Place) => `${texts.fileOf(p.language, p.key)}:${texts.lineOf(p.language, p.key)}`;
  const issues: LocaleIssue[] = [];
  const reported = new Set<string>();
  for (const a of keywordPlaces) {
    for (const b of byWord.get(a.word) ?? []) {
      if (b.keyword === a.keyword) continue; // the same keyword in two languages (STOP in en and es) is fine
      const pair = [`${a.language}:${a.key}`, `${b.language}:${b.key}`].sort().join('|') + `|${a.word}`;
      if (reported.has(pair)) continue;
      reported.add(pair);
      const other = b.keyword ? `the ${b.keyword.toUpperCase()} keyword` : 'an answer word';
      issues.push({
        file: texts.fileOf(a.language, a.key),
        line: texts.lineOf(a.language, a.key),
        severity: 'error',
        kind: 'keyword',
        language: a.language,
        key: a.key,
        message:
          `keyword "${a.word}" of ${a.key} ("${a.language}") is also ${other} in ${b.key} ("${b.language}", ${where(b)}): ` +
          `sent alone in any language it would ${EFFECT[a.keyword!]}${b.keyword ? ` or ${EFFECT[b.keyword]}` : ''}; keep keywords out of everyday words`,
      });
    }
  }
  issues.push(...checkOptOutLists(texts));
  return issues;
}
