/**
 * What an organizer must never read in a report of unanswered questions: phone numbers and e-mail
 * addresses people type into a question ("call me at 212 555 0100"). Pure.
 */

// Seven or more digits in a run, with the separators people type between them (spaces, dots,
// dashes, brackets), in any script's digits (Arabic-Indic, full-width): a phone number, or an ID
// number just as personal. Shorter runs stay: a ZIP code, a year, a day.
const NUMBER = /(?:[+＋]\s?)?\(?\p{Nd}(?:[\s().\-‐–—]{0,3}\p{Nd}){6,}/gu;
const EMAIL = /[^\s@＠]+[@＠][^\s@＠]+\.[^\s@＠]+/gu;

/** The placeholders that replace them (the same in every language: they are not read aloud). */
export const NUMBER_MARK = '[number]';
export const EMAIL_MARK = '[email]';

/** `text` with phone-like digit runs and e-mail addresses replaced by placeholders. */
export function scrubPersonal(text: string): string {
  return text.replace(EMAIL, EMAIL_MARK).replace(NUMBER, NUMBER_MARK);
}
