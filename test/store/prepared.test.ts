/**
 * Named prepared statements on PostgreSQL connections (src/store/prepared.ts), on a real server:
 * small parameterized statements are prepared once per connection and reused; statements without
 * parameters or with many are not; DATABASE_PREPARED_STATEMENTS=false prepares nothing; and a
 * connection whose prepared statement no longer fits the schema fails that statement once, then
 * carries on unnamed.
 */
import { sql } from 'kysely';
import { Client, type PoolClient } from 'pg';
import { openDb, type Db } from '../../src/store/db';
import { prepareStatements } from '../../src/store/prepared';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';

let pg: FreshDatabase;
beforeAll(async () => {
  pg = await freshDatabase();
});
afterAll(async () => {
  await pg?.drop();
});

/** The prepared statements of the connection a transaction runs on, with how often each ran. */
async function preparedIn(db: Db, work: (tx: Db['kysely']) => Promise<unknown>): Promise<{ name: string; statement: string }[]> {
  return db.kysely.transaction().execute(async (tx) => {
    await work(tx);
    const { rows } = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements ORDER BY name`.execute(tx);
    return rows;
  });
}

describe('prepared statements through openDb', () => {
  test('a parameterized statement is prepared once per connection and reused; BEGIN, COMMIT and long statements are not', async () => {
    const db = await openDb({ databaseUrl: pg.url, dataDir: ':memory:' });
    try {
      const ids = Array.from({ length: 150 }, (_, i) => `c-${i}`);
      const prepared = await preparedIn(db, async (tx) => {
        for (let i = 0; i < 3; i++) await tx.selectFrom('contacts').select('id').where('id', '=', `nobody-${i}`).execute();
        await tx.selectFrom('contacts').select('id').where('id', 'in', ids).execute(); // 150 parameters: unnamed
      });
      // (The connection may also hold the migrator's statements, if it ran them.)
      const ours = prepared.filter((p) => p.statement.includes('from "contacts"'));
      expect(ours).toHaveLength(1);
      expect(ours[0].name).toMatch(/^ce_[0-9a-f]{24}$/);
      expect(ours[0].statement).toContain('from "contacts" where "id" = $1');
      expect(prepared.some((p) => /begin|commit/i.test(p.statement) || p.statement.includes('$150'))).toBe(false);
    } finally {
      await db.close();
    }
  });

  test('preparedStatements: false prepares nothing', async () => {
    const db = await openDb({ databaseUrl: pg.url, dataDir: ':memory:', preparedStatements: false });
    try {
      const prepared = await preparedIn(db, (tx) => tx.selectFrom('contacts').select('id').where('id', '=', 'nobody').execute());
      expect(prepared).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('prepareStatements on one connection', () => {
  test('after a schema change under a prepared SELECT *, that statement fails once and the connection carries on unnamed', async () => {
    const admin = new Client({ connectionString: pg.url });
    const client = new Client({ connectionString: pg.url });
    await Promise.all([admin.connect(), client.connect()]);
    try {
      await admin.query('CREATE TABLE prep_probe (id int PRIMARY KEY, a text)');
      await admin.query("INSERT INTO prep_probe VALUES (1, 'one')");
      prepareStatements(client as unknown as PoolClient);
      const select = 'SELECT * FROM prep_probe WHERE id = $1';
      expect((await client.query(select, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
      expect((await client.query('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0].n).toBe(1);

      // A newer version's migration adds a column while this connection holds the statement.
      await admin.query("ALTER TABLE prep_probe ADD COLUMN b text DEFAULT 'bee'");
      await expect(client.query(select, [1])).rejects.toMatchObject({ code: '0A000' });
      // From then on, unnamed: the new shape, and nothing more is prepared.
      expect((await client.query(select, [1])).rows).toEqual([{ id: 1, a: 'one', b: 'bee' }]);
      expect((await client.query('SELECT id FROM prep_probe WHERE a = $1', ['one'])).rows).toEqual([{ id: 1 }]);
      expect((await client.query('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0].n).toBe(1);
    } finally {
      await Promise.all([admin.end(), client.end()]);
    }
  });
});
