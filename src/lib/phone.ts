/** Phone numbers: normalise what people and providers write to E.164, and mask it for logs. */
// The 'max' metadata validates number ranges precisely (the default 'min' build mostly checks
// lengths); it is larger (about 1.7 MiB of heap once loaded), so it is loaded on the first number
// to parse, not with this module: a campaign worker, which sends to numbers stored in E.164 and
// masks them only for debug lines, never loads it.
import type { CountryCode, parsePhoneNumberFromString as Parse } from 'libphonenumber-js/max';

let parser: typeof Parse | undefined;
const parsePhoneNumberFromString: typeof Parse = (...args: Parameters<typeof Parse>) =>
  (parser ??= (require('libphonenumber-js/max') as { parsePhoneNumberFromString: typeof Parse }).parsePhoneNumberFromString)(...args);

/**
 * Parse `input` ("(212) 555-0123", "+44 7911 123456", "tel:+1...") into E.164, reading numbers
 * without a country prefix as `defaultCountry`. Returns null when it is not a valid number.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'US'): string | null {
  return remembered(normalized, `${defaultCountry} ${input}`, () => parseToE164(input, defaultCountry));
}

function parseToE164(input: string, defaultCountry: CountryCode): string | null {
  const text = input.trim().replace(/^tel:/i, '');
  if (text === '') return null;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/**
 * Mask an E.164 number for logs and Slack: the country code and the last 4 digits stay, every
 * other digit becomes '*' ("+12125550123" → "+1******0123"). Input that does not parse keeps
 * only its last 4 digits.
 */
export function maskPhone(e164: string): string {
  return remembered(masked, e164, () => mask(e164));
}

function mask(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164.trim());
  if (parsed) {
    const national = parsed.nationalNumber;
    const kept = national.slice(-4);
    return `+${parsed.countryCallingCode}${'*'.repeat(Math.max(0, national.length - kept.length))}${kept}`;
  }
  const digits = e164.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/**
 * Parsing a number with the full metadata costs tens of microseconds, and the same numbers come
 * back (every message of a conversation, every send to it): the last results are kept, a bounded
 * number of each, least recently used out first. Pure functions of their input, so a cached
 * answer is the answer.
 */
export const PHONE_CACHE_SIZE = 10_000;
const normalized = new Map<string, string | null>();
const masked = new Map<string, string>();

function remembered<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  if (cache.has(key)) {
    const value = cache.get(key) as T;
    // Most recently used goes last (a Map keeps insertion order).
    cache.delete(key);
    cache.set(key, value);
    return value;
  }
  const value = compute();
  if (cache.size >= PHONE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/** How many answers each cache holds now (for tests). */
export function phoneCacheSizes(): { normalized: number; masked: number } {
  return { normalized: normalized.size, masked: masked.size };
}
