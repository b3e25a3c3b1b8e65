/**
 * The tables of campaigns (migration 0004: campaigns, their progress, the recipients ledger,
 * campaign events; the same migration made the contacts tables of src/contacts/tables.ts), added
 * to the one `Database` type by declaration merging (src/store/schema.ts).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** Campaign lifecycle: draft → running ⇄ paused → completed (or cancelled). */
export type CampaignStatus = 'draft' | 'running' | 'paused' | 'completed' | 'cancelled';

/** A campaign: its definition and where it is in its life. */
export interface CampaignsTable {
  id: string;
  name: string;
  /** The validated definition (src/campaigns/definition.ts), as the organizer wrote it. */
  definition: Json<unknown>;
  status: CampaignStatus;
  /** Bumped by every launch and resume: fan-out jobs of an earlier run stop when they see a newer one. */
  run: Generated<number>;
  paused_reason: string | null;
  /** Launched as a rehearsal (migration 0012): its SMS went to the stand-in, never to a phone (src/campaigns/rehearsal.ts). */
  rehearsal: Generated<boolean>;
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

declare module '../store/schema' {
  interface Database {
    campaigns: CampaignsTable;
    campaign_progress: CampaignProgressTable;
    campaign_recipients: CampaignRecipientsTable;
    campaign_events: CampaignEventsTable;
  }
}
