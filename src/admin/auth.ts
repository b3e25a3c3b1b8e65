/**
 * The admin token: `Authorization: Bearer <ADMIN_TOKEN>` (or HTTP Basic with the token as the
 * password, so a browser can open /admin/queues). Compared in constant time. No token configured
 * means the admin surface does not exist: its routes are not mounted, and every path is a 404.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RouteDef, RouteResponse } from '../http/route';
import type { Runtime } from '../runtime/runtime';

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

/** Whether a request carries the admin token (Bearer, or Basic when `allowBasic`). */
export function isAdmin(config: { ADMIN_TOKEN?: string }, authorization: string | string[] | undefined, allowBasic = false): boolean {
  const token = config.ADMIN_TOKEN;
  if (!token) return false;
  const presented = bearerToken(authorization) ?? (allowBasic ? basicPassword(authorization) : undefined);
  return tokenMatches(token, presented);
}

/** The answer to a request without the right token. */
export const UNAUTHORIZED: RouteResponse = {
  status: 401,
  headers: { 'www-authenticate': 'Bearer realm="civic-engage admin"', 'cache-control': 'no-store' },
  body: { error: 'unauthorized' },
};

const registered = new WeakMap<object, Set<string>>();

/** The admin paths mounted so far for this runtime (GET /api/admin lists them). */
export function adminPaths(rt: Runtime): string[] {
  return [...(registered.get(rt) ?? [])].sort();
}

/**
 * Puts routes behind the admin token. The extension point for every admin resource: a module's
 * `routes(rt)` returns `adminRoutes(rt, [...])` for its paths under /api/admin. With no
 * ADMIN_TOKEN it returns no routes at all (the admin API is off: 404).
 */
export function adminRoutes(rt: Runtime, routes: RouteDef[]): RouteDef[] {
  if (!rt.config.ADMIN_TOKEN) return [];
  let paths = registered.get(rt);
  if (!paths) registered.set(rt, (paths = new Set()));
  for (const r of routes) paths.add(`${r.method} ${r.path}`);
  return routes.map((route) => ({
    ...route,
    handler: async (req) => {
      if (!isAdmin(rt.config, req.headers.authorization)) return UNAUTHORIZED;
      const res = await route.handler(req);
      return { ...res, headers: { 'cache-control': 'no-store', ...res.headers } };
    },
  }));
}
