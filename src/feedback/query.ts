/** Reading stored feedback for exports and digests. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

/** One feedback answer as exports show it (no contact id: exports travel; see docs/admin.md). */
export interface FeedbackRow {
  id: string;
  created_at: Date;
  flow: string;
  question: string;
  rating: number | null;
  choice: string | null;
  /** Exactly as the person wrote it, in their language (never translated). */
  comment: string | null;
  topic: string | null;
  channel: string;
  language: string;
}

export interface FeedbackFilter {
  since?: Date;
  until?: Date;
  flow?: string;
  topic?: string;
  /** At most this many rows (newest first when set with `newestFirst`). */
  limit?: number;
  newestFirst?: boolean;
}

/** Feedback in a window, oldest first unless `newestFirst`. */
export async function listFeedback(db: Kysely<Database>, filter: FeedbackFilter = {}): Promise<FeedbackRow[]> {
  let q = db
    .selectFrom('feedback')
    .select(['id', 'created_at', 'flow_id as flow', 'question', 'rating', 'choice', 'comment', 'topic', 'channel', 'language']);
  if (filter.since) q = q.where('created_at', '>=', filter.since);
  if (filter.until) q = q.where('created_at', '<', filter.until);
  if (filter.flow) q = q.where('flow_id', '=', filter.flow);
  if (filter.topic) q = q.where('topic', '=', filter.topic);
  q = filter.newestFirst ? q.orderBy('created_at', 'desc').orderBy('id', 'desc') : q.orderBy('created_at').orderBy('id');
  if (filter.limit) q = q.limit(filter.limit);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at) }));
}
