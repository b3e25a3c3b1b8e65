/**
 * "What do you have on me?": everything stored about one contact, in one JSON document: the
 * contact and its saved answers, every identity (full addresses), the active conversation, every
 * message, feedback, consent history, tickets, conversation outcomes, whether an address is on
 * the anonymous opt-out list, and what the modules declare (AppModule.personalData, passed in).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../store/schema';
import type { PersonalDataSource } from '../store/personal-data';
import { onSuppressionList } from '../store/suppressions';

/** The export's format version, for whoever reads it later. */
export const EXPORT_FORMAT = 'civic-engage/contact-export@1';

/** Everything stored about a contact; undefined when there is no such contact. */
export async function exportContact(
  deps: { db: Kysely<Database>; config: Pick<Config, 'PRIVACY_SECRET'>; now(): Date; personalData?: readonly PersonalDataSource[] },
  contactId: string,
): Promise<Record<string, unknown> | undefined> {
  const { db } = deps;
  const sources = deps.personalData ?? [];
  const contact = await db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
  if (!contact) return undefined;
  const identities = await db.selectFrom('identities').selectAll().where('contact_id', '=', contactId).orderBy('created_at').execute();
  const identityIds = identities.map((i) => i.id);
  const messages = await db
    .selectFrom('messages')
    .selectAll()
    .where((eb) => (identityIds.length ? eb.or([eb('contact_id', '=', contactId), eb('identity_id', 'in', identityIds)]) : eb('contact_id', '=', contactId)))
    .orderBy('id')
    .execute();
  const conversation = await db.selectFrom('conversations').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
  const feedback = await db.selectFrom('feedback').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
  const consent = await db.selectFrom('consent_events').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
  const tickets = await db.selectFrom('handoffs').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
  const outcomes = await db.selectFrom('conversation_events').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
  const suppressed: Record<string, string | null> = {};
  for (const i of identities) {
    const since = await onSuppressionList(deps, i.channel, i.address);
    suppressed[`${i.channel}:${i.address}`] = since ? since.toISOString() : null;
  }
  const other: Record<string, unknown> = {};
  for (const source of sources) other[source.name] = await source.export(db, contactId);
  return {
    format: EXPORT_FORMAT,
    exported_at: deps.now().toISOString(),
    contact,
    identities,
    conversation: conversation ?? null,
    messages,
    feedback,
    consent_events: consent,
    tickets,
    conversation_outcomes: outcomes,
    on_suppression_list: suppressed,
    ...(sources.length ? { other } : {}),
  };
}
