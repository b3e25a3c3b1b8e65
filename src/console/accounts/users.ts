/**
 * What can be done to console accounts, with its rules and its audit entry, in one place: the
 * console's pages and the `users` commands call these, never the store directly. Each change and
 * its audit entry are written in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { actorOf, recordAudit, type AuditActor } from '../audit';
import { endSessionsOf } from '../store/sessions';
import { consumeToken } from '../store/tokens';
import { ROLES, type ConsoleUser, type Role } from '../store/tables';
import { countActiveAdmins, countUsers, findUserById, insertUser, updateUser } from '../store/users';
import { isEmail, normalizeEmail } from './email';
import { hashPassword, passwordWeakness } from './passwords';

/** What account changes need: the database and the clock. */
export interface AccountDeps {
  db: Kysely<Database>;
  now(): Date;
}

/** A refused field and why (a key under console.errors, so pages can say it in any language). */
export interface FieldError {
  field: 'email' | 'display_name' | 'role' | 'password' | 'password_confirm' | 'language';
  code: string;
}

/** What a change answers: done (with the account), or refused with the reasons. */
export type AccountResult = { ok: true; user: ConsoleUser } | { ok: false; errors: FieldError[] };

/** A new account, as typed in a form or on the command line. */
export interface NewAccount {
  email: string;
  displayName?: string;
  role: string;
  password: string;
  /** The password typed a second time, where a form asks for it. */
  passwordConfirm?: string;
}

/** The purpose of the first admin's one-time link (src/console/first-admin.ts). */
export const FIRST_ADMIN_TOKEN = 'first_admin';
const NAME_MAX = 100;

/** Whether a string is one of the roles. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function checkNew(input: NewAccount): FieldError[] {
  const errors: FieldError[] = [];
  const email = normalizeEmail(input.email);
  if (!email) errors.push({ field: 'email', code: 'email_missing' });
  else if (!isEmail(email)) errors.push({ field: 'email', code: 'email_invalid' });
  if ((input.displayName ?? '').trim().length > NAME_MAX) errors.push({ field: 'display_name', code: 'name_too_long' });
  if (!isRole(input.role)) errors.push({ field: 'role', code: 'role_invalid' });
  errors.push(...checkPassword(input.password, input.passwordConfirm, email));
  return errors;
}

function checkPassword(password: string, confirm: string | undefined, email?: string): FieldError[] {
  const weakness = passwordWeakness(password, email);
  if (weakness) return [{ field: 'password', code: `password_${weakness}` }];
  if (confirm !== undefined && confirm !== password) return [{ field: 'password_confirm', code: 'password_mismatch' }];
  return [];
}

/** A name to show when none was given: the part of the address before the @. */
function defaultName(email: string): string {
  return email.slice(0, email.indexOf('@')) || email;
}

async function create(db: Kysely<Database>, input: NewAccount, now: Date): Promise<AccountResult> {
  const email = normalizeEmail(input.email);
  const user = await insertUser(db, {
    email,
    displayName: (input.displayName ?? '').trim() || defaultName(email),
    role: input.role as Role,
    passwordHash: await hashPassword(input.password),
    now,
  });
  return user ? { ok: true, user } : { ok: false, errors: [{ field: 'email', code: 'email_taken' }] };
}

/** Adds an account. */
export async function addUser(deps: AccountDeps, actor: AuditActor, input: NewAccount): Promise<AccountResult> {
  const errors = checkNew(input);
  if (errors.length) return { ok: false, errors };
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const result = await create(trx, input, deps.now());
      if (result.ok) {
        await recordAudit(trx, { actor, action: 'user_added', target: userTarget(result.user), detail: { role: result.user.role }, at: deps.now() });
      }
      return result;
    });
}

/**
 * Creates the first admin with the one-time link's token: refused when the token is unknown,
 * expired or used, or when an account already exists. The token is used up only on success.
 */
