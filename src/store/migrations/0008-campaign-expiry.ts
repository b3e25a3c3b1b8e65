import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The periodic check drops a campaign's messages whose deadline has passed, every
 * CAMPAIGN_TICK_MS (src/campaigns/tick.ts). Without an index on expires_at that read goes through
 * every ledger row of the campaign, every 30 s: ten million rows for a 10M campaign, most of which
 * have no deadline at all.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX campaign_recipients_expiry ON campaign_recipients (campaign_id, expires_at) WHERE expires_at IS NOT NULL`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP INDEX campaign_recipients_expiry`.execute(db);
  },
};
