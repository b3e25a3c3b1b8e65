/**
 * Messages that ask nothing and must get the fallback (`kind: 'none'`: no answer, no "did you
 * mean"), per language. One list for the behaviour tests that assert it (accuracy.test.ts) and the
 * tuning that must not choose a setting answering any of them (tune-lib.ts: a hard condition, like
 * the done-when questions). Not a sample of the test sets: written for the behaviour tests.
 */

/** Greetings and fillers, each in the conversation of a language: they ask nothing, whatever examples contain them. */
export const GREETINGS: [language: string, text: string][] = [
  ['en', 'hi'], ['en', 'ok'], ['en', 'hello'], ['en', 'how do I'],
  // An English greeting in another language's conversation must not meet a word by a typo ("hello" / Spanish "sello", a stamp).
  ['es', 'hi'], ['es', 'hola'], ['es', 'hello'], ['es', 'ok'], ['es', 'hey'], ['es', 'gracias'],
  ['tl', 'hi'], ['tl', 'hello po'], ['vi', 'hi'], ['vi', 'xin chào'], ['zh', '你好'], ['ko', '안녕하세요'], ['ar', 'مرحبا'],
];

/** The languages whose conversations the gibberish-with-a-number texts are tried in. */
export const GIBBERISH_LANGUAGES = ['en', 'es', 'tl', 'vi', 'zh', 'ko', 'ar'];

/**
 * A number is not a question: "zzz 8" met "do polls close at 8" and was answered as election day;
 * in Vietnamese, where numbers counted as words until stop 28, "zzz 1", "zzz 10" and "zzz 16" were
 * answered as ballot contents and eligibility (test/runtime/reply-limit.test.ts texts "zzz 1" to
 * "zzz 29").
 */
export const GIBBERISH_WITH_NUMBER = ['zzz 8', 'zzz 7', '8', 'zzz 2026', 'zzz 1', 'zzz 10', 'zzz 16'];

/**
 * Gibberish with a number that one language read as a word: in Tagalog "2" is text-speak for "to"
 * (ito, this) and 16-18 are ages, so "zzz 2" and "zzz 18" got a "did you mean" until an age counted
 * only next to a word that says it is one and "2" was read as ito (round 11).
 */
export const GIBBERISH_OF_LANGUAGE: [language: string, text: string][] = [['tl', 'zzz 2'], ['tl', 'zzz 18']];

/** Every message that must get the fallback, as [language, text]: the greetings, then the gibberish in every language. */
export const MUST_NOT_ANSWER: [language: string, text: string][] = [
  ...GREETINGS,
  ...GIBBERISH_OF_LANGUAGE,
  ...GIBBERISH_LANGUAGES.flatMap((language) => GIBBERISH_WITH_NUMBER.map((text): [string, string] => [language, text])),
];

/** The must-not-answer messages of one language. */
export const mustNotAnswerOf = (language: string): string[] => MUST_NOT_ANSWER.filter(([l]) => l === language).map(([, text]) => text);
