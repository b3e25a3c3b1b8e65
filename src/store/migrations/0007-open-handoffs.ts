import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The runner asks "does this contact have an open handoff?" for every inbound message
 * (lockForStep, src/store/conversations.ts); without an index that read scans every ticket ever opened.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX handoffs_open ON handoffs (contact_id, id) WHERE status = 'open'`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP INDEX handoffs_open`.execute(db);
  },
};
