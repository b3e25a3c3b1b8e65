/**
 * Finding contacts by what organizers know of them: a name, a number as anyone types it, a tag,
 * a language, a state, a channel, and where their consent stands. A number is read exactly as the
 * CLI and the admin API read one (src/privacy/find-contact.ts): normalised to E.164, then matched
 * exactly, never as a pattern. Consent states use the same rule as a campaign's audience
 * (eligibleIdentity, src/contacts/consent.ts), so "can receive campaigns" here means what it means
 * at launch.
 */
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { validateUsState } from '../engine/inputs/us-state';
import { findContactId, parseContactRef } from './find-contact';
import type { Database } from '../store/schema';
import { eligibleIdentity } from './consent';

/** Where one address's consent stands, most decisive first. */
export const CONSENT_STATES = ['can_receive', 'no_opt_in', 'opted_out', 'unreachable'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** What the list is narrowed by (every field optional; all given ones must hold). */
export interface ContactFilter {
  /** Part of the name, any case. */
  name?: string;
  /** A phone number as typed, a contact id, or channel:address. */
  number?: string;
  tag?: string;
  /** A language code; a contact with none counts as the default language (as campaigns do). */
  language?: string;
  /** A US state (code or name). */
  state?: string;
  /** Has an address on this channel (and the consent state, when given, is that address's). */
  channel?: string;
  consent?: ConsentState;
}

/** One contact in the list, with every address (in full: the page decides what to mask). */
export interface ContactListRow {
  id: string;
  name: string | null;
  language: string | null;
  state: string | null;
  createdAt: Date;
  tags: string[];
  identities: { id: string; channel: string; address: string; consent: ConsentState }[];
}

/** A page of the list, newest contacts first, and how many match in all. */
export interface ContactListPage {
  rows: ContactListRow[];
  total: number;
  hasMore: boolean;
  /** The number typed could not be read as a number, an id or channel:address. */
  badNumber: boolean;
}

/** SQL: the consent state of the identity aliased `i`. */
export function consentStateOf(): RawBuilder<ConsentState> {
  return sql<ConsentState>`(CASE WHEN i.opted_out THEN 'opted_out' WHEN i.unreachable_at IS NOT NULL THEN 'unreachable' WHEN ${eligibleIdentity()} THEN 'can_receive' ELSE 'no_opt_in' END)`;
}

/** The state of a filter as a US state code, or null when it names none. */
function stateCode(text: string): string | null {
  const checked = validateUsState(text);
  return checked.ok ? String(checked.value) : null;
}

/** Escapes a LIKE pattern's wildcards, so what is typed matches literally. */
function literal(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/**
 * A page of contacts matching `filter` (newest first). `page` counts from 1. A number that names
 * nobody, or a state that is no state, matches nobody rather than being ignored.
 */
export async function searchContacts(
  db: Kysely<Database>,
  filter: ContactFilter,
  opts: { page: number; pageSize: number; defaultLanguage: string },
): Promise<ContactListPage> {
  const parts: Expression<SqlBool>[] = [sql<SqlBool>`TRUE`];
  let badNumber = false;
  if (filter.number?.trim()) {
    const ref = parseContactRef(filter.number);
    const id = ref ? await findContactId(db, ref) : undefined;
    badNumber = !ref;
    parts.push(id ? sql<SqlBool>`c.id = ${id}` : sql<SqlBool>`FALSE`);
  }
  if (filter.name?.trim()) parts.push(sql<SqlBool>`(c.vars->>'name') ILIKE ${`%${literal(filter.name.trim())}%`}`);
  if (filter.tag) parts.push(sql<SqlBool>`EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = ${filter.tag})`);
  if (filter.language) parts.push(sql<SqlBool>`COALESCE(c.language, ${opts.defaultLanguage}) = ${filter.language}`);
  if (filter.state?.trim()) {
    const code = stateCode(filter.state.trim());
    parts.push(code ? sql<SqlBool>`(c.vars->>'state') = ${code}` : sql<SqlBool>`FALSE`);
  }
  if (filter.channel || filter.consent) {
    const onChannel = filter.channel ? sql<SqlBool>`i.channel = ${filter.channel}` : sql<SqlBool>`TRUE`;
    const inState = filter.consent ? sql<SqlBool>`${consentStateOf()} = ${filter.consent}` : sql<SqlBool>`TRUE`;
    parts.push(sql<SqlBool>`EXISTS (SELECT 1 FROM identities i WHERE i.contact_id = c.id AND ${onChannel} AND ${inState})`);
  }
  const where = sql<SqlBool>`${sql.join(parts, sql` AND `)}`;

  const total = Number((await db.selectFrom('contacts as c').select((eb) => eb.fn.countAll().as('n')).where(where).executeTakeFirst())?.n ?? 0);
  const contacts = await db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.language', 'c.vars', 'c.created_at'])
    .where(where)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .limit(opts.pageSize + 1)
    .offset((opts.page - 1) * opts.pageSize)
    .execute();
  const hasMore = contacts.length > opts.pageSize;
  const shown = contacts.slice(0, opts.pageSize);
  const ids = shown.map((c) => c.id);
  const identities = ids.length
    ? await db
        .selectFrom('identities as i')
        .select(['i.id', 'i.contact_id', 'i.channel', 'i.address', consentStateOf().as('consent')])
        .where('i.contact_id', 'in', ids)
        .orderBy('i.created_at')
        .orderBy('i.id')
        .execute()
    : [];
  const tags = ids.length ? await db.selectFrom('contact_tags').select(['contact_id', 'tag']).where('contact_id', 'in', ids).orderBy('tag').execute() : [];
  return {
    rows: shown.map((c) => {
      const vars = varsOf(c.vars);
      return {
        id: c.id,
        name: vars.name === undefined ? null : String(vars.name),
        language: c.language,
        state: vars.state === undefined ? null : String(vars.state),
        createdAt: new Date(c.created_at),
        tags: tags.filter((t) => t.contact_id === c.id).map((t) => t.tag),
        identities: identities.filter((i) => i.contact_id === c.id).map((i) => ({ id: i.id, channel: i.channel, address: i.address, consent: i.consent })),
      };
    }),
    total,
    hasMore,
    badNumber,
  };
}

/** Every tag in use, for the filter's choices. */
export async function tagsInUse(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('contact_tags').select('tag').distinct().orderBy('tag').execute()).map((r) => r.tag);
}

/** A contact's saved variables (a JSON column some drivers return as text). */
export function varsOf(vars: unknown): Record<string, string | number> {
  if (typeof vars === 'string') return JSON.parse(vars) as Record<string, string | number>;
  return (vars ?? {}) as Record<string, string | number>;
}
