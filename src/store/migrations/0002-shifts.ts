import { sql, type Kysely, type Migration } from 'kysely';

/** Volunteer shifts, volunteers, sign-ups (with waitlist and feedback), the reminder ledger, Slack handoff threads. */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    const now = sql`now()`;
    await db.schema
      .createTable('shifts')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('external_id', 'text', (c) => c.unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('other'))
      .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('notes', 'text')
      .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
      .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('capacity', 'integer', (c) => c.notNull())
      .addColumn('organizer_channel', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled'))
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addCheckConstraint('shifts_capacity', sql`capacity >= 0`)
      .addCheckConstraint('shifts_times', sql`ends_at > starts_at`)
      .execute();
    await sql`CREATE INDEX shifts_upcoming ON shifts (starts_at) WHERE status = 'scheduled'`.execute(db);

    await db.schema
      .createTable('volunteers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text')
      .addColumn('slack_user_id', 'text', (c) => c.unique())
      .addColumn('phone', 'text', (c) => c.unique())
      .addColumn('language', 'text')
      .addColumn('slack_locale', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();

    await db.schema
      .createTable('shift_signups')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('shift_id', 'bigint', (c) => c.notNull().references('shifts.id').onDelete('cascade'))
      .addColumn('volunteer_id', 'text', (c) => c.notNull().references('volunteers.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'timestamptz')
      .addColumn('offered_at', 'timestamptz')
      .addColumn('feedback_rating', 'integer')
      .addColumn('feedback_comment', 'text')
      .addColumn('feedback_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    // One live sign-up per volunteer and shift; cancelled ones stay as history.
    await sql`CREATE UNIQUE INDEX shift_signups_live ON shift_signups (shift_id, volunteer_id) WHERE status IN ('active', 'waitlist', 'offered')`.execute(db);
    await db.schema.createIndex('shift_signups_shift').on('shift_signups').columns(['shift_id', 'status', 'id']).execute();
    await db.schema.createIndex('shift_signups_volunteer').on('shift_signups').columns(['volunteer_id', 'status']).execute();

    await db.schema
      .createTable('shift_notices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('signup_id', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('message_id', 'bigint')
      .addColumn('channel', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema.createIndex('shift_notices_signup').on('shift_notices').column('signup_id').execute();

    await db.schema
      .createTable('slack_handoff_threads')
      .addColumn('handoff_id', 'bigint', (c) => c.primaryKey().references('handoffs.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('ts', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addUniqueConstraint('slack_handoff_threads_thread', ['channel', 'ts'])
      .execute();
  },
};
