/** us_state input: a state or territory's postal code or name (English or Spanish) → postal code. */
import { normalizeWords } from './normalize';
import { US_STATE_NAMES } from './us-state-names';
import type { InputResult } from './types';

// Names compare without punctuation or spaces inside ("D.C." = "DC", "Hawai'i" = "Hawaii").
const squash = (s: string): string => normalizeWords(s).replace(/[^a-z0-9]/g, '');

const LOOKUP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [code, names] of Object.entries(US_STATE_NAMES)) {
    map.set(code.toLowerCase(), code);
    for (const name of names) map.set(squash(name), code);
  }
  return map;
})();

/** Validate a US state or territory; the value is its two-letter postal code. */
export function validateUsState(text: string): InputResult {
  const key = squash(text);
  const code = key ? LOOKUP.get(key) : undefined;
  return code ? { ok: true, value: code } : { ok: false };
}
