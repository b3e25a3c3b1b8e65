import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The organizer console's contacts import (src/console/routes/contacts-import.ts): an uploaded
 * contacts file waits here, with the preview of what importing it would do, until it is imported
 * or abandoned. The file holds phone numbers: it is kept nowhere else (not on disk, not in Redis),
 * its bytes are erased as soon as the import ends, and the row goes when it expires.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('console_contact_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('console_users.id').onDelete('cascade'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('csv', 'bytea')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('preview', 'jsonb')
      .addColumn('report', 'jsonb')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('console_contact_imports_expires').on('console_contact_imports').column('expires_at').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('console_contact_imports').execute();
  },
};
