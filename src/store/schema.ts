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

/** Every version of every flow that a conversation may still be on. */
export interface FlowVersionsTable {
  flow_id: string;
  hash: string;
  definition: Json<unknown>;
  created_at: Timestamp;
}

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
}

export type Contact = Selectable<ContactsTable>;
export type Identity = Selectable<IdentitiesTable>;
export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type Feedback = Selectable<FeedbackTable>;
