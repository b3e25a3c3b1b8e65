/**
 * Bearer tokens (and HTTP Basic, for browsers), compared in constant time: the admin API's
 * ADMIN_TOKEN, the /metrics METRICS_TOKEN.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `presented` equals `expected`. Both are hashed first, so the comparison takes the
 * same time whatever the lengths and wherever they differ (timingSafeEqual needs equal lengths).
 */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || expected === '') return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b);
}

function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(header) ?? '');
  return m?.[1];
}

/** The password of an `Authorization: Basic base64(user:password)` header (any user name). */
export function basicPassword(header: string | string[] | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headerValue(header) ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}
