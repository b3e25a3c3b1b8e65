/**
 * Issue #13: on the embedded database (no DATABASE_URL) every CLI command refused while `start`
 * ran, because PGlite serves one process. The running server now serves its database on an
 * owner-only Unix socket under DATA_DIR (recorded in server.json) and the CLI uses it: the real
 * command, as a child process, beside the real system on PGlite files in a scratch DATA_DIR. An
 * import (one transaction) runs while the server takes and answers messages, and both are right;
 * the server sees what the CLI wrote at once, and the CLI what the server stored. A server.json
 * whose process is gone is ignored.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { consoleDb } from '../../src/console/store/tables';
import { Browserless, PASSWORD } from '../console/helpers';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { testRedisUrl } from '../helpers/redis';

const root = resolve(__dirname, '../..');
let dataDir: string;
let system: TestSystem | undefined;
let prefix: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-beside-'));
  system = await startTestSystem('beside', { DATA_DIR: dataDir });
  prefix = system.runtime.queues.prefix;
});
afterAll(async () => {
  await system?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The real command, as an organizer runs it from another shell (no PORT; the test's Redis and queue prefix). */
function cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'silent', REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, NO_COLOR: '1' };
  return new Promise((done) => {
    const child = execFile(process.execPath, [join(root, 'bin/civic-engage.js'), ...args], { cwd: root, env }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

async function say(session: string, text: string): Promise<void> {
  const res = await fetch(`${system!.url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session, text }) });
  expect(res.status).toBe(202);
}

const db = () => system!.runtime.db.kysely;

/** The TCP ports this process listens on (Linux: its socket inodes in /proc/net/tcp and tcp6). */
function listeningTcpPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' /* LISTEN */ && inodes.has(cols[9])) ports.push(parseInt(cols[1].split(':').pop()!, 16));
    }
  }
  return ports;
}

it('records the database socket in server.json, owner-only, and nothing on TCP', () => {
  const record = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8'));
  expect(record).toEqual({ url: system!.url, database: join(resolve(dataDir), '.s.PGSQL.5432'), pid: process.pid });
  expect(statSync(record.database).isSocket()).toBe(true);
  expect(statSync(record.database).mode & 0o777).toBe(0o600);
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  if (existsSync('/proc/net/tcp')) expect(listeningTcpPorts()).toEqual([Number(new URL(system!.url!).port)]);
});

it('imports contacts in one transaction while the server takes and answers messages; both are right', async () => {
  const rows = 3000;
  const phones = Array.from({ length: rows }, (_, i) => `+1212200${String(i).padStart(4, '0')}`);
  const file = join(dataDir, 'people.csv');
  writeFileSync(file, `phone,language,consent_source,consent_date,tags\n${phones.map((p) => `${p},en,signup form,2026-05-01,beside`).join('\n')}\n`);

  const importing = cli(['contacts', 'import', file, '--attest', 'Olga']);
  let finished = false;
  void importing.then(() => (finished = true));
  // People write in the whole time the command runs (it starts, connects, imports), four at a time.
  const sessions: string[] = [];
  const person = async () => {
    while (!finished || sessions.length < 4) {
      const session = `beside-${randomBytes(6).toString('hex')}`;
      sessions.push(session);
      await say(session, 'hello');
    }
  };
  await Promise.all([person(), person(), person(), person()]);
  const run = await importing;
  expect(run.stderr).toBe('');
  expect(run.stdout).toBe(`people.csv: ${rows} rows imported: ${rows} new contacts, 0 updated, 0 unchanged; ${rows} opt-ins recorded.\n`);
  expect(run.code).toBe(0);

  // The server sees the import at once: every row, with its consent and tag.
  const imported = await sql<{ n: number }>`select count(*)::int as n from identities i join contact_tags t on t.contact_id = i.contact_id where t.tag = 'beside' and i.channel = 'sms'`.execute(db());
  expect(imported.rows[0].n).toBe(rows);
  const optIns = await sql<{ n: number }>`select count(*)::int as n from consent_events where action = 'opt_in' and source like '%signup form%'`.execute(db());
  expect(optIns.rows[0].n).toBe(rows);
  // And every message that came in meanwhile was stored once, processed and answered.
  await eventually(async () => {
    const r = await sql<{ session: string; in_n: number; pending: number; out_n: number }>`
      select i.address as session,
             count(*) filter (where m.direction = 'in')::int as in_n,
             count(*) filter (where m.direction = 'in' and m.status = 'received')::int as pending,
             count(*) filter (where m.direction = 'out')::int as out_n
        from identities i join messages m on m.identity_id = i.id
       where i.channel = 'web' and i.address like 'beside-%' group by i.address`.execute(db());
    const bySession = new Map(r.rows.map((x) => [x.session, x]));
    return sessions.every((s) => bySession.get(s)?.in_n === 1 && bySession.get(s)?.pending === 0 && bySession.get(s)!.out_n > 0);
  });
});

it('contact export reads what the server stored a moment ago', async () => {
  const session = `beside-${randomBytes(6).toString('hex')}`;
  await say(session, 'hello there');
  await eventually(async () => (await sql<{ n: number }>`select count(*)::int as n from messages m join identities i on i.id = m.identity_id where i.address = ${session} and m.direction = 'out'`.execute(db())).rows[0].n > 0);
  const run = await cli(['contact', 'export', `web:${session}`]);
  expect(run.code).toBe(0);
  const data = JSON.parse(run.stdout);
  expect(data.identities[0]).toMatchObject({ channel: 'web', address: session });
  expect(data.messages.map((m: { body: string | null }) => m.body)).toContain('hello there');
});

it('users add: the running server’s console signs the new account in at once', async () => {
  const run = await cli(['users', 'add', 'beside@example.org', '--role', 'organizer', '--name', 'Beside', '--password-stdin'], PASSWORD);
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain(`Added beside@example.org (Beside) as organizer. They sign in at ${system!.url}/console`);
  expect(await consoleDb(db()).selectFrom('console_users').select('role').where('email', '=', 'beside@example.org').executeTakeFirst()).toEqual({ role: 'organizer' });
  await new Browserless(system!.url!).signIn('beside@example.org');
});

it('campaign create: a command that starts a system of its own runs on the server’s database too', async () => {
  const file = join(dataDir, 'nudge.yaml');
  writeFileSync(file, 'id: beside-nudge\nname: Beside\naudience: { tags: [beside], channels: [sms] }\nmessage: campaign.register_nudge\n');
  const run = await cli(['campaign', 'create', file]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect((await sql<{ status: string }>`select status from campaigns where id = 'beside-nudge'`.execute(db())).rows).toEqual([{ status: 'draft' }]);
});

it('ignores a server.json whose process is gone: the command opens the database itself', async () => {
  const socket = join(resolve(dataDir), '.s.PGSQL.5432');
  await system!.close();
  system = undefined;
  expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  expect(existsSync(socket)).toBe(false);
  // A killed server's record: a process id nobody has any more, and its socket file left behind.
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;
  writeFileSync(join(dataDir, 'server.json'), `${JSON.stringify({ url: 'http://127.0.0.1:1', database: socket, pid: gone })}\n`, { mode: 0o600 });
  writeFileSync(socket, '');

  const run = await cli(['users', 'list', '--json']);
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout).map((u: { email: string }) => u.email)).toEqual(['beside@example.org']);
});
