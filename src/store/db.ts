import { join, resolve } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool, types } from 'pg';
import type { PhaseTimer } from '../log';
import { migrationProvider } from './migrations/index';
import { SessionLock, sharedSessionDialect } from './pglite-session';
import { servePGlite, socketConnection, type SocketServer } from './pglite-socket';
import { deferBegin } from './deferred-begin';
import { prepareStatements } from './prepared';
import { makePrivateDir } from './private-dir';
import type { Database } from './schema';

// bigint (bigserial ids, counts) as strings, never as lossy JS numbers.
types.setTypeParser(20, (v) => v);

/** An open database: Kysely over PostgreSQL or embedded PGlite. */
export interface Db {
  kysely: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /**
   * PostgreSQL with named statements only: a handle on one connection of its own whose prepared
   * statements always run on a generic plan (`plan_cache_mode = force_generic_plan`), for the send
   * path's fixed statement over arrays (src/store/deliveries.ts: deliveryStatement, outside any
   * transaction). PostgreSQL would otherwise plan that statement again at every execution: a
   * generic plan's guess for `unnest` of a parameter is 10 rows, which costs more than a custom
   * plan for a batch of seven, so it never switches, and planning was about three quarters of the
   * statement's time in the database (pg_stat_statements in the inbound benchmark, December 2026:
   * 1.1 ms planning, 0.4 ms executing, a plan for every call). The connection is renewed now and
   * then (GENERIC_PLAN_MAX_USES), so the plan follows the tables as they grow. Everything else
   * stays on `kysely`, where a custom plan may use a partial index that a generic one cannot.
   */
  generic?: Kysely<Database>;
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
  let generic: Kysely<Database> | undefined;
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
    const pool = new Pool({ connectionString: opts.databaseUrl, max: 10, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000, options: SESSION_OPTIONS });
    pool.on('error', () => {}); // an idle client's error (server restart) must not crash the process
    // Nor a checked-out one's: the pool listens only while a client is idle, and a connection lost
    // between two statements of a transaction (no query running) is emitted as the client's 'error'
    // event, which with no listener ends the process. The statement that follows fails instead, and
    // the pool drops the client when it comes back (no longer queryable).
    pool.on('connect', (client) => {
      client.on('error', () => {});
      if (opts.preparedStatements !== false) prepareStatements(client);
      deferBegin(client);
    });
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (opts.preparedStatements !== false) generic = genericPlanHandle(opts.databaseUrl, opts.connectTimeoutMs ?? 5000);
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
    await generic?.destroy().catch(() => {});
    throw err;
  }
  return {
    kysely,
    kind,
    location,
    ...(share ? { share } : {}),
    ...(generic ? { generic } : {}),
    close: async () => {
      await served?.close();
      await generic?.destroy();
      await db.destroy();
    },
  };
}

/**
 * Settings of every connection to PostgreSQL. `jit = off`: PostgreSQL compiles a statement with
 * LLVM when its estimated cost passes jit_above_cost, and our statements are small but some are
 * estimated high (the audience page's read of 500 contacts' identities: 58 ms of a 69 ms statement
 * was compiling it, in a 10,000-recipient fan-out; JIT took 13 % of PostgreSQL's time in that run,
 * auto_explain). Nothing here scans enough rows to earn it back. A `?options=` in DATABASE_URL
 * takes the place of these (node-postgres reads the URL's over the pool's).
 */
export const SESSION_OPTIONS = '-c jit=off';

/**
 * How long Db.generic keeps one connection, in uses and in seconds: a new connection prepares the
 * statement again, and its generic plan is made from the tables' sizes then. A generic plan made
 * while the tables were nearly empty (a new installation, the tests, the benchmarks) scans
 * `messages` instead of using its indexes; kept for good it made each send slower as the table
 * grew, since nothing invalidates it when autovacuum is off (this machine's PostgreSQL runs with it
 * off). A reconnection costs a few milliseconds, planning saved about 0.7 ms a statement.
 */
export const GENERIC_PLAN_MAX_USES = 1000;
const GENERIC_PLAN_MAX_SECONDS = 60;

/** Db.generic: one connection (opened on first use, renewed as above), named statements, generic plans only. */
function genericPlanHandle(databaseUrl: string, connectTimeoutMs: number): Kysely<Database> {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 1,
    connectionTimeoutMillis: connectTimeoutMs,
    maxUses: GENERIC_PLAN_MAX_USES,
    maxLifetimeSeconds: GENERIC_PLAN_MAX_SECONDS,
    options: `${SESSION_OPTIONS} -c plan_cache_mode=force_generic_plan`,
  });
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
    prepareStatements(client);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
