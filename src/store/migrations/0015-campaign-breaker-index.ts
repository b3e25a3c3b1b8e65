import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The circuit breaker (src/campaigns/breaker.ts) reads a campaign's most recent finished sends
 * before every page of its fan-out, every release and every periodic check. By the ledger's
 * primary key that read went through every message the campaign had handed out so far (83 ms at
 * 8,000 in the fan-out benchmark), so a campaign's fan-out cost grew with the square of its size.
 * With this index it walks back from the campaign's newest message and stops after its window.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX campaign_recipients_recent ON campaign_recipients (campaign_id, message_id) WHERE message_id IS NOT NULL`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP INDEX campaign_recipients_recent`.execute(db);
  },
};
