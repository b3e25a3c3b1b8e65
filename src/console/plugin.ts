/**
 * The console as one encapsulated Fastify plugin, mounted at /console: everything it registers
 * (helmet's headers, cookies, sessions, CSRF, rate limits, form parsing) applies to its own routes
 * only, so the webhooks, the simulator and the admin API are unaffected.
 *
 *   /console            helmet (strict CSP: the page loads nothing from elsewhere), signed cookies
 *   ├─ /console/assets  the stylesheet and icon, from src/console/assets, and the inbox's script
 *   │                   (src/console/client, bundled on first request): no session, no database
 *   └─ pages            form bodies, sessions (stored in the database), CSRF on every non-GET,
 *                       the access guard, the sign-in rate limits, HTML error pages; the sections
 */
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime/runtime';
import { installAccessGuard } from './access';
import { inboxScript } from './client/bundle';
import { pageContext, type ConsoleDeps } from './context';
import { sendPage } from './render';
import { cookieSecret as cookieSecretOf } from './secret';
import { CONSOLE_SECTIONS } from './sections';
import { CSRF_COOKIE, SESSION_COOKIE, SESSION_LIFETIME_MS, SESSION_PURGE_EVERY_MS } from './settings';
import { databaseSessionStore, purgeExpiredSessions } from './store/sessions';
import { ErrorPage } from './views/error-page';

/** Methods that change nothing: every other one must carry the CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The Content Security Policy: nothing from another origin, no inline script or style, no
 * frames, forms only to this server. `upgrade-insecure-requests` and HSTS only over https (on
 * http://localhost they would send the browser to an https that is not there).
 */
function helmetOptions(secure: boolean) {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secure ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' as const },
  };
}

/** Registers the console on `app` (call with `prefix: '/console'`). */
export async function consolePlugin(app: FastifyInstance, opts: { rt: Runtime }): Promise<void> {
  const { rt } = opts;
  const secure = rt.config.PUBLIC_URL?.startsWith('https://') ?? false;
  const secret = await cookieSecretOf(rt.db.kysely);
  const deps: ConsoleDeps = {
    rt,
    db: rt.db.kysely,
    log: rt.log,
    now: rt.now,
    accounts: { db: rt.db.kysely, now: rt.now },
    secure,
    nav: CONSOLE_SECTIONS.flatMap((s) => (s.nav ? [s.nav] : [])),
  };

  await app.register(fastifyHelmet, helmetOptions(secure));
  await app.register(fastifyCookie, { secret });

  await app.register(async (assets) => {
    await assets.register(fastifyStatic, { root: join(__dirname, 'assets'), prefix: '/assets/', decorateReply: false, index: false, list: false });
    // The inbox's script, bundled from src/console/client on first request (same origin: the CSP allows it).
    assets.get('/assets/inbox.js', async (req, reply) => {
      const script = await inboxScript();
      reply.header('content-type', 'text/javascript; charset=utf-8').header('etag', script.etag).header('cache-control', 'no-cache');
      if (req.headers['if-none-match'] === script.etag) return reply.code(304).send();
      return reply.send(script.code);
    });
  });

  await app.register(async (pages) => {
    // Forms only (urlencoded); the server's raw-body parser for webhooks stays outside.
    pages.removeAllContentTypeParsers();
    await pages.register(fastifyFormbody);
    await pages.register(fastifySession, {
      secret,
      cookieName: SESSION_COOKIE,
      store: databaseSessionStore(deps.db, deps.now, SESSION_LIFETIME_MS),
      saveUninitialized: false,
      rolling: false,
      cookie: { path: '/console', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_LIFETIME_MS },
    });
    await pages.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: CSRF_COOKIE,
      cookieOpts: { path: '/console', httpOnly: true, sameSite: 'lax', secure, signed: true },
    });
    await pages.register(fastifyRateLimit, { global: false });

    installAccessGuard(pages, deps);
    pages.addHook('preHandler', (req, reply, done) => {
      if (SAFE_METHODS.has(req.method)) return done();
      pages.csrfProtection(req, reply, done);
    });

    pages.setErrorHandler((err: FastifyError, req, reply) => {
      const page = req.page ?? pageContext(deps, req, reply, null);
      if (err.code?.startsWith('FST_CSRF')) return sendPage(reply, ErrorPage({ page, kind: 'csrf' }), 403);
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) deps.log.error({ err: err.message, route: req.routeOptions.url }, 'console request failed');
      return sendPage(reply, ErrorPage({ page, kind: status === 404 ? 'not_found' : status === 403 ? 'forbidden' : 'server' }), status);
    });
    pages.setNotFoundHandler((req, reply) => sendPage(reply, ErrorPage({ page: req.page, kind: 'not_found' }), 404));

    for (const section of CONSOLE_SECTIONS) await section.routes(pages, deps);
  });

  const purge = setInterval(() => {
    purgeExpiredSessions(deps.db, deps.now()).catch((err) => deps.log.warn({ err: (err as Error).message }, 'console: removing expired sessions failed'));
  }, SESSION_PURGE_EVERY_MS);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));
}
