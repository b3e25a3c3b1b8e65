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
  /** Only answers in this language / on this channel. */
  language?: string;
  channel?: string;
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
  if (filter.language) q = q.where('language', '=', filter.language);
  if (filter.channel) q = q.where('channel', '=', filter.channel);
  q = filter.newestFirst ? q.orderBy('created_at', 'desc').orderBy('id', 'desc') : q.orderBy('created_at').orderBy('id');
  if (filter.limit) q = q.limit(filter.limit);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at) }));
}

/** The flows, topics, languages and channels feedback was given in (for filter menus), each sorted. */
export async function feedbackFacets(db: Kysely<Database>): Promise<{ flows: string[]; topics: string[]; languages: string[]; channels: string[] }> {
  const distinct = async (column: 'flow_id' | 'topic' | 'language' | 'channel') => {
    const rows = await db.selectFrom('feedback').select(column).distinct().where(column, 'is not', null).orderBy(column).execute();
    return rows.map((r) => String((r as Record<string, unknown>)[column]));
  };
  const [flows, topics, languages, channels] = await Promise.all([distinct('flow_id'), distinct('topic'), distinct('language'), distinct('channel')]);
  return { flows, topics, languages, channels };
}
