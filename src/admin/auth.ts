/**
 * The admin token: `Authorization: Bearer <ADMIN_TOKEN>` (or HTTP Basic with the token as the
 * password, so a browser can open /admin/queues). Compared in constant time. No token configured
 * means the admin surface does not exist: its routes are not mounted, and every path is a 404.
 */
import { basicPassword, bearerToken, tokenMatches } from '../http/auth';
import type { RouteDef, RouteResponse } from '../http/route';

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

/** The realm failed admin authentications are counted in (the API and the queue board share it). */
export const ADMIN_REALM = 'admin';

/**
 * Puts routes behind the admin token: without it, 401 (counted and logged per client, and past a
 * number of failures 429: src/http/auth-failures.ts); answers are never cached. The admin module
 * (src/admin/module.ts) puts every /api/admin route behind it, only when ADMIN_TOKEN is set.
 */
export function behindAdminToken(config: { ADMIN_TOKEN?: string }, routes: RouteDef[]): RouteDef[] {
  return routes.map((route) => ({
    ...route,
    auth: { realm: ADMIN_REALM, check: (req) => isAdmin(config, req.headers.authorization), refusal: UNAUTHORIZED },
    handler: async (req) => {
      const res = await route.handler(req);
      return { ...res, headers: { 'cache-control': 'no-store', ...res.headers } };
    },
  }));
}
