import type { Migration, MigrationProvider } from 'kysely';
import { migration as core } from './0001-core';
import { migration as shifts } from './0002-shifts';
import { migration as privacyFeedback } from './0003-privacy-feedback';
import { migration as campaigns } from './0004-campaigns';
import { migration as replyOrder } from './0005-reply-order';
import { migration as sendStarted } from './0006-send-started';
import { migration as readIndexes } from './0007-read-indexes';
import { migration as campaignExpiry } from './0008-campaign-expiry';
import { migration as consoleTables } from './0009-console';
import { migration as unanswered } from './0010-unanswered';
import { migration as consoleInbox } from './0011-console-inbox';
import { migration as consoleContactImports } from './0012-console-contact-imports';
import { migration as campaignRehearsal } from './0013-campaign-rehearsal';
import { migration as installation } from './0014-installation';
import { migration as campaignBreakerIndex } from './0015-campaign-breaker-index';

/**
 * The schema, as ordered migrations, one file each. The same migrations run on PostgreSQL and on
 * embedded PGlite. Add a file and a line here; never edit a migration that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_shifts': shifts, // volunteer shifts, sign-ups, reminder ledger, Slack handoff threads
  '0003_privacy_feedback': privacyFeedback,
  '0004_campaigns': campaigns, // contact tags and imports, campaigns, recipients ledger
  '0005_reply_order': replyOrder, // an index for sending a step's replies in order
  '0006_send_started': sendStarted, // when a send was attempted, for recovery after a crash
  '0007_read_indexes': readIndexes, // indexes for the open-handoff and shift-question reads made per inbound message
  '0008_campaign_expiry': campaignExpiry, // an index for the periodic check's expired-deadline read
  '0009_console': consoleTables, // organizer console: accounts, sessions, audit log, one-time tokens
  '0010_unanswered': unanswered, // questions the knowledge base could not answer, for the organizers
  '0011_console_inbox': consoleInbox, // organizer console: who is answering a ticket
  '0012_console_contact_imports': consoleContactImports, // organizer console: an uploaded contacts file until it is imported or expires
  '0013_campaign_rehearsal': campaignRehearsal, // campaigns launched as a rehearsal (no SMS provider)
  '0014_installation': installation, // this installation's id, which names its queues in Redis
  '0015_campaign_breaker_index': campaignBreakerIndex, // the circuit breaker's read of a campaign's newest sends
};

/** Kysely's migration provider over the list above. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
