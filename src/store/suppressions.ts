/**
 * The anonymous opt-out list. Forgetting a person erases every address we had for them but keeps
 * HMAC-SHA256(key, "channel:address") of each, so that if their number is imported again, or they
 * write again, they are treated as opted out: nothing is sent to them until they opt back in
 * themselves (START), which is a new consent. Part of consent, so of the core: accept() and
 * deliver() check it, src/privacy's `contact forget` adds to it, contact imports honour it.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { Database } from './schema';

/** The key the hashes are made with, and its fingerprint (stored with each hash). */
export interface SuppressionKey {
  secret: string;
  id: string;
}

/** What the suppression functions need: the database, the clock, and PRIVACY_SECRET. */
export interface PrivacyDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'PRIVACY_SECRET'>;
  now(): Date;
}

/** The `consent_events.source` of the opt-out recorded when a forgotten address comes back. */
export const SUPPRESSION_SOURCE = 'suppression-list';

const keys = new WeakMap<object, Promise<SuppressionKey>>();

function fingerprint(secret: string): string {
  return createHash('sha256').update(`civic-engage suppression key:${secret}`).digest('hex').slice(0, 12);
}

/**
 * The suppression key: PRIVACY_SECRET when set, else a random key generated once and kept in the
 * database (so the CLI and every process agree). Cached per database handle.
 */
export function suppressionKey(deps: Pick<PrivacyDeps, 'db' | 'config'>): Promise<SuppressionKey> {
  if (deps.config.PRIVACY_SECRET) return Promise.resolve({ secret: deps.config.PRIVACY_SECRET, id: fingerprint(deps.config.PRIVACY_SECRET) });
  let key = keys.get(deps.db);
  if (!key) {
    key = (async () => {
      const db = deps.db;
      await db
        .insertInto('privacy_keys')
        .values({ name: 'suppression', secret: randomBytes(32).toString('hex') })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await db.selectFrom('privacy_keys').select('secret').where('name', '=', 'suppression').executeTakeFirstOrThrow();
      return { secret: row.secret, id: fingerprint(row.secret) };
    })();
    key.catch(() => keys.delete(deps.db));
    keys.set(deps.db, key);
  }
  return key;
}

/** HMAC-SHA256(key, "channel:address") as hex. Addresses are compared as stored (sms: E.164). */
export function addressHash(key: SuppressionKey, channel: string, address: string): string {
  return createHmac('sha256', key.secret).update(`${channel}:${address}`).digest('hex');
}

/** The key's HMAC pads (RFC 2104: the key, hashed when longer than a block, padded and xored). */
export interface HmacPads {
  inner: Buffer;
  outer: Buffer;
}

const pads = new Map<string, HmacPads>();

/** addressHash's key as the two pads its SQL form (addressHashSql) needs; computed once per key. */
export function hmacPads(key: SuppressionKey): HmacPads {
  let p = pads.get(key.secret);
  if (!p) {
    const BLOCK = 64;
    let k = Buffer.from(key.secret, 'utf8');
    if (k.length > BLOCK) k = createHash('sha256').update(k).digest();
    const padded = Buffer.concat([k, Buffer.alloc(BLOCK - k.length)]);
    p = { inner: Buffer.from(padded.map((b) => b ^ 0x36)), outer: Buffer.from(padded.map((b) => b ^ 0x5c)) };
    if (pads.size > 10) pads.clear();
    pads.set(key.secret, p);
  }
  return p;
}

/**
 * addressHash computed by the database (its built-in sha256, as HMAC is built from it), so a read
 * can look an identity's address up on the list in the same statement, as SQL text over four SQL
 * expressions: the pads' parameters (`$10`) and the channel's and address's columns. The send
 * path's statement is fixed text (src/store/deliveries.ts), hence text here.
 * test/store/deliveries.test.ts holds it equal to addressHash.
 */
export function addressHashSqlText(inner: string, outer: string, channel: string, address: string): string {
  return `encode(sha256(${outer}::bytea || sha256(${inner}::bytea || convert_to(${channel} || ':' || ${address}, 'UTF8'))), 'hex')`;
}

/** Adds addresses to the list (again: the date moves, so an earlier opt-in no longer counts). */
export async function suppress(deps: PrivacyDeps, addresses: { channel: string; address: string }[], knownKey?: SuppressionKey): Promise<void> {
  if (!addresses.length) return;
  const key = knownKey ?? (await suppressionKey(deps));
  const at = deps.now();
  const rows = addresses.map((a) => ({ hash: addressHash(key, a.channel, a.address), channel: a.channel, key_id: key.id, created_at: at }));
  await deps.db
    .insertInto('suppressions')
    .values(rows)
    .onConflict((oc) => oc.column('hash').doUpdateSet({ created_at: at, key_id: key.id }))
    .execute();
}

/** Whether this channel address is on the list (whatever happened since). */
export async function onSuppressionList(deps: Pick<PrivacyDeps, 'db' | 'config'>, channel: string, address: string): Promise<Date | null> {
  const key = await suppressionKey(deps);
  const row = await deps.db.selectFrom('suppressions').select('created_at').where('hash', '=', addressHash(key, channel, address)).executeTakeFirst();
  return row ? new Date(row.created_at) : null;
}

/**
 * Whether the person opted back in (their own START) on this identity after `since`, the moment its
 * address went on the list: only then may anything be sent to it again. deliver() asks this for an
 * address it finds on the list (src/runtime/send-batches.ts looks addresses up in batches).
 */
export async function optedInSince(db: Kysely<Database>, identityId: string, since: Date): Promise<boolean> {
  const optIn = await db
    .selectFrom('consent_events')
    .select('id')
    .where('identity_id', '=', identityId)
    .where('action', '=', 'opt_in')
    .where('created_at', '>', since)
    .executeTakeFirst();
  return !!optIn;
}
