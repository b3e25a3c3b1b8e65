/**
 * The BullMQ dashboard (bull-board) at /admin/queues, behind the admin token. It is a Fastify
 * plugin, so it is registered on the Fastify instance (AppModule.register), inside its own
 * encapsulated scope: the token check and a JSON body parser apply to its routes only (the rest of
 * the server keeps raw bodies, which webhook signatures need).
 *
 * A browser cannot send a Bearer header by itself: the board also accepts HTTP Basic with the
 * token as the password (any user name), and asks for it with WWW-Authenticate: Basic. A browser
 * then sends those credentials with any request to the board, a cross-site form's too: every
 * request that is not a GET must come from the board's own pages (sameOrigin), or it is refused 403.
 * The board's page loads nothing from elsewhere: bull-board's link to Google Fonts is taken out
 * (the UI falls back to the system's fonts) and a Content-Security-Policy keeps it that way.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Cluster } from 'ioredis';
import { QUEUES, outboundQueue } from '../queue/jobs';
import { moduleQueues } from '../runtime/module';
import type { Runtime } from '../runtime/runtime';
import { authFailureGuard } from '../http/auth-failures';
import { ADMIN_REALM, isAdmin } from './auth';

/** Where the board is served. */
export const BOARD_PATH = '/admin/queues';

/**
 * The queues to show: the core's, one outbound queue per channel, this build's modules', and any
 * other queue found in Redis under our prefix (so a module's queue appears without a code change).
 */
export async function boardQueueNames(rt: Runtime): Promise<string[]> {
  const names = new Set<string>([...Object.values(QUEUES), ...[...rt.channels.keys()].map(outboundQueue), ...moduleQueues(rt.modules)]);
  // BullMQ keeps `<prefix>:<queue>:meta` for every queue that exists. On a Redis Cluster the keys
  // are on the masters (all on the one owning the prefix's hash tag): scan each.
  const connection = rt.queues.connection;
  const servers = connection instanceof Cluster ? connection.nodes('master') : [connection];
  for (const redis of servers) {
    if (typeof redis.scan !== 'function') continue;
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${rt.queues.prefix}:*:meta`, 'COUNT', 500);
      for (const key of keys) {
        const name = key.slice(rt.queues.prefix.length + 1, -':meta'.length);
        if (name && !name.includes(':')) names.add(name);
      }
      cursor = next;
    } while (cursor !== '0' && ++rounds < 100);
  }
  return [...names].sort();
}

/** Methods a cross-site page may not make the board run. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The board's page may load from the server itself only (its inline styles and data: images). */
const BOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** bull-board's page links fonts from Google: a third party would learn of every visit. */
const THIRD_PARTY_LINK = /<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>/gi;

/**
 * True when the request comes from a page of this server: Sec-Fetch-Site says same-origin, or
 * (a browser without Fetch Metadata) the Origin header names this host. Neither: refused, so a
 * script must send no credentials-bearing writes from elsewhere (curl is not the board's user).
 */
export function sameOrigin(req: Pick<FastifyRequest, 'headers'>): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = req.headers.origin;
  if (!origin || !req.headers.host) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Mounts bull-board at /admin/queues when ADMIN_TOKEN is set (otherwise there is nothing there: 404). */
export async function registerQueueBoard(app: FastifyInstance, rt: Runtime): Promise<void> {
  if (!rt.config.ADMIN_TOKEN) return;
  // Loaded only when used: the board's UI and its dependencies are large.
  const { createBullBoard } = await import('@bull-board/api');
  const { BullMQAdapter } = await import('@bull-board/api/bullMQAdapter');
  const { FastifyAdapter } = await import('@bull-board/fastify');
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  const names = await boardQueueNames(rt).catch(() => [...Object.values(QUEUES)]);
  createBullBoard({
    queues: names.map((name) => new BullMQAdapter(rt.queues.get(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'civic-engage queues' } },
  });
  const failures = authFailureGuard(app, rt.log, ADMIN_REALM);
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'ignore'));
    scope.addHook('onRequest', async (req, reply) => {
      if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
        rt.log.warn({ ip: req.ip, method: req.method, path: req.url.split('?')[0], origin: req.headers.origin, site: req.headers['sec-fetch-site'] }, 'queue board: cross-site request refused');
        return reply.code(403).header('cache-control', 'no-store').send({ error: 'cross-site request refused' });
      }
      const wait = await failures.blocked(req);
      if (wait !== undefined) return reply.code(429).header('retry-after', String(wait)).header('cache-control', 'no-store').send({ error: 'too many failed attempts' });
      if (isAdmin(rt.config, req.headers.authorization, true)) return;
      // A browser's first request carries no credentials (it waits for WWW-Authenticate): not a failure.
      if (req.headers.authorization !== undefined) await failures.failed(req);
      return reply
        .code(401)
        .header('www-authenticate', 'Basic realm="civic-engage queues", charset="UTF-8"')
        .header('cache-control', 'no-store')
        .send({ error: 'unauthorized' });
    });
    scope.addHook('onSend', async (_req, reply, payload) => {
      reply.header('content-security-policy', BOARD_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      const type = String(reply.getHeader('content-type') ?? '');
      if (typeof payload !== 'string' || !type.startsWith('text/html')) return payload;
      const page = payload.replace(THIRD_PARTY_LINK, '');
      if (page !== payload) reply.removeHeader('content-length');
      return page;
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: BOARD_PATH });
  });
}
