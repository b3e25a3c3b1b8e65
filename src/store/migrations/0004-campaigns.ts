import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Contacts import and campaigns: contact tags, the import log, campaigns, their per-step fan-out
 * progress, the recipients ledger (one row per campaign, contact and step: the primary key is what
 * makes the fan-out exactly-once) and the campaign event log. Table types: src/campaigns/tables.ts and src/contacts/tables.ts.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    const now = sql`now()`;
    await db.schema
      .createTable('contact_tags')
      .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('tag', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('contact_tags_pk', ['contact_id', 'tag'])
      .execute();
    await db.schema.createIndex('contact_tags_tag').on('contact_tags').columns(['tag', 'contact_id']).execute();
    await db.schema
      .createTable('contact_imports')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('attested_by', 'text')
      .addColumn('rows', 'integer', (c) => c.notNull())
      .addColumn('created', 'integer', (c) => c.notNull())
      .addColumn('updated', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    // The audience query asks "has this identity ever opted in?" once per candidate.
    await db.schema.createIndex('consent_events_identity').on('consent_events').columns(['identity_id', 'action']).execute();

    await db.schema
      .createTable('campaigns')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('definition', 'jsonb', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('run', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('paused_reason', 'text')
      .addColumn('starts_at', 'timestamptz')
      .addColumn('launched_at', 'timestamptz')
      .addColumn('completed_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('campaign_progress')
      .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
      .addColumn('step', 'integer', (c) => c.notNull())
      .addColumn('cursor', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('done_at', 'timestamptz')
      .addPrimaryKeyConstraint('campaign_progress_pk', ['campaign_id', 'step'])
      .execute();
    await db.schema
      .createTable('campaign_recipients')
      .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
      .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('step', 'integer', (c) => c.notNull())
      .addColumn('identity_id', 'text')
      .addColumn('channel', 'text')
      .addColumn('language', 'text')
      .addColumn('message_id', 'bigint')
      // queued (a message exists), skipped (never sent: no election data, deadline passed),
      // stopped (a series ended for this person: replied REGISTERED, opted out).
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('send_at', 'timestamptz')
      .addColumn('expires_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addPrimaryKeyConstraint('campaign_recipients_pk', ['campaign_id', 'step', 'contact_id'])
      .execute();
    await sql`CREATE INDEX campaign_recipients_message ON campaign_recipients (message_id) WHERE message_id IS NOT NULL`.execute(db);
    await sql`CREATE INDEX campaign_recipients_scheduled ON campaign_recipients (campaign_id, send_at) WHERE status = 'queued'`.execute(db);
    await db.schema
      .createTable('campaign_events')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('detail', 'jsonb')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema.createIndex('campaign_events_campaign').on('campaign_events').columns(['campaign_id', 'id']).execute();
  },
};
