/**
 * The embedded database served to local processes: the running server listens on a Unix socket
 * under DATA_DIR (owner-only: the socket 0600 in the 0700 directory, and nothing on TCP), and the
 * CLI connects to it with the ordinary PostgreSQL driver (`pg`), as it would to PostgreSQL. PGlite
 * allows one process, so this is how a command works while `start` runs.
 *
 * Why not @electric-sql/pglite-socket's server (0.1.6): it takes PGlite's mutex per protocol
 * message and keeps transactions apart only between its own clients; the server's own queries run
 * in between, so a client's BEGIN ... COMMIT and the server's statements would run inside each
 * other's transactions. It also streams results through a PGlite callback that stays installed
 * after the call, so the server's later in-process queries would be written to the client's
 * socket. Here a client holds the session lock (src/store/pglite-session.ts) from its first
 * message until it is back at rest outside a transaction, and each message runs through PGlite's
 * `execProtocolRaw`, which hands back the bytes to write.
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PRIVATE_FILE_MODE } from './private-dir';
import type { Release, SessionLock } from './pglite-session';

/** The port number in the socket's name: `pg` connects to `<dir>/.s.PGSQL.<port>`. */
const SOCKET_PORT = 5432;

/**
 * How long a client may hold the session without sending anything, mid-transaction or
 * mid-statement, before it is disconnected and its transaction rolled back. Between two statements
 * of a command there are milliseconds; a command stopped (Ctrl+Z) or stuck must not hold the
 * server's database for longer than a provider waits for a webhook's answer (Twilio: 15 s).
 */
export const HOLD_IDLE_MS = 10_000;

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const PROTOCOL_3 = 196608;

/** Where the server's socket is for `dataDir`. */
export function localSocketPath(dataDir: string): string {
  return join(resolve(dataDir), `.s.PGSQL.${SOCKET_PORT}`);
}

/** What `pg` needs to reach the socket at `path`: the directory as host, the port from its name. */
export function socketConnection(path: string): { host: string; port: number } {
  const port = Number(/^\.s\.PGSQL\.(\d+)$/.exec(basename(path))?.[1]);
  if (!Number.isInteger(port)) throw new Error(`not a PostgreSQL socket name: ${basename(path)}`);
  return { host: dirname(path), port };
}

/** A served socket: close() disconnects every client (rolling back what they left open). */
export interface SocketServer {
  path: string;
  close(): Promise<void>;
}

/**
 * Serves `pglite` on a Unix socket at `path`, created owner-only (a stale socket file left by a
 * killed server is replaced). Every client shares `lock` with the server's own queries.
 */
export async function servePGlite(pglite: PGlite, lock: SessionLock, path: string, opts: { holdIdleMs?: number } = {}): Promise<SocketServer> {
  const clients = new Set<Client>();
  const server: Server = createServer((socket) => {
    const client = new Client(socket, pglite, lock, opts.holdIdleMs ?? HOLD_IDLE_MS, () => clients.delete(client));
    clients.add(client);
  });
  rmSync(path, { force: true });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    // The socket is bound inside listen(): made 0600 from the start, not after a chmod.
    const umask = process.umask(0o177);
    try {
      server.listen(path, () => {
        server.off('error', fail);
        done();
      });
    } finally {
      process.umask(umask);
    }
  });
  chmodSync(path, PRIVATE_FILE_MODE);
  server.on('error', () => {}); // after listening: per-connection errors are the clients'
  return {
    path,
    close: async () => {
      const closed = new Promise<void>((done) => server.close(() => done()));
      await Promise.all([...clients].map((c) => c.end()));
      await closed;
      rmSync(path, { force: true });
    },
  };
}

