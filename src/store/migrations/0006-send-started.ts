import { type Kysely, type Migration } from 'kysely';

/**
 * When deliver() called the provider for a message. A worker killed between the provider's answer
 * and the status update leaves a pending message with this set: the retry first asks the provider
 * whether it went out (SMS), instead of sending it twice.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('messages').addColumn('send_started_at', 'timestamptz').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('messages').dropColumn('send_started_at').execute();
  },
};
