/** zip input: a 5-digit ZIP or ZIP+4 → the 5-digit ZIP. */
import type { InputResult } from './types';
import { foldDigits } from './normalize';

const ZIP = /^(\d{5})(?:[-\s]?\d{4})?$/;

/** Validate a US ZIP code; "00000" does not exist. */
export function validateZip(text: string): InputResult {
  const m = ZIP.exec(foldDigits(text).trim());
  if (!m || m[1] === '00000') return { ok: false };
  return { ok: true, value: m[1] };
}
