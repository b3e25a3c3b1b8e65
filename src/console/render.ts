/** Sending console pages and reading console forms. */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Sends a rendered page. Pages are personal: never cached, by the browser or anyone between. */
export function sendPage(reply: FastifyReply, page: JSX.Element, status = 200): FastifyReply {
  if (typeof page !== 'string') throw new Error('console pages render synchronously: an async component slipped in');
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(`<!doctype html>${page}`);
}

/** Redirects after a form (303 See Other: the browser follows with a GET, so a reload does not post again). */
export function seeOther(reply: FastifyReply, url: string): FastifyReply {
  return reply.redirect(url, 303);
}

/** A form field as one string ('' when absent; a repeated field keeps its first value). */
export function field(req: FastifyRequest, name: string): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const value = Array.isArray(body[name]) ? (body[name] as unknown[])[0] : body[name];
  return typeof value === 'string' ? value : '';
}

/** A query parameter as one string ('' when absent). */
export function query(req: FastifyRequest, name: string): string {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const value = Array.isArray(q[name]) ? (q[name] as unknown[])[0] : q[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Where to go after signing in: a console path from the `next` field, or the console home.
 * Anything else (another site, `//host`, a backslash trick) goes home: no open redirect.
 */
export function safeNext(next: string): string {
  if (!/^\/console(\/[A-Za-z0-9\-._~%/?=&]*)?$/.test(next) || next.includes('//') || next.includes('\\') || next.includes('..')) return '/console';
  return next;
}
