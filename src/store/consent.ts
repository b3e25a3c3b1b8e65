import type { Kysely } from 'kysely';
import type { Database, Identity } from './schema';

/**
 * Records an opt-out or opt-in in the append-only consent ledger and updates the identity.
 * `source` says how it happened: a keyword, a provider's report (Twilio 21610), an import, ...
 */
export async function recordConsent(
  db: Kysely<Database>,
  identity: Pick<Identity, 'id' | 'contact_id' | 'channel'>,
  action: 'opt_in' | 'opt_out',
  details: { word?: string; source: string; at: Date },
): Promise<void> {
  await db
    .insertInto('consent_events')
    .values({ contact_id: identity.contact_id, identity_id: identity.id, channel: identity.channel, action, word: details.word ?? null, source: details.source, created_at: details.at })
    .execute();
  await db
    .updateTable('identities')
    .set(action === 'opt_out' ? { opted_out: true, opted_out_at: details.at } : { opted_out: false, opted_out_at: null })
    .where('id', '=', identity.id)
    .execute();
}

/** The consent history of one contact, oldest first. */
export async function consentHistory(db: Kysely<Database>, contactId: string) {
  return db.selectFrom('consent_events').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
}
