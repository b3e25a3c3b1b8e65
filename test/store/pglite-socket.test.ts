/**
 * The embedded database served on a local socket (issue #13: the CLI beside a running `start`).
 * PGlite is one session: a socket client's transaction and the server's own statements must never
 * run inside each other's transaction, whichever opened first (@electric-sql/pglite-socket 0.1.6
 * lets them interleave, see src/store/pglite-socket.ts), and a client that goes away mid-transaction
 * leaves nothing behind. Only the owner reaches the socket.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Client } from 'pg';
import { openDb, type Db } from '../../src/store/db';
import { localSocketPath, socketConnection } from '../../src/store/pglite-socket';

let dataDir: string;
let db: Db;
let socket: string;
const clients: Client[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-socket-'));
  db = await openDb({ dataDir });
  socket = localSocketPath(dataDir);
  await db.share!(socket);
  await sql`create table probe (x int not null)`.execute(db.kysely);
});
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => {});
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await sql`delete from probe`.execute(db.kysely);
});

async function connect(): Promise<Client> {
  const client = new Client({ ...socketConnection(socket), user: 'postgres', database: 'postgres' });
  client.on('error', () => {});
  await client.connect();
  clients.push(client);
  return client;
}

const rows = async () => (await sql<{ x: number }>`select x from probe order by x`.execute(db.kysely)).rows.map((r) => r.x);

/** A promise's state, without waiting for it. */
function watch<T>(p: Promise<T>): { done: () => boolean; promise: Promise<T> } {
  let settled = false;
  const promise = p.finally(() => (settled = true));
  return { done: () => settled, promise };
}

it('runs the server’s statement after a client’s transaction, not inside it', async () => {
  const client = await connect();
  await client.query('begin');
  await client.query('insert into probe values ($1)', [1]);

  const server = watch(sql`insert into probe values (${2})`.execute(db.kysely));
  // A round trip of the client's inside its transaction: the server's insert is still waiting.
  expect((await client.query('select count(*)::int as n from probe')).rows[0].n).toBe(1);
  expect(server.done()).toBe(false);

  await client.query('rollback');
  await server.promise;
  expect(await rows()).toEqual([2]); // the client's rolled back, the server's kept
});

it('runs a client’s statement after the server’s transaction, not inside it', async () => {
  const client = await connect();
  let fromClient: ReturnType<typeof watch> | undefined;
  await expect(
    db.kysely.transaction().execute(async (tx) => {
      await sql`insert into probe values (${3})`.execute(tx);
      fromClient = watch(client.query('insert into probe values ($1)', [4]));
      await sql`select 1`.execute(tx);
      expect(fromClient.done()).toBe(false);
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  await fromClient!.promise;
  expect(await rows()).toEqual([4]);
});

it('a command connects while another holds the session, and waits only at its first statement', async () => {
  const holder = await connect();
  await holder.query('begin');
  await holder.query('insert into probe values ($1)', [11]);
  const late = await connect(); // the handshake does not wait for the holder's transaction
  const read = watch(late.query('select count(*)::int as n from probe'));
  expect((await holder.query('select count(*)::int as n from probe')).rows[0].n).toBe(1);
  expect(read.done()).toBe(false);
  await holder.query('commit');
  expect((await read.promise).rows[0].n).toBe(1);
});

const cut = (client: Client) => (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();

it('rolls back what a client left open when it went away, mid-transaction or after an error in one', async () => {
  const inTransaction = await connect();
  await inTransaction.query('begin');
  await inTransaction.query('insert into probe values ($1)', [5]);
  cut(inTransaction); // gone without COMMIT or ROLLBACK
  await sql`insert into probe values (${6})`.execute(db.kysely);

  const failed = await connect();
  await failed.query('begin');
  await failed.query('insert into probe values ($1)', [7]);
  await expect(failed.query('select nonsense')).rejects.toThrow();
  cut(failed);
  await sql`insert into probe values (${8})`.execute(db.kysely);

  // The server's inserts ran on their own and were committed: another connection sees them.
  const later = await connect();
  expect((await later.query('select x from probe order by x')).rows).toEqual([{ x: 6 }, { x: 8 }]);
});

it('disconnects a client that holds the session idle (a stopped command), rolling back its transaction', async () => {
  const stuck = await connect();
  const closed = new Promise<void>((resolve) => stuck.on('end', () => resolve()));
  await stuck.query('begin');
  await stuck.query('insert into probe values ($1)', [9]);
  // Nothing more from it: after HOLD_IDLE_MS the server's statement runs.
  await sql`insert into probe values (${10})`.execute(db.kysely);
  await closed;
  expect(await rows()).toEqual([10]);
});

it('serves the owner only: the socket is 0600 in the 0700 directory, another user is refused', async () => {
  expect(statSync(socket).isSocket()).toBe(true);
  expect(statSync(socket).mode & 0o777).toBe(0o600);
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  if (process.getuid?.() !== 0) return; // another user's attempt needs root to be made
  const attempt = `require('node:net').connect(${JSON.stringify(socket)}).on('connect', () => { console.log('connected'); process.exit(0) }).on('error', (e) => { console.log(e.code); process.exit(0) })`;
  const run = spawnSync(process.execPath, ['-e', attempt], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/' });
  expect(run.stdout.trim()).toBe('EACCES');
});
