/** number input: a whole number, optionally signed. */
import type { InputResult } from './types';
import { foldDigits } from './normalize';

const INTEGER = /^[-+]?\d{1,15}$/;

/** Validate an integer; decimals and digit groups are rejected. */
export function validateNumber(text: string): InputResult {
  const raw = foldDigits(text).trim();
  return INTEGER.test(raw) ? { ok: true, value: Number(raw) || 0 } : { ok: false };
}
