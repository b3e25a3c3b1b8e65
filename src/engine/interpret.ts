import type { CompiledChoice, WaitInfo } from './compile';
import { validateInput } from './inputs';
import { normalizeWords } from './inputs/normalize';
import type { Lexicon } from './lexicon';

/** The machine event an answer means in a waiting state. */
export type AnswerEvent =
  | { type: `CHOICE.${string}` }
  | { type: 'INPUT_VALID'; value: string | number }
  | { type: 'INPUT_INVALID' };

/**
 * Interprets what a person sent while a state waits for them: a pressed button, the number of a
 * choice ("2"), a choice's label or match words (in the contact's language, then any language),
 * and otherwise the state's validated input. Pure.
 */
export function interpretAnswer(
  wait: WaitInfo,
  message: { text: string; payload?: string },
  language: string,
  lexicon: Lexicon,
): AnswerEvent {
  const choice = matchChoice(wait.choices, message, language, lexicon);
  if (choice) return { type: `CHOICE.${choice.value}` };
  if (wait.input) {
    const result = validateInput(wait.input, message.text, { words: (key) => lexicon.words(language, key) });
    if (result.ok) return { type: 'INPUT_VALID', value: result.value };
  }
  return { type: 'INPUT_INVALID' };
}

function matchChoice(
  choices: CompiledChoice[],
  message: { text: string; payload?: string },
  language: string,
  lexicon: Lexicon,
): CompiledChoice | undefined {
  if (!choices.length) return undefined;
  if (message.payload) {
    const pressed = choices.find((c) => c.value === message.payload);
    if (pressed) return pressed;
  }
  const text = normalizeWords(message.text);
  if (!text) return undefined;
  const number = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  if (number >= 1 && number <= choices.length) return choices[number - 1];
  const wordsOf = (lang: string) => (c: CompiledChoice) => {
    const labelLang = c.language ?? lang;
    return lexicon.words(labelLang, c.labelKey).includes(text) || (!!c.matchKey && lexicon.words(lang, c.matchKey).includes(text));
  };
  const others = lexicon.languages.filter((l) => l !== language);
  const byWords = choices.find(wordsOf(language)) ?? others.reduce<CompiledChoice | undefined>((found, l) => found ?? choices.find(wordsOf(l)), undefined);
  if (byWords) return byWords;
  // A number written as a word ("two", "dos", "二", "اثنان"): the contact's language first.
  for (const lang of [language, ...others]) {
    const index = lexicon.words(lang, 'common.number_words').indexOf(text);
    if (index >= 0 && index < choices.length) return choices[index];
  }
  return undefined;
}
