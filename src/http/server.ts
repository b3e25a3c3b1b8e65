import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { authFailureGuard } from './auth-failures';
import type { RouteDef, RouteLimit, RouteRequest, RouteResponse } from './route';
import type { Logger } from '../log';

/** Largest request body accepted (providers send a few KB; anything bigger is refused with 413). */
const BODY_LIMIT = 256 * 1024;
/** A health check that has not answered by then counts as down (a client may wait forever for a Redis that is gone). */
const HEALTH_TIMEOUT_MS = 3000;

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

/**
 * The one HTTP server: channel routes (webhooks, the simulator), `/healthz`, and whatever else
 * registers a RouteDef. Bodies are kept raw so channels can verify signatures over the exact bytes.
 */
export async function createServer(opts: {
  routes: RouteDef[];
  health: HealthCheck[];
  log: Logger;
  /** Where `/` redirects (the simulator when it is on); unset: `/` is a 404. */
  home?: string;
  /**
   * Whose X-Forwarded-For to believe for the client's address (rate limits, logs): false (the
   * socket's address: the default), a number of proxy hops, or the proxies' addresses/CIDRs
   * (TRUST_PROXY). Trusting every sender would let anyone pick the address limits are counted on.
   */
  trustProxy?: false | number | string[];
}): Promise<FastifyInstance> {
  const trust = opts.trustProxy ?? false;
  // A hop count as Fastify applies a number (its types take only a function for it): trust the
  // nearest `hops` addresses, the connection's included.
  const trustProxy = typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, trustProxy });
  // Limiters only where a route asks for one (RouteDef.limits); no global limit on webhooks.
  await app.register(fastifyRateLimit, { global: false });
  const checkLimits = limitChecker(app, opts.log);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/healthz', async (_req, reply) => {
    const results: Record<string, string> = {};
    let ok = true;
    for (const h of opts.health) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          h.check(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
          }),
        ]);
        results[h.name] = 'ok';
      } catch (err) {
        ok = false;
        // The detail (a host, a port, a driver's message) is for the operator's log, not for
        // whoever can reach /healthz.
        results[h.name] = 'down';
        opts.log.warn({ check: h.name, err: (err as Error).message }, 'health check failed');
      } finally {
        clearTimeout(timer);
      }
    }
    return reply.code(ok ? 200 : 503).header('cache-control', 'no-store').send({ status: ok ? 'ok' : 'down', ...results });
  });
  const home = opts.home;
  if (home) app.get('/', async (_req, reply) => reply.redirect(home));

  for (const route of opts.routes) {
    const limits = route.limits ?? [];
    app.route({
      method: route.method,
      url: route.path,
      ...(limits.length ? { onRequest: async (req: FastifyRequest, reply: FastifyReply) => checkLimits(limits, req, reply) } : {}),
      handler: async (req, reply) => {
        try {
          const request: RouteRequest = {
            method: req.method,
            url: req.url,
            headers: req.headers,
            rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
            query: req.query as Record<string, string | undefined>,
            ip: req.ip,
          };
          let res: RouteResponse;
          const auth = route.auth;
          if (auth) {
            const guard = authFailureGuard(app, opts.log, auth.realm);
            const wait = await guard.blocked(req);
            if (wait !== undefined) {
              res = { status: 429, headers: { 'retry-after': String(wait), 'cache-control': 'no-store' }, body: { error: 'too many failed attempts' } };
            } else if (!auth.check(request)) {
              await guard.failed(req);
              res = auth.refusal;
            } else res = await route.handler(request);
          } else res = await route.handler(request);
          reply.code(res.status);
          for (const [k, v] of Object.entries(res.headers ?? {})) reply.header(k, v);
          return reply.send(res.body ?? '');
        } catch (err) {
          // A failure behind the route (database or Redis down) is temporary: providers retry a 503.
          opts.log.error({ route: route.path, err: (err as Error).message }, 'route failed');
          return reply.code(503).header('retry-after', '5').send({ error: 'temporarily unavailable' });
        }
      },
    });
  }
  app.setErrorHandler((err: any, _req, reply) => {
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) opts.log.error({ err: err.message }, 'request failed');
    reply.code(status).send({ error: status === 500 ? 'internal error' : err.message });
  });
  return app;
}

/**
 * Checks a route's budgets (RouteDef.limits) with @fastify/rate-limit's limiters, one per budget
 * name (shared by every route naming it). Over any budget: 429 with Retry-After, logged once per
 * window and budget, and the handler does not run.
 */
function limitChecker(app: FastifyInstance, log: Logger) {
  const limiters = new Map<string, ReturnType<FastifyInstance['createRateLimit']>>();
  const loggedAt = new Map<string, number>();
  const limiterOf = (limit: RouteLimit) => {
    let limiter = limiters.get(limit.name);
    if (!limiter) {
      limiter = app.createRateLimit({
        max: limit.max,
        timeWindow: limit.windowMs,
        keyGenerator: limit.per === 'client' ? (req) => `${limit.name}:${req.ip}` : () => `${limit.name}:everyone`,
      });
      limiters.set(limit.name, limiter);
    }
    return limiter;
  };
  return async (limits: RouteLimit[], req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    for (const limit of limits) {
      const result = await limiterOf(limit)(req);
      if (result.isAllowed || !result.isExceeded) continue;
      const now = Date.now();
      if ((loggedAt.get(limit.name) ?? -Infinity) + limit.windowMs <= now) {
        loggedAt.set(limit.name, now);
        log.warn({ limit: limit.name, per: limit.per, max: limit.max, windowMs: limit.windowMs }, 'request budget exceeded (logged once per window)');
      }
      await reply.code(429).header('retry-after', String(Math.max(1, result.ttlInSeconds))).send({ error: 'too many requests' });
      return;
    }
  };
}
