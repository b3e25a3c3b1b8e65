import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The organizer console's inbox (src/console/inbox): who is answering a ticket. One row per
 * ticket at most, so two volunteers claiming at once leave one name; removed with the ticket (a
 * forgotten person's tickets are deleted) or the account.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('console_ticket_claims')
      .addColumn('handoff_id', 'bigint', (c) => c.primaryKey().references('handoffs.id').onDelete('cascade'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('console_users.id').onDelete('cascade'))
      .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('console_ticket_claims').execute();
  },
};
