/** Console accounts in the database. Reads and writes only: the rules are in src/console/accounts/users.ts. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { consoleDb, type ConsoleUser, type Role } from './tables';

/** Every account, admins first, then by e-mail. */
export function listUsers(db: Kysely<Database>): Promise<ConsoleUser[]> {
  return consoleDb(db)
    .selectFrom('console_users')
    .selectAll()
    .orderBy(sql`CASE role WHEN 'admin' THEN 0 WHEN 'organizer' THEN 1 ELSE 2 END`)
    .orderBy('email')
    .execute();
}

/** The account with this (normalized) e-mail, enabled or not. */
export function findUserByEmail(db: Kysely<Database>, email: string): Promise<ConsoleUser | undefined> {
  return consoleDb(db).selectFrom('console_users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** The account with this id, enabled or not. */
export function findUserById(db: Kysely<Database>, id: string): Promise<ConsoleUser | undefined> {
  if (!/^\d{1,18}$/.test(id)) return Promise.resolve(undefined);
  return consoleDb(db).selectFrom('console_users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The account with this id if it may still sign in (not disabled). */
export function findActiveUser(db: Kysely<Database>, id: string): Promise<ConsoleUser | undefined> {
  if (!/^\d{1,18}$/.test(id)) return Promise.resolve(undefined);
  return consoleDb(db).selectFrom('console_users').selectAll().where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst();
}

/** How many accounts exist (0: the console has not been set up). */
export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await consoleDb(db).selectFrom('console_users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many enabled admins there are (the last one may not be disabled). */
export async function countActiveAdmins(db: Kysely<Database>): Promise<number> {
  const row = await consoleDb(db)
    .selectFrom('console_users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts an account; undefined when the e-mail is taken. */
export async function insertUser(
  db: Kysely<Database>,
  user: { email: string; displayName: string; role: Role; passwordHash: string; now: Date },
): Promise<ConsoleUser | undefined> {
  return consoleDb(db)
    .insertInto('console_users')
    .values({ email: user.email, display_name: user.displayName, role: user.role, password_hash: user.passwordHash, created_at: user.now, updated_at: user.now })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Changes some of an account's fields. */
export async function updateUser(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Pick<ConsoleUser, 'password_hash' | 'language' | 'disabled_at' | 'last_sign_in_at' | 'display_name' | 'role'>>,
  now: Date,
): Promise<void> {
  await consoleDb(db)
    .updateTable('console_users')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}
