/**
 * The questions the knowledge base could not answer (migration 0010), added to the one `Database`
 * type by declaration merging (src/store/schema.ts).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** One question nobody answered: who asked (contact id only, for forget), where, in what language, what. */
export interface UnansweredQuestionsTable {
  id: Generated<string>;
  /** Null never in practice; nullable so a row can outlive a contact that is being erased in the same transaction. */
  contact_id: string | null;
  channel: string;
  language: string;
  /** As written, phone numbers and e-mail addresses replaced (scrubPersonal). */
  text: string;
  /** The matcher's closest topic when the caller had it (a grouping hint). */
  nearest_topic: string | null;
  created_at: Timestamp;
}

declare module '../../store/schema' {
  interface Database {
    unanswered_questions: UnansweredQuestionsTable;
  }
}
