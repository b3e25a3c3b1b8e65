/**
 * The tables contacts imports write (migration 0004): tags on a contact, and a record of each
 * import. Added to the one `Database` type by declaration merging (src/store/schema.ts).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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

declare module '../store/schema' {
  interface Database {
    contact_tags: ContactTagsTable;
    contact_imports: ContactImportsTable;
  }
}