/** One connection: its messages, in order, each run on PGlite while the client holds the session. */
class Client {
  #buffer = Buffer.alloc(0);
  #started = false;
  #pumping: Promise<void> | undefined;
  #ended = false;
  #release: Release | undefined;
  #idle: NodeJS.Timeout | undefined;
  #ending: Promise<void> | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly pglite: PGlite,
    private readonly lock: SessionLock,
    private readonly holdIdleMs: number,
    private readonly gone: () => void,
  ) {
    socket.on('data', (data) => {
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, data]) : data;
      this.#pumping ??= this.#pump().finally(() => (this.#pumping = undefined));
    });
    socket.on('error', () => void this.end());
    socket.on('close', () => void this.end());
  }

  /** Disconnects; if the client held the session, what it left open is rolled back first. */
  end(): Promise<void> {
    this.#ending ??= this.#finish();
    return this.#ending;
  }

  async #finish(): Promise<void> {
    this.#ended = true;
    clearTimeout(this.#idle);
    this.socket.destroy();
    // A message still running (or waiting for the session) finishes first; #pump then stops.
    await this.#pumping;
    const release = this.#release;
    this.#release = undefined;
    if (release) {
      try {
        await this.pglite.runExclusive(() => abandon(this.pglite));
      } finally {
        release();
      }
    }
    this.gone();
  }

  /** Runs the buffered messages in order; one pump at a time (#pumping). */
  async #pump(): Promise<void> {
    try {
      for (;;) {
        if (this.#ended) return;
        const message = this.#next();
        if (!message) return;
        await this.#handle(message);
      }
    } catch {
      void this.end();
    }
  }

  /** The next complete message from the buffer, or null. */
  #next(): { type: number; bytes: Buffer } | null {
    const b = this.#buffer;
    if (!this.#started) {
      // The startup message has no type byte: length, then the protocol version or a request code.
      if (b.length < 8) return null;
      const length = b.readInt32BE(0);
      if (length < 8 || length > 10_000) throw new Error('bad startup message');
      if (b.length < length) return null;
      this.#buffer = b.subarray(length);
      return { type: 0, bytes: b.subarray(0, length) };
    }
    if (b.length < 5) return null;
    const length = 1 + b.readInt32BE(1);
    if (length < 5) throw new Error('bad message');
    if (b.length < length) return null;
    this.#buffer = b.subarray(length);
    return { type: b[0], bytes: b.subarray(0, length) };
  }

  async #handle({ type, bytes }: { type: number; bytes: Buffer }): Promise<void> {
    if (type === 0) {
      const code = bytes.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.socket.write('N'); // no encryption on a local socket; the client goes on in the clear
        return;
      }
      if (code !== PROTOCOL_3) throw new Error('unsupported startup request');
      this.#started = true;
      // The handshake runs no statement and leaves the session's transaction alone: it does not
      // wait for the session, so a command connects while the server (or another command) is in
      // a long transaction, and waits only at its first statement.
      const hello = await this.pglite.runExclusive(() => this.pglite.execProtocolRaw(new Uint8Array(bytes)));
      if (hello.length) this.socket.write(Buffer.from(hello));
      return;
    }
    if (type === 0x58 /* X: Terminate */) {
      void this.end();
      return;
    }
    if (!this.#release) this.#release = await this.lock.acquire();
    clearTimeout(this.#idle);
    if (this.#ended) return; // #finish rolls back and releases
    const out = await this.pglite.runExclusive(() => this.pglite.execProtocolRaw(new Uint8Array(bytes)));
    if (out.length) this.socket.write(Buffer.from(out));
    // At rest: a Sync or a simple Query answered "idle" (not in a transaction).
    const atRest = (type === 0x53 /* S: Sync */ || type === 0x51) /* Q: Query */ && readyStatus(out) === 'I';
    if (atRest) {
      const release = this.#release;
      this.#release = undefined;
      release?.();
    } else {
      this.#idle = setTimeout(() => void this.end(), this.holdIdleMs).unref();
    }
  }
}

/** The transaction status of the last ReadyForQuery ('Z') in `out`: I idle, T in a transaction, E failed. */
function readyStatus(out: Uint8Array): string | undefined {
  // ReadyForQuery is 'Z', length 5, one status byte, and it is the last message of an answer.
  const at = out.length - 6;
  if (at < 0 || out[at] !== 0x5a || out[at + 4] !== 5) return undefined;
  return String.fromCharCode(out[at + 5]);
}

/**
 * Rolls back what a client that went away left in the session: an explicit transaction (failed or
 * not), an extended-protocol statement waiting for its Sync (its implicit transaction must not be
 * committed by one), or nothing. A simple ROLLBACK aborts an explicit or implicit transaction; if
 * the session was skipping messages until a Sync (an error mid-statement), the Sync ends that, and
 * a second ROLLBACK ends a failed explicit transaction.
 */
async function abandon(pglite: PGlite): Promise<void> {
  await pglite.execProtocolRaw(simpleQuery('ROLLBACK'));
  await pglite.execProtocolRaw(SYNC);
  if (pglite.isInTransaction()) await pglite.execProtocolRaw(simpleQuery('ROLLBACK'));
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}
