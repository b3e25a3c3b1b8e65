/**
 * `civic-engage users ...` as an operator uses it: add (password from stdin), list, disable,
 * enable, reset-password; weak passwords and unknown accounts refused with a reason and exit
 * code 1; every change in the audit log as "command line (<user>)".
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { usersAdd, usersList, usersResetPassword, usersSetStatus } from '../../src/cli/users';
import { verifyPassword } from '../../src/console/accounts/passwords';
import { consoleDb } from '../../src/console/store/tables';
import { loadConfig } from '../../src/config';
import { openDb } from '../../src/store/db';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';


const PASSWORD = 'correct horse battery staple';
const BIN = path.join(__dirname, '..', '..', 'bin', 'civic-engage.js');
let pg: FreshDatabase;

beforeAll(async () => {
  pg = await freshDatabase();
});
afterAll(async () => pg?.drop());

/** Runs the real command with `input` on stdin; resolves with its exit code and output. */
function run(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: pg.url, LOG_LEVEL: 'silent' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function users() {
  const db = await openDb({ databaseUrl: pg.url, dataDir: ':memory:' });
  try {
    return await consoleDb(db.kysely).selectFrom('console_users').selectAll().orderBy('id').execute();
  } finally {
    await db.close();
  }
}

it('adds an account with the password from stdin, and refuses a weak one', async () => {
  const added = await run(['users', 'add', 'Ana@Example.org', '--role', 'admin', '--name', 'Ana', '--password-stdin'], `${PASSWORD}\n`);
  expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('Added ana@example.org (Ana) as admin. They sign in at http://127.0.0.1:3000/console') });
  const [ana] = await users();
  expect(await verifyPassword(PASSWORD, ana.password_hash)).toBe(true);

  const weak = await run(['users', 'add', 'bo@example.org', '--role', 'agent', '--password-stdin'], 'short\n');
  expect(weak.code).toBe(1);
  expect(weak.stderr).toContain('Nothing was changed: the password must have at least 12 characters.');
  const noTerminal = await run(['users', 'add', 'bo@example.org', '--role', 'agent'], '');
  expect(noTerminal.code).toBe(1);
  expect(noTerminal.stderr).toContain('No terminal to ask for the password on: pipe it in with --password-stdin.');
  expect((await users()).map((u) => u.email)).toEqual(['ana@example.org']);
});

it('lists, disables, enables and resets, refusing the last admin and unknown accounts', async () => {
  let out = '';
  const io = { config: loadConfig({ DATABASE_URL: pg.url }), out: (t: string) => void (out += t) };
  await usersAdd(io, 'agent@example.org', { role: 'agent', password: PASSWORD });
  await expect(usersAdd(io, 'x@example.org', { role: 'boss', password: PASSWORD })).rejects.toThrow('the role must be one of: admin, organizer, agent');
  await expect(usersAdd(io, 'agent@example.org', { role: 'agent', password: PASSWORD })).rejects.toThrow('an account with this e-mail address already exists');

  out = '';
  await usersList(io, {});
  const lines = out.trim().split('\n');
  expect(lines[0]).toMatch(/^email\s+name\s+role\s+status\s+last sign-in$/);
  expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
    ['ana@example.org', 'Ana', 'admin', 'active', 'never'],
    ['agent@example.org', 'agent', 'agent', 'active', 'never'],
  ]);
  out = '';
  await usersList(io, { json: true });
  expect(out).not.toContain('password_hash');
  expect(out).not.toContain('scrypt$');

  await expect(usersSetStatus(io, 'ana@example.org', 'disable')).rejects.toThrow('ana@example.org is the last active admin: add another admin first.');
  await expect(usersSetStatus(io, 'nobody@example.org', 'disable')).rejects.toThrow('No account has the e-mail address nobody@example.org.');
  out = '';
  await usersSetStatus(io, 'AGENT@example.org', 'disable');
  await usersSetStatus(io, 'agent@example.org', 'disable');
  await usersSetStatus(io, 'agent@example.org', 'enable');
  expect(out).toBe('Disabled agent@example.org; their sessions have ended.\nagent@example.org is already disabled.\nEnabled agent@example.org: they can sign in again.\n');

  await expect(usersResetPassword(io, 'agent@example.org', 'short')).rejects.toThrow('at least 12 characters');
  await usersResetPassword(io, 'agent@example.org', `${PASSWORD}!`);
  const agent = (await users()).find((u) => u.email === 'agent@example.org')!;
  expect(await verifyPassword(`${PASSWORD}!`, agent.password_hash)).toBe(true);

  const db = await openDb({ databaseUrl: pg.url, dataDir: ':memory:' });
  try {
    const log = await consoleDb(db.kysely).selectFrom('console_audit_log').selectAll().orderBy('id').execute();
    expect(log.map((r) => r.action)).toEqual(['user_added', 'user_added', 'user_disabled', 'user_enabled', 'password_reset']);
    expect(log.every((r) => /^command line \(.+\)$/.test(r.actor_label) && r.actor_id === null)).toBe(true);
    expect(JSON.stringify(log)).not.toContain(PASSWORD);
  } finally {
    await db.close();
  }
});
