/**
 * The BullMQ dashboard (bull-board) at /admin/queues, behind the admin token. It is a Fastify
 * plugin, so it is registered on the Fastify instance (AppModule.register), inside its own
 * encapsulated scope: the token check and a JSON body parser apply to its routes only (the rest of
 * the server keeps raw bodies, which webhook signatures need).
 *
 * A browser cannot send a Bearer header by itself: the board also accepts HTTP Basic with the
 * token as the password (any user name), and asks for it with WWW-Authenticate: Basic.
 */
import type { FastifyInstance } from 'fastify';
import { Cluster } from 'ioredis';
import { QUEUES, outboundQueue } from '../queue/jobs';
import { moduleQueues } from '../runtime/module';
import type { Runtime } from '../runtime/runtime';
import { isAdmin } from './auth';

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
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'ignore'));
    scope.addHook('onRequest', async (req, reply) => {
      if (isAdmin(rt.config, req.headers.authorization, true)) return;
      return reply
        .code(401)
        .header('www-authenticate', 'Basic realm="civic-engage queues", charset="UTF-8"')
        .header('cache-control', 'no-store')
        .send({ error: 'unauthorized' });
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: BOARD_PATH });
  });
}
