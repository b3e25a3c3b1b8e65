import type { Kysely, Migration } from 'kysely';

/**
 * Campaign rehearsals (src/campaigns/rehearsal.ts): a campaign launched as a rehearsal stays one,
 * so every list, status and export can say so.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('campaigns')
      .addColumn('rehearsal', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('campaigns').dropColumn('rehearsal').execute();
  },
};
