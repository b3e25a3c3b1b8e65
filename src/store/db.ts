import { join, resolve } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool, types } from 'pg';
import type { PhaseTimer } from '../log';
import { migrationProvider } from './migrations/index';
import { SessionLock, sharedSessionDialect } from './pglite-session';
import { servePGlite, socketConnection, type SocketServer } from './pglite-socket';
import { prepareStatements } from './prepared';
import { makePrivateDir } from './private-dir';
import type { Database } from './schema';

// bigint (bigserial ids, counts) as strings, never as lossy JS numbers.
types.setTypeParser(20, (v) => v);

/** An open database: Kysely over PostgreSQL or embedded PGlite. */
export interface Db {
  kysely: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** Where the data is (a URL without its password, the PGlite directory, or the server's socket). */
  location: string;
  /**
   * Embedded PGlite opened here: serves it to local processes on a Unix socket at `path`
   * (src/store/pglite-socket.ts); close() stops serving first.
   */
  share?(path: string): Promise<SocketServer>;
  close(): Promise<void>;
}

/**
 * Opens the database and runs migrations: PostgreSQL when `databaseUrl` is set; the embedded
 * database a running server serves on the Unix socket `socket` (its PGlite, through the `pg`
 * driver: how the CLI works beside `start`); otherwise an embedded PGlite under `dataDir/pglite`
 * (or in memory for `dataDir: ':memory:'`), which one process at a time may open.
 * On PostgreSQL, small statements are prepared once per connection unless `preparedStatements`
 * is false (src/store/prepared.ts). `time` times the steps for the start-up log.
 */
export async function openDb(opts: { databaseUrl?: string; socket?: string; dataDir: string; preparedStatements?: boolean; connectTimeoutMs?: number; time?: PhaseTimer }): Promise<Db> {
  const time: PhaseTimer = opts.time ?? (async (_phase, work) => work());
  let kysely: Kysely<Database>;
  let kind: Db['kind'];
  let location: string;
  let share: Db['share'];
  let served: SocketServer | undefined;
  if (opts.socket && !opts.databaseUrl) {
    // One connection, as PGlite has, and no named statements: the session is the server's, and
    // statements prepared here would outlive this command in it (and collide with the next one's).
    // No connection timeout: a statement waits while the server (or another command) holds the
    // session for a transaction, which may take a while (an import); connecting itself does not.
    const pool = new Pool({ ...socketConnection(opts.socket), user: 'postgres', database: 'postgres', max: 1 });
    pool.on('error', () => {});
    pool.on('connect', (client) => void client.on('error', () => {}));
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    kind = 'pglite';
    location = `${opts.socket} (the running server's embedded database)`;
  } else if (opts.databaseUrl) {
    const pool = new Pool({ connectionString: opts.databaseUrl, max: 10, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000 });
    pool.on('error', () => {}); // an idle client's error (server restart) must not crash the process
    // Nor a checked-out one's: the pool listens only while a client is idle, and a connection lost
    // between two statements of a transaction (no query running) is emitted as the client's 'error'
    // event, which with no listener ends the process. The statement that follows fails instead, and
    // the pool drops the client when it comes back (no longer queryable).
    pool.on('connect', (client) => {
      client.on('error', () => {});
      if (opts.preparedStatements !== false) prepareStatements(client);
    });
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    kind = 'postgres';
    location = opts.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  } else {
    const { PGlite } = await time('pglite: load module', () => import('@electric-sql/pglite'));
    const { PGliteDialect } = await import('kysely-pglite-dialect');
    // bigint (int8, OID 20) as text, as node-postgres returns it: ids are strings on both databases.
    const options = { parsers: { 20: (value: string) => value } };
    let pglite;
    if (opts.dataDir === ':memory:') {
      pglite = new PGlite(options);
      location = 'memory';
    } else {
      location = resolve(join(opts.dataDir, 'pglite'));
      makePrivateDir(location, opts.dataDir);
      pglite = new PGlite(location, options);
    }
    const booting = pglite;
    await time('pglite: boot', () => booting.waitReady);
    // One session, shared with the clients of the local socket, if it is served (share()).
    const lock = new SessionLock();
    kysely = new Kysely<Database>({ dialect: sharedSessionDialect(new PGliteDialect(pglite), lock) });
    kind = 'pglite';
    share = async (path) => {
      if (served) throw new Error(`already served at ${served.path}`);
      served = await servePGlite(booting, lock, path);
      return served;
    };
  }
  const db = kysely;
  try {
    await time('database: migrations', () => migrate(db));
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  return {
    kysely,
    kind,
    location,
    ...(share ? { share } : {}),
    close: async () => {
      await served?.close();
      await db.destroy();
    },
  };
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrate(kysely: Kysely<Database>): Promise<void> {
  if (await schemaIsCurrent(kysely)) return;
  const migrator = new Migrator({ db: kysely, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message ?? error}`);
  }
}

/**
 * Whether the database has run exactly the migrations this code has, read with one SELECT. Then
 * the Migrator would do nothing, but only after creating its tables if missing, taking its lock
 * and reading both tables: 0.1-0.5 s on PGlite at every start. Any other case (no migration table
 * yet, a migration missing, one this code does not know) goes to the Migrator, which migrates or
 * throws exactly as before.
 */
async function schemaIsCurrent(kysely: Kysely<Database>): Promise<boolean> {
  const wanted = Object.keys(await migrationProvider.getMigrations());
  let done: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(kysely);
    done = new Set(rows.map((r) => r.name));
  } catch {
    return false; // a new database: no migration table yet
  }
  return done.size === wanted.length && wanted.every((name) => done.has(name));
}
