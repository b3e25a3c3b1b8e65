import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Privacy and feedback reporting: the anonymous opt-out list kept when a person is forgotten, the
 * key it is made with (when PRIVACY_SECRET is not set), the digests posted to Slack (what the next
 * one compares with), and indexes for exports, engagement figures and the retention job.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    const now = sql`now()`;
    // HMAC-SHA256(key, "channel:address"): no address is stored, and without the key the list
    // cannot be reversed by trying every phone number.
    await db.schema
      .createTable('suppressions')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('privacy_keys')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('digests')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('occurrence', 'text', (c) => c.notNull().unique())
      .addColumn('period_start', 'timestamptz', (c) => c.notNull())
      .addColumn('period_end', 'timestamptz', (c) => c.notNull())
      .addColumn('summary', 'jsonb', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('slack_channel', 'text')
      .addColumn('slack_ts', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema.createIndex('feedback_created').on('feedback').column('created_at').execute();
    await db.schema.createIndex('feedback_contact').on('feedback').column('contact_id').execute();
    await db.schema.createIndex('consent_events_contact').on('consent_events').column('contact_id').execute();
    await db.schema.createIndex('consent_events_created').on('consent_events').column('created_at').execute();
    await db.schema.createIndex('conversation_events_created').on('conversation_events').column('created_at').execute();
    await db.schema.createIndex('conversation_events_contact').on('conversation_events').column('contact_id').execute();
    // The retention job only looks at rows that still have a body.
    await sql`CREATE INDEX messages_retention ON messages (created_at) WHERE body IS NOT NULL OR payload IS NOT NULL`.execute(db);
    await sql`CREATE INDEX messages_identity ON messages (identity_id)`.execute(db);
  },
};
