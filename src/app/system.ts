import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { channelOfScheme } from '../channels/registry';
import type { ChannelContext, LoggedMessage } from '../channels/types';
import type { Config } from '../config';
import type { OutboundMessage } from '../engine/types';
import { createLogger, startupPhases, type Logger } from '../log';
import { Queues, redisConnection, type RedisClient } from '../queue/connection';
import { logRepeatedError } from '../queue/error-throttle';
import { claimQueuePrefix, queuePrefix } from '../queue/prefix';
import { acceptInbound } from '../runtime/accept';
import { registerFlowVersions } from '../runtime/flow-versions';
import type { AppModule } from '../runtime/module';
import type { Runtime } from '../runtime/runtime';
import { startWorkers } from '../runtime/workers';
import { findIdentity, getContact, markUnreachable } from '../store/contacts';
import { openDb, type Db } from '../store/db';
import { loadInstallation } from '../store/installation';
import { localSocketPath } from '../store/pglite-socket';
import { applyDeliveryReport, messagesOfIdentity } from '../store/messages';
import { createChannels } from './channels';
import { loadEngine } from './engine';
import { MODULES } from './modules';
import { ensureRedis } from './redis-launcher';
import { recordRunningServer, runningServer } from './running-server';

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
  /** An open database to run on instead of opening one (the CLI beside a running server); stop() closes it. */
  db?: Db;
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
  const time = startupPhases(log);
  log.debug({ phase: 'node start and module loading', ms: Math.round(performance.now()) }, 'start-up phase');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => log.warn({ err: err.message }, 'error while stopping'));
  };
  try {
    // Redis first and alone: finding it (a PING with a 500 ms timeout) or launching one (PINGs
    // until it answers) runs on timers, which a PGlite boot or the flows' loading, blocking the
    // event loop for a second or more, would make expire: a running Redis would be taken for none.
    const redis = await time('redis', () => ensureRedis({ url: config.REDIS_URL, dataDir: config.DATA_DIR, log: (msg) => log.info(msg) }));
    stops.push(redis.stop);
    // Then side by side: the database opens (PGlite: a second or more of WASM) while the flows load
    // (after a turn of the event loop, so PGlite's file reads and WASM compile are under way
    // first). Both settle before a failure is thrown, so an open database is closed.
    const [dbStep, engineStep] = await Promise.allSettled([
      opts.db ?? time('database', () => openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, preparedStatements: config.DATABASE_PREPARED_STATEMENTS, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS, time })),
      time('flows and locales', async () => {
        await new Promise(setImmediate);
        return loadEngine(config, { rememberCheckIn: config.DATA_DIR });
      }),
    ]);
    if (dbStep.status === 'fulfilled') stops.push(dbStep.value.close);
    const { translator, flows, env } = valueOf(engineStep); // a flow error first, as when this ran in series
    const db = valueOf(dbStep);
    const connection: RedisClient = redisConnection(redis.url, { cluster: config.REDIS_CLUSTER });
    connection.on('error', (err) => logRepeatedError(log, 'warn', { err: err.message }, 'redis connection error'));
    stops.push(async () => void connection.disconnect());
    // The queues are this database's own (src/queue/prefix.ts): named after it by default, and
    // claimed for it, so another installation on the same Redis can neither take nor drop its jobs.
    const queues = await time('queues', async () => {
      const installation = await loadInstallation(db.kysely);
      const prefix = queuePrefix(config.QUEUE_PREFIX, installation);
      await claimQueuePrefix(connection, prefix, installation.id);
      return new Queues(connection, prefix, config.WORKER_STALL_MS);
    });
    stops.push(() => queues.close());
    await time('flow versions', () => registerFlowVersions(db, flows));

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
      recipient: async (channel, address) => {
        const identity = await findIdentity(db.kysely, channel, address);
        if (!identity) return null;
        const contact = await getContact(db.kysely, identity.contact_id);
        return { language: contact?.language ?? null, optedOut: identity.opted_out };
      },
      adapterForScheme: (scheme) => {
        const channel = channelOfScheme(scheme);
        return channel ? rt.channels.get(channel) : undefined;
      },
      conversationLog: async (channel, address, afterId) => {
        const identity = await findIdentity(db.kysely, channel, address);
        if (!identity) return [];
        return (await messagesOfIdentity(db.kysely, identity.id, afterId)).map(toLogged);
      },
    };
    for (const adapter of await createChannels(ctx)) rt.channels.set(adapter.channel, adapter);
    for (const module of modules) await module.init?.(rt);

    // Workers and the HTTP server need only what is above, not each other: started side by side
    // (their Redis round trips overlap). Their stops are registered in a fixed order once both
    // settled: stop() closes the server first, then the workers, as before.
    const workerStops: (() => Promise<void>)[] = [];
    const serverStops: (() => Promise<void>)[] = [];
    let server: FastifyInstance | undefined;
    let url: string | undefined;
    // A web process asks the modules for their routes before its workers start: a module loads its
    // route files then (the admin API), or starts counting what its routes serve (the send timings
    // of /metrics), so sends made while the server starts are counted. A `worker` never asks.
    const moduleRoutes = opts.web ? (await Promise.all(modules.map((m) => m.routes?.(rt) ?? []))).flat() : [];
    const parts = await Promise.allSettled([
      opts.workers &&
        time('workers', async () => {
          const workers = await startWorkers(rt);
          workerStops.push(workers.close);
          for (const module of modules) {
            if (module.startWorkers) workerStops.push((await module.startWorkers(rt)).close);
          }
          for (const adapter of rt.channels.values()) {
            if (adapter.start) {
              await adapter.start();
              workerStops.push(async () => adapter.stop?.());
            }
          }
        }),
      opts.web &&
        time('http server', async () => {
          // Fastify and its plugins are loaded by web processes only, not by a `worker`.
          const { createServer } = await import('../http/server');
          const app = await createServer({
            home: rt.channels.has('web') ? '/simulator' : undefined,
            trustProxy: config.TRUST_PROXY,
            routes: [...[...rt.channels.values()].flatMap((a) => a.routes()), ...moduleRoutes],
            log,
            health: [
              { name: 'database', check: async () => void (await sql`select 1`.execute(db.kysely)) },
              { name: 'redis', check: async () => void (await connection.ping()) },
            ],
          });
          for (const module of modules) await module.register?.(app, rt);
          url = await app.listen({ port: config.PORT, host: config.HOST });
          server = app;
          serverStops.push(() => app.close());
        }),
    ]);
    stops.push(...workerStops, ...serverStops);
    for (const part of parts) valueOf(part);
    // For the CLI (src/app/running-server.ts): where this server really listens, and the socket on
    // which it shares its embedded database, so commands run beside it.
    const database = db.share && config.DATA_DIR !== ':memory:' && (opts.web || opts.workers) ? await shareDatabase(db, config.DATA_DIR, log) : undefined;
    if (url || database) {
      const forget = recordRunningServer(config.DATA_DIR, { url: url?.replace('0.0.0.0', '127.0.0.1'), database });
      stops.push(async () => forget());
    }
    log.info({ database: db.kind, redis: redis.launched ? 'private' : 'external', channels: [...rt.channels.keys()] }, 'civic-engage started');
    return { runtime: rt, server, url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Serves the embedded database on its socket under DATA_DIR; its path, or undefined (logged) when
 * it cannot be served, e.g. a DATA_DIR path too long for a socket name (about 100 bytes): the CLI
 * then refuses while the server runs, as it did before.
 */
async function shareDatabase(db: Db, dataDir: string, log: Logger): Promise<string | undefined> {
  const other = runningServer(dataDir);
  if (other && other.pid !== process.pid) {
    // Its socket is not ours to replace (two servers on one DATA_DIR is a mistake of its own).
    log.warn({ pid: other.pid }, 'another civic-engage process serves this DATA_DIR: the embedded database is not served to local commands');
    return undefined;
  }
  try {
    return (await db.share!(localSocketPath(dataDir))).path;
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'the embedded database is not served to local commands: stop the server to run them');
    return undefined;
  }
}

/** A settled step's value, or its failure thrown. */
function valueOf<T>(step: PromiseSettledResult<T>): T {
  if (step.status === 'rejected') throw step.reason;
  return step.value;
}

function toLogged(m: { id: string; direction: 'in' | 'out'; body: string | null; key: string | null; payload: unknown; status: string; created_at: Date }): LoggedMessage {
  const payload = m.payload as Partial<OutboundMessage> | null;
  const logged: LoggedMessage = { id: m.id, direction: m.direction, text: m.body ?? '', key: m.key, status: m.status, at: new Date(m.created_at).toISOString() };
  if (m.direction === 'out' && payload?.choices) logged.choices = payload.choices;
  return logged;
}
