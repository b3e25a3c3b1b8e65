/** yes_no input: a word of common.yes_words / common.no_words in the contact's language. */
import { normalizeWords } from './normalize';
import type { InputContext, InputResult } from './types';

/** Validate a yes/no answer; the value is 'yes' or 'no'. */
export function validateYesNo(text: string, ctx: InputContext): InputResult {
  const word = normalizeWords(text);
  if (!word) return { ok: false };
  if (ctx.words('common.yes_words').includes(word)) return { ok: true, value: 'yes' };
  if (ctx.words('common.no_words').includes(word)) return { ok: true, value: 'no' };
  return { ok: false };
}
