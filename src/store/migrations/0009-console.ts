import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The organizer console (src/console): its accounts, their server-side sessions (so signing out
 * or disabling an account ends the session at once), the audit log of every change made through
 * the console or the `users` commands, and one-time tokens (the first admin's sign-in link).
 * Tokens and session ids are stored hashed: a copy of the database lets nobody sign in.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    const now = sql`now()`;
    await db.schema
      .createTable('console_users')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      // Stored lower-cased and trimmed (src/console/accounts/email.ts), so it is unique as people type it.
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('admin', 'organizer', 'agent')`))
      // scrypt$N$r$p$salt$hash (src/console/accounts/passwords.ts): the parameters travel with the hash.
      .addColumn('password_hash', 'text', (c) => c.notNull())
      // The console's language for this person; null = from the browser (Accept-Language).
      .addColumn('language', 'text')
      .addColumn('disabled_at', 'timestamptz')
      .addColumn('last_sign_in_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('console_sessions')
      // SHA-256 of the session id the cookie carries.
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'bigint', (c) => c.references('console_users.id').onDelete('cascade'))
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema.createIndex('console_sessions_user').on('console_sessions').column('user_id').execute();
    await db.schema.createIndex('console_sessions_expiry').on('console_sessions').column('expires_at').execute();
    await db.schema
      .createTable('console_audit_log')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      // Null for a command-line action or an unknown account (a failed sign-in).
      .addColumn('actor_id', 'bigint', (c) => c.references('console_users.id').onDelete('set null'))
      // Who, as shown (an e-mail, "command line (user)"): kept as it was at the time.
      .addColumn('actor_label', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_type', 'text')
      .addColumn('target_id', 'text')
      .addColumn('target_label', 'text')
      // Small facts about the action (a role, a count, a reason); never a password or a message body.
      .addColumn('detail', 'jsonb')
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('console_audit_actor').on('console_audit_log').columns(['actor_id', 'id']).execute();
    await db.schema.createIndex('console_audit_action').on('console_audit_log').columns(['action', 'id']).execute();
    await db.schema
      .createTable('console_tokens')
      // SHA-256 of the token the link carries.
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const table of ['console_tokens', 'console_audit_log', 'console_sessions', 'console_users']) await db.schema.dropTable(table).execute();
  },
};
