import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Indexes for two reads made for every inbound message, which scanned whole tables:
 * - the runner's "does this contact have an open handoff?" (lockForStep, src/store/conversations.ts)
 *   scanned every ticket ever opened;
 * - "was the last message this number got a shift question?" (src/shifts/sms-answers.ts) scanned
 *   every shift notice ever sent.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX handoffs_open ON handoffs (contact_id, id) WHERE status = 'open'`.execute(db);
    await sql`CREATE INDEX shift_notices_message ON shift_notices (message_id) WHERE message_id IS NOT NULL`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP INDEX shift_notices_message`.execute(db);
    await sql`DROP INDEX handoffs_open`.execute(db);
  },
};
