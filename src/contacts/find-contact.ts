/**
 * Finding the person an organizer means: a contact id, a phone number as anyone writes it, or
 * "channel:address" (telegram:123456789, slack:U0123ABCD, web:session-id). Exact matches only,
 * through bound parameters: what is typed never becomes SQL, a pattern or a regex.
 */
import type { Kysely } from 'kysely';
import { isChannelName, isPhoneChannel, PHONE_CHANNEL } from '../channels/registry';
import { normalizePhone } from '../lib/phone';
import type { Database } from '../store/schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a reference names, before the database is asked. */
export type ContactRef = { kind: 'id'; id: string } | { kind: 'address'; channel: string; address: string };

/** Parses "<contact id | phone | channel:address>"; null when it is none of them. */
export function parseContactRef(input: string): ContactRef | null {
  const text = input.trim();
  if (UUID.test(text)) return { kind: 'id', id: text.toLowerCase() };
  const colon = text.indexOf(':');
  if (colon > 0 && isChannelName(text.slice(0, colon).toLowerCase())) {
    const channel = text.slice(0, colon).toLowerCase();
    const rest = text.slice(colon + 1).trim();
    if (!rest) return null;
    if (isPhoneChannel(channel)) {
      const phone = normalizePhone(rest);
      return phone ? { kind: 'address', channel, address: phone } : null;
    }
    return { kind: 'address', channel, address: rest };
  }
  const phone = normalizePhone(text);
  return phone ? { kind: 'address', channel: PHONE_CHANNEL, address: phone } : null;
}

/** The contact id a reference names, or undefined when we have no such person. */
export async function findContactId(db: Kysely<Database>, ref: ContactRef): Promise<string | undefined> {
  if (ref.kind === 'id') {
    const row = await db.selectFrom('contacts').select('id').where('id', '=', ref.id).executeTakeFirst();
    return row?.id;
  }
  const row = await db.selectFrom('identities').select('contact_id').where('channel', '=', ref.channel).where('address', '=', ref.address).executeTakeFirst();
  return row?.contact_id;
}

/** Resolves free text to a contact id; throws a readable error when it names no one. */
export async function resolveContact(db: Kysely<Database>, input: string): Promise<string> {
  const ref = parseContactRef(input);
  if (!ref) throw new ContactNotFound(`"${input.slice(0, 80)}" is not a contact id, a phone number or channel:address`);
  const id = await findContactId(db, ref);
  if (!id) throw new ContactNotFound('no contact matches that reference');
  return id;
}

/** No contact matches (or the reference is malformed): a 404 in the admin API, exit 1 in the CLI. */
export class ContactNotFound extends Error {
  readonly code = 'contact_not_found';
}
