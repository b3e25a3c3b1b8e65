/**
 * A transaction's BEGIN sent with its first statement (src/store/deferred-begin.ts), on a real
 * PostgreSQL through openDb: one round trip for `begin` and a statement without parameters, and
 * still a transaction (the row lock it takes is held until commit, a rollback undoes its writes);
 * a first statement with parameters gets the `begin` on its own before it; a transaction that
 * sent nothing sends no COMMIT; a failing first statement leaves the connection usable.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { openDb, type Db } from '../../src/store/db';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';

/** What the pool's clients send (each call is one round trip), while `counting`. */
let sent: string[] = [];
let counting = false;
const query = pg.Client.prototype.query;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
  if (counting && this !== other) sent.push(String(typeof config === 'string' ? config : (config as { text?: string })?.text).replace(/\s+/g, ' ').trim());
  return (query as (...a: unknown[]) => unknown).call(this, config, ...rest);
};

async function counted<T>(work: () => Promise<T>): Promise<{ value: T; sent: string[] }> {
  sent = [];
  counting = true;
  try {
    return { value: await work(), sent };
  } finally {
    counting = false;
  }
}

let database: FreshDatabase;
let db: Db;
/** A second connection of its own, outside the pool under test. */
let other: pg.Client;
const contactId = '6f1c2b9e-0d4a-4c8e-9d7b-3a5e1f2c4b6d';

beforeAll(async () => {
  database = await freshDatabase();
  db = await openDb({ databaseUrl: database.url, dataDir: ':memory:' });
  await db.kysely.insertInto('contacts').values({ id: contactId, vars: '{}' }).execute();
  other = new pg.Client({ connectionString: database.url });
  await other.connect();
});
afterAll(async () => {
  await other?.end();
  await db?.close();
  await database?.drop();
});

test('begin and a first statement without parameters: one round trip, and the lock is held until commit', async () => {
  let lockedElsewhere: unknown;
  const { value, sent } = await counted(() =>
    db.kysely.transaction().execute(async (tx) => {
      const { rows } = await sql.raw<{ id: string }>(`select "id" from "contacts" where "id" = '${contactId}' for update`).execute(tx);
      // Another connection cannot take the row while this transaction lives.
      lockedElsewhere = await other.query(`select id from contacts where id = $1 for update nowait`, [contactId]).then(
        () => 'taken',
        (err: { code?: string }) => err.code,
      );
      return rows;
    }),
  );
  expect(value).toEqual([{ id: contactId }]);
  expect(lockedElsewhere).toBe('55P03'); // lock_not_available
  expect(sent).toEqual([`begin; select "id" from "contacts" where "id" = '${contactId}' for update`, 'commit']);
  // Released at commit.
  await expect(other.query(`select id from contacts where id = $1 for update nowait`, [contactId])).resolves.toMatchObject({ rowCount: 1 });
});

test('a first statement with parameters: begin on its own before it, and the transaction still rolls back', async () => {
  const { sent } = await counted(() =>
    db.kysely
      .transaction()
      .execute(async (tx) => {
        await tx.updateTable('contacts').set({ language: 'es' }).where('id', '=', contactId).execute();
        throw new Error('undo');
      })
      .catch((err: Error) => err.message),
  );
  expect(sent[0]).toBe('begin');
  expect(sent[1]).toMatch(/^update "contacts" set "language" = \$1 where "id" = \$2$/);
  expect(sent[2]).toBe('rollback');
  const row = await db.kysely.selectFrom('contacts').select('language').where('id', '=', contactId).executeTakeFirstOrThrow();
  expect(row.language).toBeNull();
});

test('a merged first statement that fails: the transaction is rolled back and the connection serves the next one', async () => {
  const failed = await db.kysely
    .transaction()
    .execute(async (tx) => {
      await sql.raw('select * from no_such_table').execute(tx);
    })
    .then(
      () => 'no error',
      (err: { code?: string }) => err.code,
    );
  expect(failed).toBe('42P01'); // undefined_table
  // Every connection of the pool still works, in and out of transactions.
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      db.kysely.transaction().execute(async (tx) => (await sql.raw<{ n: number }>(`select ${i} as n`).execute(tx)).rows[0].n),
    ),
  );
  expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
  const { rows } = await sql<{ open: boolean }>`select now() = statement_timestamp() as open`.execute(db.kysely);
  expect(rows).toEqual([{ open: true }]); // not left inside a transaction
});

test('a transaction that sends nothing sends no BEGIN and no COMMIT', async () => {
  const { sent } = await counted(() => db.kysely.transaction().execute(async () => 'nothing'));
  expect(sent).toEqual([]);
});
