import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Questions the knowledge base could not answer (src/knowledge/unanswered): what was asked, in
 * which language, on which channel, and when, for the organizers' digest and export. The person is
 * named by contact id only (never an address), so `contact forget` can erase their questions; the
 * text is personal data, pruned by the retention job like message bodies.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('unanswered_questions')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      // Erased with the person (contact forget does it explicitly too: src/knowledge/unanswered/module.ts).
      .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      // As written, but for phone numbers and e-mail addresses, which are replaced before it is stored.
      .addColumn('text', 'text', (c) => c.notNull())
      // The matcher's best guess, when the caller had one (grouping hint; never an answer given).
      .addColumn('nearest_topic', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    // Reports read a window of time; retention deletes what is older than its cutoff.
    await db.schema.createIndex('unanswered_questions_created').on('unanswered_questions').column('created_at').execute();
    await db.schema.createIndex('unanswered_questions_contact').on('unanswered_questions').column('contact_id').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('unanswered_questions').execute();
  },
};
