/**
 * us_state input: a state or territory's postal code or name → postal code. Names are known in
 * English, Spanish, Chinese, Korean, Vietnamese, Tagalog and Arabic (see us-state-names.ts).
 */
import { normalizeWords } from './normalize';
import { US_STATE_NAMES } from './us-state-names';
import type { InputResult } from './types';

/**
 * A name as compared: letters and digits of any script only, so spaces and punctuation don't count
 * ("D.C." = "DC", "Hawai'i" = "Hawaii", "Ca-li" = "Cali", "캘리포니아 주" = "캘리포니아주").
 * Beyond normalizeWords, spellings people type interchangeably are folded: Vietnamese đ as d
 * ("Hoa Thinh Don"), Arabic ى as ي and ة as ه ("كنتاكى", "ولايه").
 */
export const squashStateName = (s: string): string =>
  normalizeWords(s)
    .replace(/[^\p{L}\p{N}]/gu, '')
    .replace(/đ/g, 'd')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه');

const LOOKUP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [code, names] of Object.entries(US_STATE_NAMES)) {
    map.set(code.toLowerCase(), code);
    for (const name of names) map.set(squashStateName(name), code);
  }
  return map;
})();

/** Validate a US state or territory; the value is its two-letter postal code. */
export function validateUsState(text: string): InputResult {
  const key = squashStateName(text);
  const code = key ? LOOKUP.get(key) : undefined;
  return code ? { ok: true, value: code } : { ok: false };
}
