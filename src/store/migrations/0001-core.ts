import { sql, type Kysely, type Migration } from 'kysely';

/** Contacts, identities, conversations, the message log, feedback, consent ledger, handoffs, flow versions. */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    const now = sql`now()`;
    await db.schema
      .createTable('contacts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('language', 'text')
      .addColumn('timezone', 'text')
      .addColumn('vars', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('identities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('opted_out', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('opted_out_at', 'timestamptz')
      .addColumn('unreachable_at', 'timestamptz')
      .addColumn('unreachable_reason', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addUniqueConstraint('identities_channel_address', ['channel', 'address'])
      .execute();
    await db.schema.createIndex('identities_contact').on('identities').column('contact_id').execute();
    await db.schema
      .createTable('conversations')
      .addColumn('contact_id', 'text', (c) => c.primaryKey().references('contacts.id').onDelete('cascade'))
      .addColumn('identity_id', 'text')
      .addColumn('state', 'jsonb')
      .addColumn('flow_id', 'text')
      .addColumn('flow_hash', 'text')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('messages')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
      .addColumn('identity_id', 'text')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('provider_id', 'text')
      .addColumn('body', 'text')
      .addColumn('key', 'text')
      .addColumn('payload', 'jsonb')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('error_code', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    // A provider's retry of the same message (same MessageSid / update_id) is stored once.
    await sql`CREATE UNIQUE INDEX messages_provider_id ON messages (channel, direction, provider_id) WHERE provider_id IS NOT NULL`.execute(db);
    await sql`CREATE INDEX messages_pending_in ON messages (contact_id, id) WHERE direction = 'in' AND status = 'received'`.execute(db);
    await db.schema.createIndex('messages_contact').on('messages').columns(['contact_id', 'id']).execute();
    await db.schema
      .createTable('feedback')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
      .addColumn('flow_id', 'text', (c) => c.notNull())
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('rating', 'integer')
      .addColumn('comment', 'text')
      .addColumn('choice', 'text')
      .addColumn('topic', 'text')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('consent_events')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
      .addColumn('identity_id', 'text')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('word', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('handoffs')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('identity_id', 'text')
      .addColumn('flow_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('closed_at', 'timestamptz')
      .execute();
    await db.schema
      .createTable('conversation_events')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
      .addColumn('flow_id', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('channel', 'text')
      .addColumn('language', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('flow_versions')
      .addColumn('flow_id', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('definition', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addPrimaryKeyConstraint('flow_versions_pk', ['flow_id', 'hash'])
      .execute();
  },
};
