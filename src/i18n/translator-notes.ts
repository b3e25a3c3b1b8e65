/**
 * The note a translator sees next to each string in an export (a CSV column, an XLIFF <note>):
 * what must be kept, what kind of text it is and how long it may be, generated from the key and
 * the English text. Pure.
 */
import { GLOBAL_KEYWORDS } from '../engine/keywords';
import { normalizeWords } from '../engine/inputs/normalize';
import { variablesOf } from './placeholders';
import { pluralCategories, sampleNumbers, splitPluralKey } from './plurals';
import { isSmsText } from './segment-table';
import { globalKeywordOf, isAnswerWordList, listWords } from './word-lists';

/** What a global keyword does, in a translator's words. */
const KEYWORD_MEANING: Record<(typeof GLOBAL_KEYWORDS)[number], string> = {
  stop: 'opt out of all messages',
  start: 'opt back in after STOP',
  help: 'ask who is writing and how to stop',
  menu: 'go back to the main menu',
  language: 'change language',
  agent: 'ask for a human volunteer',
};

/** Texts whose role the key alone does not say. */
const SPECIAL: Record<string, string> = {
  'language.native_name': "The language's own name as its speakers write it; shown in the language menu.",
  'common.number_words': 'The numbers one to ten as people would type them, comma-separated, in order (the first means 1).',
};

// i18next's plural handling reads {{count}}; a campaign's {{org_name}}, a state's name, a date and a link are filled in at send time.
const VARIABLE_HINTS: Record<string, string> = {
  count: 'the number',
  org_name: "the organization's name",
  org_contact: 'how to reach the organizers',
  state: 'a US state name',
  url: 'a link',
};

/** What the note needs besides the key and text. */
export interface NoteContext {
  /** The language being translated to. */
  language: string;
  /** SMS segment budget per message. */
  budget: number;
  /** Upper-case words of the English texts that are words people type, e.g. STOP -> keywords.stop. */
  typedWords: Map<string, string>;
}

/** English words people type, by normalised word: `stop` -> `keywords.stop`, `skip` -> `common.skip_words`. */
export function typedWordIndex(english: Iterable<[string, unknown]>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [key, value] of english) {
    // Choice matches (`faq.match_id`) are left out: "ID" in a sentence is not an instruction to reply ID.
    if (typeof value !== 'string' || (!globalKeywordOf(key) && !isAnswerWordList(key)) || /\.match_[^.]*$/.test(key)) continue;
    for (const word of listWords(value)) if (!index.has(word) || globalKeywordOf(key)) index.set(word, key);
  }
  return index;
}

/** The translator's note for one key, from its English text. */
export function translatorNote(key: string, english: string, ctx: NoteContext): string {
  const parts: string[] = [];
  const keyword = globalKeywordOf(key);
  const plural = splitPluralKey(key);

  if (keyword) {
    parts.push(
      `Global keyword: comma-separated words that, sent alone as a whole message in any language, ${KEYWORD_MEANING[keyword]}.`,
      'List what people in your language would actually send; never everyday words (yes, no, ok, thanks, numbers) or words from other lists, or an ordinary answer would trigger it.',
      'The English words keep working in every language.',
    );
  } else if (SPECIAL[key]) parts.push(SPECIAL[key]);
  else if (isAnswerWordList(key)) {
    parts.push('Comma-separated list of what people may type (each entry matched as the whole message; case, accents and punctuation are ignored). Add the usual ways to say it in your language; keep the commas.');
  }
  if (key.startsWith('slack.') && !isSmsText(key)) {
    parts.push('Slack message (mrkdwn): keep *bold*, _italics_, emoji and line breaks as they are.');
  }

  const variables = variablesOf(english);
  if (variables.length) {
    const hints = variables.map((v) => (VARIABLE_HINTS[v] ? `{{${v}}} (${VARIABLE_HINTS[v]})` : `{{${v}}}`));
    parts.push(`Keep ${variables.length === 1 ? 'this placeholder' : 'these placeholders'} exactly as written, untranslated: ${hints.join(', ')}.`);
  }
  if (plural) {
    const samples = sampleNumbers(ctx.language, plural.category);
    parts.push(
      `Plural form "${plural.category}" of ${plural.base}: used in ${ctx.language} for counts like ${samples.join(', ')}${samples.length >= 4 ? ', ...' : ''}` +
        ` (${ctx.language} has the forms ${pluralCategories(ctx.language).join(', ')}).`,
    );
  }

  const list = !!keyword || isAnswerWordList(key);
  const typed = list ? [] : [...new Set(english.match(/\b[A-Z]{2,}(?: [A-Z]{2,})*\b/g) ?? [])].filter((w) => ctx.typedWords.has(normalizeWords(w)));
  for (const word of typed) {
    const list = ctx.typedWords.get(normalizeWords(word))!;
    parts.push(
      globalKeywordOf(list)
        ? `${word} is a keyword people reply with: use a word from ${list} in your language, or keep ${word} (keywords work in every language).`
        : `${word} is a word people reply with: write one that is in ${list} in your language.`,
    );
  }

  if (isSmsText(key) && !list && !SPECIAL[key]) {
    const gsm = ctx.budget === 1 ? 160 : 153 * ctx.budget;
    const ucs = ctx.budget === 1 ? 70 : 67 * ctx.budget;
    parts.push(
      `Sent by SMS: at most ${ctx.budget} segment${ctx.budget === 1 ? '' : 's'}, about ${gsm} characters in plain Latin letters or ${ucs} if it needs any other character` +
        ` (most accents, non-Latin scripts, emoji); each placeholder counts as 20.`,
    );
  }
  return parts.join(' ');
}
