import type { Kysely } from 'kysely';
import type { Database } from './schema';

type Db = Kysely<Database>;

/** Stores one feedback answer. Comments are kept exactly as written (never translated). */
export async function insertFeedback(
  db: Db,
  f: { contactId: string; flowId: string; question: string; rating?: number; comment?: string; choice?: string; topic?: string; channel: string; language: string; at: Date },
): Promise<void> {
  await db
    .insertInto('feedback')
    .values({
      contact_id: f.contactId,
      flow_id: f.flowId,
      question: f.question,
      rating: f.rating ?? null,
      comment: f.comment ?? null,
      choice: f.choice ?? null,
      topic: f.topic ?? null,
      channel: f.channel,
      language: f.language,
      created_at: f.at,
    })
    .execute();
}

/** Opens a request for a human volunteer. */
export async function openHandoff(db: Db, h: { contactId: string; identityId: string | null; flowId: string; reason?: string; at: Date }): Promise<string> {
  const row = await db
    .insertInto('handoffs')
    .values({ contact_id: h.contactId, identity_id: h.identityId, flow_id: h.flowId, reason: h.reason ?? null, status: 'open', created_at: h.at, closed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
