/**
 * PGlite is ONE PostgreSQL session. Whoever talks to it, the server's own queries (Kysely) or a
 * command served over the local socket (src/store/pglite-socket.ts), shares that session: a
 * transaction one of them opens is the session's transaction, and a statement the other sends
 * meanwhile would run inside it (and be committed or rolled back with it).
 *
 * So the session has one holder at a time, the `SessionLock`: the server's Kysely takes it for
 * each statement it runs outside a transaction and for the whole of each transaction (its driver's
 * connection, `sharedSessionDialect`), and a socket client from its first message until it is back
 * at rest outside a transaction. PGlite's own mutex (`runExclusive`) only keeps two protocol
 * messages from running at once, which is not enough: it is released between the statements of a
 * transaction.
 */
import type { DatabaseConnection, Dialect, Driver, TransactionSettings } from 'kysely';

/** Gives the session back. Calling it more than once does nothing. */
export type Release = () => void;

/** A first-come, first-served lock on the session: one holder at a time. */
export class SessionLock {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  /** Resolves when the caller holds the session; it must call the release it gets. */
  async acquire(): Promise<Release> {
    if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // Handed over as it is: #held stays true, so nobody arriving now can cut in.
      if (next) next();
      else this.#held = false;
    };
  }

  /** Whether someone holds the session now (for tests and diagnostics). */
  get held(): boolean {
    return this.#held;
  }
}

/**
 * `dialect` (kysely-pglite-dialect's, which hands out its one connection to one caller at a time)
 * with each connection also holding `lock`: a statement outside a transaction holds it while it
 * runs, a transaction from BEGIN to COMMIT or ROLLBACK (Kysely keeps the connection for it).
 */
export function sharedSessionDialect(dialect: Dialect, lock: SessionLock): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => lockedDriver(dialect.createDriver(), lock),
  };
}

function lockedDriver(inner: Driver, lock: SessionLock): Driver {
  // One holder at a time, so at most one connection is out and one release is pending.
  let release: Release | undefined;
  return {
    init: () => inner.init(),
    acquireConnection: async () => {
      const mine = await lock.acquire();
      try {
        const connection = await inner.acquireConnection();
        release = mine;
        return connection;
      } catch (err) {
        mine();
        throw err;
      }
    },
    releaseConnection: async (connection: DatabaseConnection) => {
      const mine = release;
      release = undefined;
      try {
        await inner.releaseConnection(connection);
      } finally {
        mine?.();
      }
    },
    beginTransaction: (connection: DatabaseConnection, settings: TransactionSettings) => inner.beginTransaction(connection, settings),
    commitTransaction: (connection: DatabaseConnection) => inner.commitTransaction(connection),
    rollbackTransaction: (connection: DatabaseConnection) => inner.rollbackTransaction(connection),
    destroy: () => inner.destroy(),
  };
}