export async function addFirstAdmin(deps: AccountDeps, token: string, input: Omit<NewAccount, 'role'>, ip?: string): Promise<AccountResult | { ok: false; refused: true }> {
  const full: NewAccount = { ...input, role: 'admin' };
  const errors = checkNew(full);
  if (errors.length) return { ok: false, errors };
  try {
    return await deps.db
      .transaction()
      .execute(async (trx) => {
        const now = deps.now();
        if (!(await consumeToken(trx, FIRST_ADMIN_TOKEN, token, now)) || (await countUsers(trx)) > 0) throw new Refused();
        const result = await create(trx, full, now);
        if (result.ok) {
          await recordAudit(trx, { actor: actorOf(result.user), action: 'user_added', target: userTarget(result.user), detail: { role: 'admin', via: 'first_admin_link' }, ip, at: now });
        }
        return result;
      });
  } catch (err) {
    if (err instanceof Refused) return { ok: false, refused: true };
    throw err;
  }
}

class Refused extends Error {}

/** Why an account could not be disabled or enabled. */
export type StatusRefusal = 'not_found' | 'self' | 'last_admin' | 'unchanged';

/**
 * Disables an account and ends its sessions at once. An admin may not disable their own account,
 * nor the last enabled admin (nobody could manage accounts any more).
 */
export async function disableUser(deps: AccountDeps, actor: AuditActor, userId: string): Promise<{ ok: true; user: ConsoleUser } | { ok: false; reason: StatusRefusal }> {
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const user = await findUserById(trx, userId);
      if (!user) return { ok: false as const, reason: 'not_found' as const };
      if (user.disabled_at) return { ok: false as const, reason: 'unchanged' as const };
      if (actor.userId === user.id) return { ok: false as const, reason: 'self' as const };
      if (user.role === 'admin' && (await countActiveAdmins(trx)) <= 1) return { ok: false as const, reason: 'last_admin' as const };
      const now = deps.now();
      await updateUser(trx, user.id, { disabled_at: now }, now);
      const ended = await endSessionsOf(trx, user.id);
      await recordAudit(trx, { actor, action: 'user_disabled', target: userTarget(user), detail: { sessions_ended: ended }, at: now });
      return { ok: true as const, user: { ...user, disabled_at: now } };
    });
}

/** Enables a disabled account again (it signs in with the password it had). */
export async function enableUser(deps: AccountDeps, actor: AuditActor, userId: string): Promise<{ ok: true; user: ConsoleUser } | { ok: false; reason: StatusRefusal }> {
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const user = await findUserById(trx, userId);
      if (!user) return { ok: false as const, reason: 'not_found' as const };
      if (!user.disabled_at) return { ok: false as const, reason: 'unchanged' as const };
      const now = deps.now();
      await updateUser(trx, user.id, { disabled_at: null }, now);
      await recordAudit(trx, { actor, action: 'user_enabled', target: userTarget(user), at: now });
      return { ok: true as const, user: { ...user, disabled_at: null } };
    });
}

/** Sets a new password and ends the account's sessions (whoever had it signed in must sign in again). */
export async function resetPassword(deps: AccountDeps, actor: AuditActor, userId: string, password: string, confirm?: string): Promise<AccountResult | { ok: false; reason: 'not_found' }> {
  const user = await findUserById(deps.db, userId);
  if (!user) return { ok: false, reason: 'not_found' };
  const errors = checkPassword(password, confirm, user.email);
  if (errors.length) return { ok: false, errors };
  const hash = await hashPassword(password);
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const now = deps.now();
      await updateUser(trx, user.id, { password_hash: hash }, now);
      const ended = await endSessionsOf(trx, user.id);
      await recordAudit(trx, { actor, action: 'password_reset', target: userTarget(user), detail: { sessions_ended: ended }, at: now });
      return { ok: true as const, user: { ...user, password_hash: hash } };
    });
}

/** Sets an account's console language (null: follow the browser). */
export async function setLanguage(deps: AccountDeps, user: ConsoleUser, language: string | null): Promise<void> {
  await deps.db
    .transaction()
    .execute(async (trx) => {
      const now = deps.now();
      await updateUser(trx, user.id, { language }, now);
      await recordAudit(trx, { actor: actorOf(user), action: 'preferences_changed', target: userTarget(user), detail: { language: language ?? 'browser' }, at: now });
    });
}

/** How an account appears as the target of an audit entry. */
export function userTarget(user: Pick<ConsoleUser, 'id' | 'email'>) {
  return { type: 'user', id: user.id, label: user.email };
}
