import Fastify, { type FastifyInstance } from 'fastify';
import type { RouteDef } from './route';
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
export async function createServer(opts: { routes: RouteDef[]; health: HealthCheck[]; log: Logger }): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, trustProxy: true });
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
        results[h.name] = `down: ${(err as Error).message}`;
      } finally {
        clearTimeout(timer);
      }
    }
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', ...results });
  });
  app.get('/', async (_req, reply) => reply.redirect('/simulator'));

  for (const route of opts.routes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (req, reply) => {
        try {
          const res = await route.handler({
            method: req.method,
            url: req.url,
            headers: req.headers,
            rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
            query: req.query as Record<string, string | undefined>,
          });
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
