import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { ChannelContext, LoggedMessage } from '../channels/types';
import type { Config } from '../config';
import type { OutboundMessage } from '../engine/types';
import { createServer } from '../http/server';
import { createLogger, type Logger } from '../log';
import { Queues, redisConnection, type RedisClient } from '../queue/connection';
import { acceptInbound } from '../runtime/accept';
import { registerFlowVersions } from '../runtime/flow-versions';
import type { AppModule } from '../runtime/module';
import type { Runtime } from '../runtime/runtime';
import { startWorkers } from '../runtime/workers';
import { findIdentity, markUnreachable } from '../store/contacts';
import { openDb } from '../store/db';
import { applyDeliveryReport, messagesOfIdentity } from '../store/messages';
import { createChannels } from './channels';
import { loadEngine } from './engine';
import { MODULES } from './modules';
import { ensureRedis } from './redis-launcher';

export interface SystemOptions {
  config: Config;
  /** Serve HTTP (webhooks, simulator, health). */
  web: boolean;
  /** Run the queue workers. */
  workers: boolean;
  log?: Logger;
  now?: () => Date;
  /** The modules to run (default: src/app/modules.ts). */
  modules?: readonly AppModule[];
}

/** A running system: stop() shuts everything down in order. */
export interface System {
  runtime: Runtime;
  server?: FastifyInstance;
  /** Where the HTTP server listens (when web is on). */
  url?: string;
  stop(): Promise<void>;
}

/**
 * Starts civic-engage, the composition root: database (PostgreSQL or embedded PGlite), Redis
 * (launching a private one when none is configured or running), flows, channels, the modules,
 * HTTP server and/or workers. stop() undoes it in reverse order.
 */
export async function startSystem(opts: SystemOptions): Promise<System> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const now = opts.now ?? (() => new Date());
  const modules = opts.modules ?? MODULES;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => log.warn({ err: err.message }, 'error while stopping'));
  };
  try {
    const { translator, flows, env } = loadEngine(config);
    const redis = await ensureRedis({ url: config.REDIS_URL, dataDir: config.DATA_DIR, log: (msg) => log.info(msg) });
    stops.push(redis.stop);
    const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, preparedStatements: config.DATABASE_PREPARED_STATEMENTS });
    stops.push(db.close);
    await registerFlowVersions(db, flows);
    const connection: RedisClient = redisConnection(redis.url, { cluster: config.REDIS_CLUSTER });
    connection.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
    stops.push(async () => void connection.disconnect());
    const queues = new Queues(connection, config.QUEUE_PREFIX, config.WORKER_STALL_MS);
    stops.push(() => queues.close());

    const rt: Runtime = { config, log, db, queues, translator, flows, env, channels: new Map(), modules, now };
    const ctx: ChannelContext = {
      config,
      log,
      now,
      translator,
      redis: connection,
      keyPrefix: queues.prefix,
      accept: (message) => acceptInbound(rt, message),
      updateDeliveryStatus: async (channel, providerId, status, errorCode, opts) => {
        const found = await applyDeliveryReport(db.kysely, { channel, providerId, status, errorCode: errorCode ?? null });
        if (found?.identityId && opts?.unreachable) await markUnreachable(db.kysely, found.identityId, `delivery:${errorCode ?? status}`, now());
        return !!found;
      },
      conversationLog: async (channel, address, afterId) => {
        const identity = await findIdentity(db.kysely, channel, address);
        if (!identity) return [];
        return (await messagesOfIdentity(db.kysely, identity.id, afterId)).map(toLogged);
      },
    };
    for (const adapter of await createChannels(ctx)) rt.channels.set(adapter.channel, adapter);
    for (const module of modules) await module.init?.(rt);

    if (opts.workers) {
      const workers = await startWorkers(rt);
      stops.push(workers.close);
      for (const module of modules) {
        if (module.startWorkers) stops.push((await module.startWorkers(rt)).close);
      }
      for (const adapter of rt.channels.values()) {
        if (adapter.start) {
          await adapter.start();
          stops.push(async () => adapter.stop?.());
        }
      }
    }
    let server: FastifyInstance | undefined;
    let url: string | undefined;
    if (opts.web) {
      server = await createServer({
        routes: [...[...rt.channels.values()].flatMap((a) => a.routes()), ...modules.flatMap((m) => m.routes?.(rt) ?? [])],
        log,
        health: [
          { name: 'database', check: async () => void (await sql`select 1`.execute(db.kysely)) },
          { name: 'redis', check: async () => void (await connection.ping()) },
        ],
      });
      for (const module of modules) await module.register?.(server, rt);
      url = await server.listen({ port: config.PORT, host: config.HOST });
      stops.push(() => server!.close());
    }
    log.info({ database: db.kind, redis: redis.launched ? 'private' : 'external', channels: [...rt.channels.keys()] }, 'civic-engage started');
    return { runtime: rt, server, url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function toLogged(m: { id: string; direction: 'in' | 'out'; body: string | null; key: string | null; payload: unknown; status: string; created_at: Date }): LoggedMessage {
  const payload = m.payload as Partial<OutboundMessage> | null;
  const logged: LoggedMessage = { id: m.id, direction: m.direction, text: m.body ?? '', key: m.key, status: m.status, at: new Date(m.created_at).toISOString() };
  if (m.direction === 'out' && payload?.choices) logged.choices = payload.choices;
  return logged;
}
