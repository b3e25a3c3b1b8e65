/** rating input: 1-5 as a digit, a number word of the contact's language, or 1-5 stars. */
import { foldDigits, normalizeWords } from './normalize';
import type { InputContext, InputResult } from './types';

const MAX = 5;
// Emoji stars often arrive with a variation selector (U+FE0F) after each one.
const STARS = /^(?:[⭐★*]\uFE0F?\s*){1,5}$/u;
const STAR = /[⭐★*]/gu;
const DIGITS = /^(\d+)[.!]?$/;

/** Validate a 1-5 rating; the value is a number. */
export function validateRating(text: string, ctx: InputContext): InputResult {
  const raw = foldDigits(text).trim();
  if (STARS.test(raw)) return { ok: true, value: raw.match(STAR)?.length ?? 0 };
  // Digits on the raw text, so that "-1" is not read as 1 once punctuation is stripped.
  const digits = DIGITS.exec(raw);
  const word = normalizeWords(raw);
  if (!digits && !word) return { ok: false };
  const n = digits ? Number(digits[1]) : ctx.words('common.number_words').indexOf(word) + 1;
  return n >= 1 && n <= MAX ? { ok: true, value: n } : { ok: false };
}
