/**
 * Types of the tables migrations 0009 and 0010 add (console_users, console_sessions, console_audit_log,
 * console_tokens, console_ticket_claims), and a Kysely handle that knows them. They live beside the console, as
 * src/privacy/tables.ts does for its tables, so this feature's schema is in one place.
 */
import type { ColumnType, Generated, Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** What a console account may do (src/console/access.ts). */
export const ROLES = ['admin', 'organizer', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** A person who signs in to the console. */
export interface ConsoleUsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  language: string | null;
  disabled_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A signed-in browser: the session @fastify/session keeps, stored under the hash of its id. */
export interface ConsoleSessionsTable {
  id: string;
  user_id: string | null;
  data: Json<Record<string, unknown>>;
  expires_at: Timestamp;
  created_at: Timestamp;
}

/** One change: who did what to what, when. */
export interface ConsoleAuditLogTable {
  id: Generated<string>;
  created_at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  detail: Json<Record<string, unknown>> | null;
  ip: string | null;
}

/** A one-time token (the first admin's sign-in link), stored as its hash. */
export interface ConsoleTokensTable {
  hash: string;
  purpose: string;
  expires_at: Timestamp;
  created_at: Timestamp;
}

/** Who is answering a ticket (migration 0010): one account per ticket at most. */
export interface ConsoleTicketClaimsTable {
  handoff_id: string;
  user_id: string;
  claimed_at: Timestamp;
}

export type ConsoleTables = {
  console_users: ConsoleUsersTable;
  console_sessions: ConsoleSessionsTable;
  console_audit_log: ConsoleAuditLogTable;
  console_tokens: ConsoleTokensTable;
  console_ticket_claims: ConsoleTicketClaimsTable;
};

/** The same connection, typed with the console's tables too. */
export function consoleDb(db: Kysely<Database>): Kysely<Database & ConsoleTables> {
  return db.withTables<ConsoleTables>();
}

/** A console account as read from the database. */
export type ConsoleUser = Selectable<ConsoleUsersTable>;
