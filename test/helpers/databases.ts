/**
 * Store tests run on both databases the system supports: embedded PGlite and PostgreSQL.
 */
import { openDb, type Db } from '../../src/store/db';
import { freshDatabase, type FreshDatabase } from './postgres';

/**
 * Declares the tests of `body` twice: on in-memory PGlite and on a fresh PostgreSQL database (each
 * opened, migrated, and dropped after). `db()` is the open database; `kind` says which it is.
 */
export function describeOnBothDatabases(name: string, body: (db: () => Db, kind: Db['kind']) => void): void {
  describe.each([['pglite'], ['postgres']] as const)(`${name} (%s)`, (kind) => {
    let db: Db;
    let pg: FreshDatabase | undefined;
    beforeAll(async () => {
      pg = kind === 'postgres' ? await freshDatabase() : undefined;
      db = await openDb({ databaseUrl: pg?.url, dataDir: ':memory:' });
      expect(db.kind).toBe(kind);
    });
    afterAll(async () => {
      await db?.close();
      await pg?.drop();
    });
    body(() => db, kind);
  });
}
