/**
 * Console sessions in the database, as @fastify/session's store: get/set/destroy by session id.
 * Ids are stored as their SHA-256, so the table gives nobody a session; the user id has its own
 * column so that disabling an account or resetting its password ends its sessions in one statement.
 */
import { createHash } from 'node:crypto';
import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { consoleDb } from './tables';

const hashId = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/** A session store over the project's database (PostgreSQL or PGlite). `now` is the runtime's clock. */
export function databaseSessionStore(db: Kysely<Database>, now: () => Date, fallbackLifetimeMs: number): SessionStore {
  const sessions = consoleDb(db);
  return {
    set(sessionId, session, callback) {
      // The session's own fields and its cookie (expiry), as JSON; symbols (the store, the request) are left out.
      const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown> & { cookie?: { expires?: string | null; originalMaxAge?: number | null } };
      // The lifetime is counted on `now`, the clock get() compares with: @fastify/session works the
      // cookie's own expiry out on the process's real clock. A cookie with an expiry and no
      // lifetime keeps its expiry. Saved again (the session changed), it keeps the expiry it
      // began with: a session is not extended by being used.
      const lifetime = data.cookie?.originalMaxAge;
      const expires =
        typeof lifetime === 'number' ? new Date(now().getTime() + lifetime) : data.cookie?.expires ? new Date(data.cookie.expires) : new Date(now().getTime() + fallbackLifetimeMs);
      const userId = typeof data.userId === 'string' ? data.userId : null;
      sessions
        .insertInto('console_sessions')
        .values({ id: hashId(sessionId), user_id: userId, data: JSON.stringify(data), expires_at: expires, created_at: now() })
        .onConflict((oc) => oc.column('id').doUpdateSet({ user_id: userId, data: JSON.stringify(data) }))
        .execute()
        .then(() => callback(null), (err: Error) => callback(err));
    },
    get(sessionId, callback) {
      sessions
        .selectFrom('console_sessions')
        .select('data')
        .where('id', '=', hashId(sessionId))
        .where('expires_at', '>', now())
        .executeTakeFirst()
        // The stored JSON: @fastify/session rebuilds its Session (and the cookie's expiry) from it.
        .then((row) => callback(null, (row?.data as unknown as Session | undefined) ?? null), (err: Error) => callback(err));
    },
    destroy(sessionId, callback) {
      sessions
        .deleteFrom('console_sessions')
        .where('id', '=', hashId(sessionId))
        .execute()
        .then(() => callback(null), (err: Error) => callback(err));
    },
  };
}

/** Ends every session of an account (disabled, or its password reset). Returns how many ended. */
export async function endSessionsOf(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await consoleDb(db).deleteFrom('console_sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes expired sessions (they are already refused; this only frees the rows). */
export async function purgeExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await consoleDb(db).deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
