/**
 * Types of the tables migration 0003 adds (suppressions, privacy_keys, digests), and a Kysely
 * handle that knows them. They live beside the code that uses them rather than in
 * src/store/schema.ts, so this feature's schema is in one place.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '../store/schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The anonymous opt-out list: HMAC-SHA256(key, "channel:address") of every forgotten identity. */
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

/** Digests posted to Slack: their window and figures, which the next digest compares with. */
export interface DigestsTable {
  id: Generated<string>;
  /** One row per scheduled occurrence, so a retried job never posts twice. */
  occurrence: string;
  period_start: Timestamp;
  period_end: Timestamp;
  summary: ColumnType<unknown, string, string>;
  /** pending (being posted) or posted. */
  status: string;
  slack_channel: string | null;
  slack_ts: string | null;
  created_at: Timestamp;
}

export type ReportingTables = {
  suppressions: SuppressionsTable;
  privacy_keys: PrivacyKeysTable;
  digests: DigestsTable;
};

/** The full schema: the core tables and this feature's. */
export type FullDatabase = Database & ReportingTables;

/** The same connection, typed with this feature's tables too. */
export function withReporting(db: Kysely<Database>): Kysely<FullDatabase> {
  return db.withTables<ReportingTables>();
}
