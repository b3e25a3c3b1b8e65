/** text input: any non-empty text up to 1000 characters, kept as written. */
import type { InputResult } from './types';

/** Longest accepted answer, in characters (code points). */
export const MAX_TEXT_LENGTH = 1000;

/** Validate free text; the value is the trimmed text, case untouched. */
export function validateText(text: string): InputResult {
  const value = text.trim();
  const length = Array.from(value).length;
  return length > 0 && length <= MAX_TEXT_LENGTH ? { ok: true, value } : { ok: false };
}
