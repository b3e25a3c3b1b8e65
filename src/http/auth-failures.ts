/**
 * Failed authentications, counted per client address and realm with @fastify/rate-limit's store:
 * past AUTH_FAILURES_MAX failures within AUTH_FAILURES_WINDOW_MS the client is refused (429)
 * before its token is even compared, until the window ends. Every failure is logged with the
 * client's address, the realm and the path: never what was presented.
 */
import type { Server } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from '../log';

/** Failed attempts one client may make per window (a person mistyping is far below this). */
export const AUTH_FAILURES_MAX = 10;
/** The window those failures are counted in. */
export const AUTH_FAILURES_WINDOW_MS = 15 * 60_000;

/** Whether a client may try again, and recording that it failed. */
export interface AuthFailureGuard {
  /** Seconds until the client may try again, or undefined when it may now. */
  blocked(req: FastifyRequest): Promise<number | undefined>;
  /** Counts and logs one failed attempt. */
  failed(req: FastifyRequest): Promise<void>;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
// One count per realm and server, shared by every scope of it (the admin API and the queue board).
const limitersByServer = new WeakMap<Server, Map<string, Limiter>>();

/** The guard of `realm` on this server (the @fastify/rate-limit plugin must be registered: src/http/server.ts does). */
export function authFailureGuard(app: FastifyInstance, log: Logger, realm: string): AuthFailureGuard {
  let limiters = limitersByServer.get(app.server);
  if (!limiters) limitersByServer.set(app.server, (limiters = new Map()));
  let limiter = limiters.get(realm);
  if (!limiter) {
    limiter = app.createRateLimit({ max: AUTH_FAILURES_MAX, timeWindow: AUTH_FAILURES_WINDOW_MS, keyGenerator: (req) => `auth-failures:${realm}:${req.ip}` });
    limiters.set(realm, limiter);
  }
  const limit = limiter;
  return {
    async blocked(req) {
      const state = await limit(req, { increment: false });
      return !state.isAllowed && state.remaining === 0 ? Math.max(1, state.ttlInSeconds) : undefined;
    },
    async failed(req) {
      const state = await limit(req);
      const failures = state.isAllowed ? undefined : state.max - state.remaining;
      log.warn({ realm, ip: req.ip, method: req.method, path: req.url.split('?')[0], failures }, 'authentication failed');
    },
  };
}
