/**
 * Console passwords: scrypt from node's crypto (no native build), a random salt per password, and
 * the cost parameters stored with the hash so they can be raised later without breaking old ones.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * N=2^15, r=8, p=3: one of OWASP's equivalent scrypt settings (Password Storage Cheat Sheet), the
 * one with the smallest memory (32 MiB a hash, ~0.25 s here), since several sign-ins may run at
 * once on a small shared machine.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
/** scrypt needs 128·N·r bytes; node's default ceiling is exactly 32 MiB, so leave room. */
const MAX_MEM = 256 * 1024 * 1024;

/** The shortest password accepted, in characters. */
export const MIN_PASSWORD_LENGTH = 12;
/** The longest: hashing is costly, and nobody types more. */
export const MAX_PASSWORD_LENGTH = 256;

/** Why a password is refused (a key of console.password.* for the message). */
export type WeakPassword = 'too_short' | 'too_long' | 'too_simple';

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { ...params, maxmem: MAX_MEM };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches a stored hash; compared in constant time. A malformed hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5], 'base64url');
  const key = await derive(password, Buffer.from(parts[4], 'base64url'), { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing anyone knows: checked against when the account does not exist, so a wrong e-mail takes as long as a wrong password. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(32).toString('hex'));
  return decoy;
}

/** Why a new password is refused, or null when it will do. Length counts characters, not bytes. */
export function passwordWeakness(password: string, email?: string): WeakPassword | null {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (chars.length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (new Set(chars).size <= 2) return 'too_simple';
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) return 'too_simple';
  return null;
}
