import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * This installation's identity (src/store/installation.ts): a random id, made once with the
 * database, that names its queues in Redis (src/queue/prefix.ts). A database created from now on
 * gets queues of its own by default (`own_queue_prefix`); one that already holds contacts,
 * campaigns or shifts keeps the plain prefix its jobs are under, so upgrading strands no job.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('installation')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('own_queue_prefix', 'boolean', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    const used = await sql<{ used: boolean }>`select exists (select 1 from contacts) or exists (select 1 from campaigns) or exists (select 1 from shifts) as used`.execute(db);
    await db
      .insertInto('installation')
      .values({ id: randomBytes(6).toString('hex'), own_queue_prefix: !used.rows[0]?.used })
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('installation').execute();
  },
};
