/**
 * The key that signs the console's cookies: generated once and kept in the database with the
 * project's other generated secrets (privacy_keys), so every web process and every restart agree
 * and sessions survive a restart.
 */
import { randomBytes } from 'node:crypto';
import type { ColumnType, Kysely } from 'kysely';
import type { Database } from '../store/schema';

/** The one table used here (migration 0003), typed locally so the console depends on no other feature. */
type KeysTable = { privacy_keys: { name: string; secret: string; created_at: ColumnType<Date, Date | string | undefined, Date | string> } };

const NAME = 'console-cookies';

/** The cookie-signing secret (64 hex characters). */
export async function cookieSecret(db: Kysely<Database>): Promise<string> {
  const keys = db.withTables<KeysTable>();
  await keys
    .insertInto('privacy_keys')
    .values({ name: NAME, secret: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await keys.selectFrom('privacy_keys').select('secret').where('name', '=', NAME).executeTakeFirstOrThrow();
  return row.secret;
}
