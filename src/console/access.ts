/**
 * The one access guard: every console route declares who may open it
 * (`config: { access: 'public' | [roles] }`), and a single hook enforces it. A route that declares
 * nothing cannot be registered (onRoute throws at start-up), so no page is ever open by mistake.
 *
 * - anonymous on a protected route: redirected to the sign-in page (which brings them back);
 * - signed in with another role: 403 with a page that says why;
 * - a session whose account was disabled or removed: ended on the spot, then as anonymous.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pageContext, type ConsoleDeps } from './context';
import { sendPage } from './render';
import { findActiveUser } from './store/users';
import { ErrorPage } from './views/error-page';

/** Installs the guard on a console scope: the route check at registration and the hook per request. */
export function installAccessGuard(app: FastifyInstance, deps: ConsoleDeps): void {
  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined) throw new Error(`console route ${route.method} ${route.url} must declare who may open it (config.access)`);
  });
  app.addHook('preHandler', async (req, reply) => guard(deps, req, reply));
}

/**
 * The guard itself. Installed as a preHandler; a route that reads a large body (an upload) also
 * runs it on onRequest, so nobody without access gets to send the body at all.
 */
export async function guard(deps: ConsoleDeps, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const userId = req.session?.userId;
  let user = userId ? ((await findActiveUser(deps.db, userId)) ?? null) : null;
  if (userId && !user) {
    // Disabled (or gone) since the session began: the session ends now, whatever its cookie says.
    // A new empty session replaces it (not none), so a sign-in on this same request still works.
    await req.session.regenerate();
    user = null;
  }
  req.page = pageContext(deps, req, reply, user);
  // The not-found handler has no route config: it shows a page and nothing else.
  const access = req.is404 ? 'public' : req.routeOptions.config.access;
  if (access === 'public') return undefined;
  if (!access) return sendPage(reply, ErrorPage({ page: req.page, kind: 'server' }), 500);
  if (!user) {
    const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
    return reply.redirect(`/console/sign-in${next}`, 303);
  }
  if (!access.includes(user.role)) return sendPage(reply, ErrorPage({ page: req.page, kind: 'forbidden' }), 403);
  return undefined;
}
