/**
 * One-time tokens (the first admin's sign-in link): random, stored as their SHA-256, valid for a
 * while, and taken by a single DELETE ... RETURNING so two requests cannot both use one.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { consoleDb } from './tables';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new token for `purpose`, valid for `ttlMs`; earlier tokens for the same purpose stop working. */
export async function issueToken(db: Kysely<Database>, purpose: string, now: Date, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await consoleDb(db)
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom('console_tokens').where('purpose', '=', purpose).execute();
      await trx
        .insertInto('console_tokens').values({ hash: hashToken(token), purpose, expires_at: new Date(now.getTime() + ttlMs), created_at: now }).execute();
    });
  return token;
}

/** Whether a token is valid now, without using it (to show the form it opens). */
export async function tokenIsValid(db: Kysely<Database>, purpose: string, token: string, now: Date): Promise<boolean> {
  if (!token) return false;
  const row = await consoleDb(db)
    .selectFrom('console_tokens')
    .select('hash')
    .where('hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return !!row;
}

/** Uses a token: true once (and deletes it), false for an unknown, expired or already used one. */
export async function consumeToken(db: Kysely<Database>, purpose: string, token: string, now: Date): Promise<boolean> {
  if (!token) return false;
  const row = await consoleDb(db)
    .deleteFrom('console_tokens')
    .where('hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .returning('hash')
    .executeTakeFirst();
  return !!row;
}
