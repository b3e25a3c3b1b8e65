import type { Migration, MigrationProvider } from 'kysely';
import { migration as core } from './0001-core';
import { migration as privacyFeedback } from './0003-privacy-feedback';

/**
 * The schema, as ordered migrations, one file each. The same migrations run on PostgreSQL and on
 * embedded PGlite. Add a file and a line here; never edit a migration that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_shifts': require('./0002-shifts').migration, // volunteer shifts, sign-ups, reminder ledger, Slack handoff threads
  '0003_privacy_feedback': privacyFeedback,
  '0004_campaigns': require('./0004-campaigns').migration, // contact tags and imports, campaigns, recipients ledger
  '0005_reply_order': require('./0005-reply-order').migration, // an index for sending a step's replies in order
  '0006_send_started': require('./0006-send-started').migration, // when a send was attempted, for recovery after a crash
  '0007_read_indexes': require('./0007-read-indexes').migration, // indexes for the open-handoff and shift-question reads made per inbound message
  '0008_campaign_expiry': require('./0008-campaign-expiry').migration, // an index for the periodic check's expired-deadline read
  '0009_console': require('./0009-console').migration, // organizer console: accounts, sessions, audit log, one-time tokens
};

/** Kysely's migration provider over the list above. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
