/**
 * Types of the tables migration 0004 adds (contact tags and imports, campaigns, their progress,
 * the recipients ledger, campaign events), and a Kysely handle that knows them. They live beside
 * the code that uses them, as src/privacy/tables.ts does for its tables.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '../store/schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** Free-form labels on a contact (from imports), for audience filters. */
export interface ContactTagsTable {
  contact_id: string;
  tag: string;
}

/** One row per import that changed something: which file (by hash) and who attested its consent. */
export interface ContactImportsTable {
  id: Generated<string>;
  file_name: string;
  sha256: string;
  attested_by: string | null;
  rows: number;
  created: number;
  updated: number;
  created_at: Timestamp;
}

/** Campaign lifecycle: draft → running ⇄ paused → completed (or cancelled). */
export type CampaignStatus = 'draft' | 'running' | 'paused' | 'completed' | 'cancelled';

export interface CampaignsTable {
  id: string;
  name: string;
  /** The validated definition (src/campaigns/definition.ts), as the organizer wrote it. */
  definition: Json<unknown>;
  status: CampaignStatus;
  /** Bumped by every launch and resume: fan-out jobs of an earlier run stop when they see a newer one. */
  run: Generated<number>;
  paused_reason: string | null;
  /** When the first message may go (send.at), else the launch time. */
  starts_at: NullableTimestamp;
  launched_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Where each step's fan-out has got to: the last contact id handed out, and when it finished. */
export interface CampaignProgressTable {
  campaign_id: string;
  step: number;
  cursor: string;
  due_at: Timestamp;
  done_at: NullableTimestamp;
}

/** What a ledger row says happened to one contact in one step. */
export type RecipientStatus = 'queued' | 'skipped' | 'stopped';

/** The recipients ledger: (campaign, step, contact) is unique, so a contact is handed a step once. */
export interface CampaignRecipientsTable {
  campaign_id: string;
  contact_id: string;
  step: number;
  identity_id: string | null;
  channel: string | null;
  language: string | null;
  message_id: string | null;
  status: RecipientStatus;
  reason: string | null;
  /**
   * For a message held back ('scheduled') until its anchor time or the end of the person's quiet
   * hours. Cleared when the release queues it, so the campaign_recipients_scheduled index's range
   * up to now holds only what still waits (src/campaigns/release.ts).
   */
  send_at: NullableTimestamp;
  /** After this the message is dropped (the anchor deadline has passed). */
  expires_at: NullableTimestamp;
  created_at: Timestamp;
}

/** Launches, pauses (with why), circuit-breaker trips, alerts: what `status` shows. */
export interface CampaignEventsTable {
  id: Generated<string>;
  campaign_id: string;
  kind: string;
  detail: Json<unknown> | null;
  created_at: Timestamp;
}

export type CampaignTables = {
  contact_tags: ContactTagsTable;
  contact_imports: ContactImportsTable;
  campaigns: CampaignsTable;
  campaign_progress: CampaignProgressTable;
  campaign_recipients: CampaignRecipientsTable;
  campaign_events: CampaignEventsTable;
};

/** The database as the campaign code sees it: the core tables plus this feature's. */
export type CampaignDatabase = Database & CampaignTables;

/** A Kysely handle (or transaction) that also knows this feature's tables. */
export function withCampaignTables(db: Kysely<Database>): Kysely<CampaignDatabase> {
  return db.withTables<CampaignTables>();
}
