/**
 * `civic-engage users add|list|disable|enable|reset-password`: console accounts from the command
 * line. They call the same account rules as the console's users page (src/console/accounts) and
 * are recorded in the audit log as "command line (<system user>)".
 */
import 'dotenv/config';
import { adminBase, openCliDb } from './context';
import { CliError } from './errors';
import type { Config } from '../config';
import type { Db } from '../store/db';
import { cliActor } from '../console/audit';
import { normalizeEmail } from '../console/accounts/email';
import { MIN_PASSWORD_LENGTH } from '../console/accounts/passwords';
import { addUser, disableUser, enableUser, resetPassword, type AccountDeps, type FieldError } from '../console/accounts/users';
export { newPassword } from './password-prompt';
import { ROLES } from '../console/store/tables';
import { findUserByEmail, listUsers } from '../console/store/users';

/** Where a command writes, and its clock (a buffer and a fixed time in tests). */
export interface UsersIo {
  config: Config;
  out(text: string): void;
  now?(): Date;
}

/** Why a change was refused, in the command line's words. */
const REASONS: Record<string, string> = {
  email_missing: 'an e-mail address is needed',
  email_invalid: 'that is not an e-mail address',
  email_taken: 'an account with this e-mail address already exists',
  name_too_long: 'the name can have at most 100 characters',
  role_invalid: `the role must be one of: ${ROLES.join(', ')}`,
  password_too_short: `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
  password_too_long: 'the password is too long',
  password_too_simple: 'the password is too easy to guess: use a few words you will remember',
  password_mismatch: 'the two passwords are not the same',
};

function refused(errors: FieldError[]): never {
  throw new CliError(`Nothing was changed: ${errors.map((e) => REASONS[e.code] ?? e.code).join('; ')}.`);
}

async function withDb<T>(io: UsersIo, fn: (db: Db, deps: AccountDeps) => Promise<T>): Promise<T> {
  const hint = `${adminBase(io.config).replace(/\/api\/admin$/, '/console/users')} in a browser: the console's Users page (or the first-admin link printed at start)`;
  const db = await openCliDb(io.config, hint);
  try {
    return await fn(db, { db: db.kysely, now: io.now ?? (() => new Date()) });
  } finally {
    await db.close();
  }
}

async function userByEmail(db: Db, email: string) {
  const user = await findUserByEmail(db.kysely, normalizeEmail(email));
  if (!user) throw new CliError(`No account has the e-mail address ${email}. See them all with: civic-engage users list`);
  return user;
}

/** `users add`. */
export async function usersAdd(io: UsersIo, email: string, opts: { role: string; name?: string; password: string }): Promise<void> {
  await withDb(io, async (db, deps) => {
    const result = await addUser(deps, cliActor(), { email, displayName: opts.name, role: opts.role, password: opts.password });
    if (!result.ok) refused(result.errors);
    const url = io.config.PUBLIC_URL ?? adminBase(io.config).replace(/\/api\/admin$/, '');
    io.out(`Added ${result.user.email} (${result.user.display_name}) as ${result.user.role}. They sign in at ${url}/console\n`);
  });
}

/** `users list`. */
export async function usersList(io: UsersIo, opts: { json?: boolean }): Promise<void> {
  await withDb(io, async (db) => {
    const users = await listUsers(db.kysely);
    if (opts.json) {
      io.out(`${JSON.stringify(users.map(({ password_hash: _, ...u }) => u), null, 2)}\n`);
      return;
    }
    if (!users.length) {
      io.out('No console accounts yet. Add the first admin with: civic-engage users add you@example.org --role admin\n');
      return;
    }
    const rows = users.map((u) => [u.email, u.display_name, u.role, u.disabled_at ? 'disabled' : 'active', u.last_sign_in_at ? u.last_sign_in_at.toISOString().slice(0, 16).replace('T', ' ') + 'Z' : 'never']);
    const header = ['email', 'name', 'role', 'status', 'last sign-in'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    io.out(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  });
}

/** `users disable` and `users enable`. */
export async function usersSetStatus(io: UsersIo, email: string, action: 'disable' | 'enable'): Promise<void> {
  await withDb(io, async (db, deps) => {
    const user = await userByEmail(db, email);
    const result = await (action === 'disable' ? disableUser : enableUser)(deps, cliActor(), user.id);
    if (result.ok) io.out(action === 'disable' ? `Disabled ${user.email}; their sessions have ended.\n` : `Enabled ${user.email}: they can sign in again.\n`);
    else if (result.reason === 'unchanged') io.out(`${user.email} is already ${action}d.\n`);
    else if (result.reason === 'last_admin') throw new CliError(`${user.email} is the last active admin: add another admin first.`);
    else throw new CliError(`Could not ${action} ${user.email} (${result.reason}).`);
  });
}

/** `users reset-password`. */
export async function usersResetPassword(io: UsersIo, email: string, password: string): Promise<void> {
  await withDb(io, async (db, deps) => {
    const user = await userByEmail(db, email);
    const result = await resetPassword(deps, cliActor(), user.id, password);
    if (!result.ok) refused('errors' in result ? result.errors : []);
    io.out(`New password set for ${user.email}; their sessions have ended.\n`);
  });
}
