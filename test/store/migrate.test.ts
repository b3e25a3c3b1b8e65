/**
 * migrate() at start-up: when the database has run exactly this code's migrations it returns after
 * one SELECT (the Migrator, its lock and its table checks cost 0.1-0.5 s on PGlite at every start);
 * any other state still goes through the Migrator, which migrates or refuses as it always did.
 */
import { sql, type KyselyPlugin } from 'kysely';
import { migrate } from '../../src/store/db';
import { migrationProvider } from '../../src/store/migrations/index';
import { describeOnBothDatabases } from '../helpers/databases';


describeOnBothDatabases('migrate', (db) => {
  const names = async () => (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db().kysely)).rows.map((r) => r.name);

  test('an up-to-date schema is left as it is after one statement', async () => {
    const wanted = Object.keys(await migrationProvider.getMigrations()).sort();
    expect(await names()).toEqual(wanted);
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => (statements++, args.node),
      transformResult: async (args) => args.result,
    };
    await migrate(db().kysely.withPlugin(counter));
    expect(statements).toBe(1);
    expect(await names()).toEqual(wanted);
  });

  test('a migration this code does not know still makes start-up refuse, as the Migrator always did', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', now()::text)`.execute(db().kysely);
    try {
      await expect(migrate(db().kysely)).rejects.toThrow(/9999_from_a_newer_version/);
    } finally {
      await sql`delete from kysely_migration where name = '9999_from_a_newer_version'`.execute(db().kysely);
    }
  });
});
