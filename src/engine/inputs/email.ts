/** email input: one plausible e-mail address, lower-cased. */
import type { InputResult } from './types';

// Deliberately simple: one @, no spaces, a dotted domain with a 2+ letter TLD.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/;
const MAX_LENGTH = 254; // RFC 5321 path limit

/** Validate an e-mail address; the value is lower-cased. */
export function validateEmail(text: string): InputResult {
  const value = text.trim().toLowerCase();
  const local = value.split('@')[0] ?? '';
  const ok =
    value.length <= MAX_LENGTH &&
    EMAIL.test(value) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..');
  return ok ? { ok: true, value } : { ok: false };
}
