/**
 * The feedback digests posted (migration 0003), added to the one `Database` type by declaration
 * merging (src/store/schema.ts).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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

declare module '../store/schema' {
  interface Database {
    digests: DigestsTable;
  }
}
