import { sql, type Kysely, type Migration } from 'kysely';

/** deliver() asks "is an older reply to this identity still pending?" before each reply it sends. */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX messages_pending_reply ON messages (identity_id, id) WHERE direction = 'out' AND status = 'pending' AND kind = 'reply'`.execute(db);
  },
  async down(db: Kysely<any>) {
    await sql`DROP INDEX messages_pending_reply`.execute(db);
  },
};
