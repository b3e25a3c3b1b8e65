import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { precompiled } from './precompiled';
import type { Contact, Database, Identity } from './schema';

type Db = Kysely<Database>;

/** findOrCreateIdentity's statements, each built and compiled once (src/store/precompiled.ts). */
const identityQuery = precompiled((db: Db, channel: string, address: string) => db.selectFrom('identities').selectAll().where('channel', '=', channel).where('address', '=', address));
/** The contact and its identity in one statement; no row when the address has an identity already (the contact is then left over). */
const newIdentityQuery = precompiled((db: Db, contactId: string, id: string, channel: string, address: string) =>
  db
    .with('c', (w) => w.insertInto('contacts').values({ id: contactId, language: null, timezone: null, vars: '{}' }).returning('id'))
    .insertInto('identities')
    .columns(['id', 'contact_id', 'channel', 'address', 'opted_out_at', 'unreachable_at', 'unreachable_reason'])
    .expression((eb) =>
      eb
        .selectFrom('c')
        .select((s) => [
          sql<string>`${id}`.as('id'),
          s.ref('c.id').as('contact_id'),
          sql<string>`${channel}`.as('channel'),
          sql<string>`${address}`.as('address'),
          sql<null>`NULL::timestamptz`.as('opted_out_at'),
          sql<null>`NULL::timestamptz`.as('unreachable_at'),
          sql<null>`NULL::text`.as('unreachable_reason'),
        ]),
    )
    .onConflict((oc) => oc.columns(['channel', 'address']).doNothing())
    .returningAll(),
);

/**
 * The identity for a channel address, creating the contact and identity on first contact.
 * Safe under concurrency: two first messages at once end with one contact.
 */
export async function findOrCreateIdentity(db: Db, channel: string, address: string): Promise<{ identity: Identity; created: boolean }> {
  const [existing] = await identityQuery(db, channel, address);
  if (existing) return { identity: existing, created: false };
  return createIdentity(db, channel, address);
}

/**
 * Creates the contact and identity of an address not seen yet (the caller has just looked), in
 * one statement, so no transaction is needed. Someone else may have created it meanwhile (two
 * first messages at once): then the contact made for nothing is deleted and theirs is returned.
 */
export async function createIdentity(db: Db, channel: string, address: string): Promise<{ identity: Identity; created: boolean }> {
  const contactId = randomUUID();
  const [inserted] = await newIdentityQuery(db, contactId, randomUUID(), channel, address);
  if (inserted) return { identity: inserted, created: true };
  await db.deleteFrom('contacts').where('id', '=', contactId).execute();
  const [theirs] = await identityQuery(db, channel, address);
  if (!theirs) throw new Error('identity neither created nor found');
  return { identity: theirs, created: false };
}

/** Loads a contact and locks its row until the transaction ends (serialises work per contact). */
export async function lockContact(tx: Db, contactId: string): Promise<Contact | undefined> {
  return tx.selectFrom('contacts').selectAll().where('id', '=', contactId).forUpdate().executeTakeFirst();
}

export async function getContact(db: Db, contactId: string): Promise<Contact | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirst();
}

export async function getIdentity(db: Db, identityId: string): Promise<Identity | undefined> {
  return db.selectFrom('identities').selectAll().where('id', '=', identityId).executeTakeFirst();
}

export async function findIdentity(db: Db, channel: string, address: string): Promise<Identity | undefined> {
  return db.selectFrom('identities').selectAll().where('channel', '=', channel).where('address', '=', address).executeTakeFirst();
}

/** Saves a contact's language and variables. */
export async function updateContact(db: Db, contactId: string, patch: { language?: string | null; vars?: Record<string, string | number>; timezone?: string | null }): Promise<void> {
  await db
    .updateTable('contacts')
    .set({
      ...(patch.language !== undefined ? { language: patch.language } : {}),
      ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
      ...(patch.vars !== undefined ? { vars: JSON.stringify(patch.vars) } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', contactId)
    .execute();
}

/** Marks an identity unreachable (invalid number, bot blocked): nothing more is sent to it. */
export async function markUnreachable(db: Db, identityId: string, reason: string, at: Date): Promise<void> {
  await db.updateTable('identities').set({ unreachable_at: at, unreachable_reason: reason }).where('id', '=', identityId).execute();
}

/** Makes an identity reachable again (the person wrote to us from it). */
export async function clearUnreachable(db: Db, identityId: string): Promise<void> {
  await db.updateTable('identities').set({ unreachable_at: null, unreachable_reason: null }).where('id', '=', identityId).execute();
}
