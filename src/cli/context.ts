/**
 * What the organizer commands (`feedback ...`, `contact ...`) share: the database opened with the
 * server's settings. On the embedded database while `start` runs, that is the server's own, through
 * the socket it serves it on (src/store/pglite-socket.ts); a clear refusal when another process
 * holds the PGlite files without serving them (PGlite has no lock of its own: a second process
 * writing the same directory would corrupt it).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import IORedis from 'ioredis';
import type { Kysely } from 'kysely';
import { runningServer, runningServerUrl } from '../app/running-server';
import type { Config } from '../config';
import { Translator } from '../i18n/translator';
import { createLogger, type Logger } from '../log';
import { Queues, redisConnection } from '../queue/connection';
import { queuePrefix } from '../queue/prefix';
import { openDb, type Db } from '../store/db';
import { loadInstallation } from '../store/installation';
import type { Database } from '../store/schema';
import { CliError } from './errors';


/** Where the server's embedded database would be (null with PostgreSQL or in memory). */
export function pgliteDir(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): string | null {
  if (config.DATABASE_URL || config.DATA_DIR === ':memory:') return null;
  return resolve(join(config.DATA_DIR, 'pglite'));
}

/**
 * Opens the database the server uses: DATABASE_URL; else, while a server runs on the embedded
 * database and serves it (server.json under DATA_DIR names a live process and its socket), that
 * database through its socket; else PGlite's files under DATA_DIR. Refuses while another process
 * has the PGlite files open without serving them: PGlite writes postmaster.pid there while it is
 * open and removes it on a clean close.
 */
export async function openCliDb(config: Config, adminHint: string): Promise<Db> {
  const dir = pgliteDir(config);
  const settings = { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, preparedStatements: config.DATABASE_PREPARED_STATEMENTS, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS };
  const socket = dir ? runningServer(config.DATA_DIR)?.database : undefined;
  if (socket) {
    try {
      return await openDb({ ...settings, socket });
    } catch (err) {
      // Gone since it was recorded (stopped or killed this instant): as if no server were running.
      if (!['ECONNREFUSED', 'ENOENT'].includes((err as { code?: string }).code ?? '')) throw err;
    }
  }
  if (dir && existsSync(join(dir, 'postmaster.pid'))) {
    throw new CliError(
      [
        `The embedded database (${dir}) is open in another process that does not share it: a \`civic-engage start\` still starting or stopping, or one started by an older version.`,
        'PGlite allows one process at a time, so this command cannot open it now.',
        `Run the command again once the server is up (it then serves the database to commands like this one), stop the server, or use its admin API:`,
        `  ${adminHint}`,
        '(With PostgreSQL, set DATABASE_URL, this command and the server can run together.)',
        `If no civic-engage process is running (it was killed), delete ${join(dir, 'postmaster.pid')} and try again.`,
      ].join('\n'),
    );
  }
  return openDb(settings);
}

/**
 * The admin API base URL, for hints: the running server's own address when it recorded one under
 * DATA_DIR (its PORT need not be in this shell's environment), else PUBLIC_URL, else HOST:PORT.
 */
export function adminBase(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'> & Partial<Pick<Config, 'DATA_DIR'>>): string {
  const running = config.DATA_DIR ? runningServerUrl(config.DATA_DIR) : undefined;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `${running ?? config.PUBLIC_URL ?? `http://${host}:${config.PORT}`}/api/admin`;
}

/** The locales, for language names; null when they cannot be loaded (reports then show codes). */
export function loadTranslator(config: Pick<Config, 'LOCALES_DIR' | 'DEFAULT_LANGUAGE'>): Translator | undefined {
  try {
    return Translator.fromDir(config.LOCALES_DIR, config.DEFAULT_LANGUAGE);
  } catch {
    return undefined;
  }
}

/** A logger for commands: warnings and errors only, to stderr (stdout carries the output). */
export function cliLogger(): Logger {
  return createLogger('warn', process.stderr);
}

/**
 * The queues of the database `db`, when Redis answers within a second (REDIS_URL, else 127.0.0.1:6379); null otherwise.
 * Used to remove a forgotten person's queued jobs; their absence is not an error.
 */
export async function optionalQueues(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER' | 'QUEUE_PREFIX' | 'WORKER_STALL_MS'>,
  db: Kysely<Database>,
): Promise<{ queues: Queues; close(): Promise<void> } | null> {
  const url = config.REDIS_URL ?? 'redis://127.0.0.1:6379';
  // Any one node answers a PING, a cluster's too.
  const probe = new IORedis(url.split(',')[0].trim(), { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch {
    return null;
  } finally {
    probe.disconnect();
  }
  const connection = redisConnection(url, { cluster: config.REDIS_CLUSTER });
  connection.on('error', () => {});
  // The prefix the running system uses for this database (src/queue/prefix.ts).
  const queues = new Queues(connection, queuePrefix(config.QUEUE_PREFIX, await loadInstallation(db)), config.WORKER_STALL_MS);
  return {
    queues,
    close: async () => {
      await queues.close();
      connection.disconnect();
    },
  };
}
