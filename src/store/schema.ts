/**
 * The database's tables as Kysely sees them. The core's are here; a feature declares its own in its
 * folder (src/<feature>/tables.ts) and adds them to `Database` by declaration merging:
 *
 *   declare module '../store/schema' {
 *     interface Database { shifts: ShiftsTable }
 *   }
 *
 * so one `Kysely<Database>` knows every table, with no cast and no second handle type. The store
 * never imports a feature: the merge goes the other way. (Migrations, src/store/migrations, are
 * one ordered list whatever feature a table belongs to: they ran in that order wherever the
 * project is installed.)
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** A person. One person may be reachable on several channels (identities). */
export interface ContactsTable {
  id: string;
  language: string | null;
  timezone: string | null;
  vars: Json<Record<string, string | number>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One way to reach a contact: a channel and an address (E.164 phone, chat id, Slack user id). */
export interface IdentitiesTable {
  id: string;
  contact_id: string;
  channel: string;
  address: string;
  opted_out: Generated<boolean>;
  opted_out_at: Date | null;
  unreachable_at: Date | null;
  unreachable_reason: string | null;
  created_at: Timestamp;
}

/** The contact's active conversation (state null when none), and the identity it happens on. */
export interface ConversationsTable {
  contact_id: string;
  identity_id: string | null;
  state: Json<unknown> | null;
  flow_id: string | null;
  flow_hash: string | null;
  updated_at: Timestamp;
}

/** Every message in and out, with its delivery status. */
export interface MessagesTable {
  id: Generated<string>;
  contact_id: string | null;
  identity_id: string | null;
  channel: string;
  direction: 'in' | 'out';
  /** reply: answers someone who just wrote; notification: anything else (timeouts, follow-ups). */
  kind: string;
  provider_id: string | null;
  body: string | null;
  key: string | null;
  payload: Json<unknown> | null;
  status: string;
  error_code: string | null;
  /** Outbound, on channels a retry can ask whether a send went out (SMS): set just before the provider is called, cleared when the call fails retryably (see deliver()). */
  send_started_at: Generated<Date | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FeedbackTable {
  id: Generated<string>;
  contact_id: string | null;
  flow_id: string;
  question: string;
  rating: number | null;
  comment: string | null;
  choice: string | null;
  topic: string | null;
  channel: string;
  language: string;
  created_at: Timestamp;
}

/** Append-only record of opt-ins and opt-outs: when, how (word/source), on which channel. */
export interface ConsentEventsTable {
  id: Generated<string>;
  contact_id: string | null;
  identity_id: string | null;
  channel: string;
  action: 'opt_in' | 'opt_out';
  word: string | null;
  source: string;
  created_at: Timestamp;
}

/** Requests for a human (Slack handoff picks them up). */
export interface HandoffsTable {
  id: Generated<string>;
  contact_id: string;
  identity_id: string | null;
  flow_id: string;
  reason: string | null;
  status: string;
  created_at: Timestamp;
  closed_at: Date | null;
}

/** Conversation outcomes, for engagement figures (completion and drop-off per language/channel). */
export interface ConversationEventsTable {
  id: Generated<string>;
  contact_id: string | null;
  flow_id: string;
  outcome: string;
  channel: string | null;
  language: string | null;
  created_at: Timestamp;
}

/** The anonymous opt-out list: HMAC-SHA256(key, "channel:address") of every forgotten identity (src/store/suppressions.ts). */
export interface SuppressionsTable {
  hash: string;
  channel: string;
  /** Which key made the hash (a fingerprint, never the key): hashes of another key never match. */
  key_id: string;
  created_at: Timestamp;
}

/** Generated secrets kept in the database (the suppression key when PRIVACY_SECRET is unset). */
export interface PrivacyKeysTable {
  name: string;
  secret: string;
  created_at: Timestamp;
}

/** Every version of every flow that a conversation may still be on. */
export interface FlowVersionsTable {
  flow_id: string;
  hash: string;
  definition: Json<unknown>;
  created_at: Timestamp;
}

/** This installation's identity: one row, made with the database (src/store/installation.ts). */
export interface InstallationTable {
  id: string;
  own_queue_prefix: boolean;
  created_at: Timestamp;
}

/** The core tables; features add theirs by declaration merging (see the top of this file). */
export interface Database {
  contacts: ContactsTable;
  identities: IdentitiesTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  feedback: FeedbackTable;
  consent_events: ConsentEventsTable;
  handoffs: HandoffsTable;
  conversation_events: ConversationEventsTable;
  flow_versions: FlowVersionsTable;
  suppressions: SuppressionsTable;
  privacy_keys: PrivacyKeysTable;
  installation: InstallationTable;
}

/** A contact as read. */
export type Contact = Selectable<ContactsTable>;
/** An identity (channel address) as read. */
export type Identity = Selectable<IdentitiesTable>;
/** A message as read. */
export type Message = Selectable<MessagesTable>;
/** A message to insert. */
export type NewMessage = Insertable<MessagesTable>;
/** A feedback answer as read. */
export type Feedback = Selectable<FeedbackTable>;
