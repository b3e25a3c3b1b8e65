/**
 * Keeping the questions the knowledge base could not answer, and reading them back for the
 * organizers (digest, export). A question is personal data: it names its asker by contact id only
 * (never an address), phone numbers and e-mail addresses in it are replaced before it is stored,
 * `contact forget` erases it and the retention job prunes it (docs/privacy.md).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { scrubPersonal } from './scrub';

/** Longest text kept: a long SMS is 10 segments of 153 characters; what is beyond adds nothing to a report. */
export const MAX_QUESTION_CHARS = 1600;

/** A question as the runner reports it (the engine's `unanswered` effect and who asked it where). */
export interface UnansweredInput {
  contactId: string;
  channel: string;
  /** The language it was matched in. */
  language: string;
  text: string;
  at: Date;
  /** The matcher's closest topic, when the caller has it (a grouping hint). */
  nearestTopic?: string | null;
}

/** One stored question as reports read it. */
export interface UnansweredRow {
  id: string;
  created_at: Date;
  channel: string;
  language: string;
  text: string;
  nearest_topic: string | null;
  /** Who asked, to count people rather than messages; reports never show it (they travel). */
  contact_id?: string | null;
}

/**
 * Stores a question nobody answered. `db` may be the runner's transaction (the question is then
 * kept exactly when the step that did not answer it is). An empty text is not kept.
 */
export async function recordUnanswered(db: Kysely<Database>, q: UnansweredInput): Promise<void> {
  const text = [...scrubPersonal(q.text.trim())].slice(0, MAX_QUESTION_CHARS).join('');
  if (!text) return;
  await db
    .insertInto('unanswered_questions')
    .values({ contact_id: q.contactId, channel: q.channel, language: q.language, text, nearest_topic: q.nearestTopic ?? null, created_at: q.at })
    .execute();
}

/** Questions asked in [since, until), oldest first, optionally in one language. */
export async function listUnanswered(db: Kysely<Database>, filter: { since?: Date; until?: Date; language?: string } = {}): Promise<UnansweredRow[]> {
  let q = db.selectFrom('unanswered_questions').select(['id', 'created_at', 'channel', 'language', 'text', 'nearest_topic', 'contact_id']);
  if (filter.since) q = q.where('created_at', '>=', filter.since);
  if (filter.until) q = q.where('created_at', '<', filter.until);
  if (filter.language) q = q.where('language', '=', filter.language);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: String(r.id), created_at: new Date(r.created_at) }));
}

/** Deletes questions asked before `cutoff` (the retention job); returns how many went. */
export async function pruneUnanswered(db: Kysely<Database>, cutoff: Date): Promise<number> {
  const res = await db.deleteFrom('unanswered_questions').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** A person's questions, for `contact export`. */
export async function unansweredOf(db: Kysely<Database>, contactId: string) {
  const rows = await db.selectFrom('unanswered_questions').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}

/** Erases a person's questions (`contact forget`); returns how many went. */
export async function forgetUnanswered(db: Kysely<Database>, contactId: string): Promise<number> {
  const res = await db.deleteFrom('unanswered_questions').where('contact_id', '=', contactId).executeTakeFirst();
  return Number(res.numDeletedRows);
}
