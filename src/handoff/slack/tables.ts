/**
 * Where the Slack view of the handoff keeps its threads (created by migration 0002, which also
 * made the shift tables), added to the one `Database` type by declaration merging.
 */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The Slack thread of a handoff ticket: where it was posted and where replies are read. */
export interface SlackHandoffThreadsTable {
  handoff_id: string;
  channel: string;
  ts: string;
  created_at: Timestamp;
}

declare module '../../store/schema' {
  interface Database {
    slack_handoff_threads: SlackHandoffThreadsTable;
  }
}
