/** Small helpers for the admin routes: query values, path parameters, masked addresses. */
import type { RouteRequest, RouteResponse } from '../http/route';
import { isPhoneChannel } from '../channels/registry';
import { maskPhone } from '../lib/phone';

/** A query parameter as one string (a repeated parameter keeps its first value). */
export function queryValue(req: RouteRequest, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/** The path segments after `prefix` (decoded), e.g. /api/admin/contacts/<ref>/forget → [ref, 'forget']. */
export function pathAfter(req: RouteRequest, prefix: string): string[] {
  const path = new URL(req.url, 'http://admin.invalid').pathname;
  if (!path.startsWith(prefix)) return [];
  return path
    .slice(prefix.length)
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** A 400 with a reason. */
export function badRequest(error: string): RouteResponse {
  return { status: 400, body: { error } };
}

/** An address for lists: phones keep their country code and last 4 digits, anything else its last 4 characters. */
export function maskAddress(channel: string, address: string): string {
  if (isPhoneChannel(channel)) return maskPhone(address);
  const chars = [...address];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return `${'*'.repeat(Math.min(8, chars.length - 4))}${chars.slice(-4).join('')}`;
}

/** A positive integer query parameter, bounded; the default when absent or invalid. */
export function limitOf(req: RouteRequest, fallback: number, max: number): number {
  const n = Number(queryValue(req, 'limit'));
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}
