/**
 * The console's account rules and stores, on PostgreSQL and on the embedded PGlite: passwords,
 * adding, disabling and enabling accounts, one-time tokens, the session store, and the audit
 * entries each change leaves (never with a password).
 */
import { addUser, disableUser, enableUser, resetPassword, setLanguage, type AccountDeps } from '../../src/console/accounts/users';
import { decoyHash, hashPassword, passwordWeakness, verifyPassword } from '../../src/console/accounts/passwords';
import { isEmail, maskEmail, normalizeEmail } from '../../src/console/accounts/email';
import { actorOf, cleanDetail, cliActor, recordAudit } from '../../src/console/audit';
import { auditPage, auditRows } from '../../src/console/store/audit-log';
import { databaseSessionStore, endSessionsOf, purgeExpiredSessions } from '../../src/console/store/sessions';
import { consoleDb } from '../../src/console/store/tables';
import { consumeToken, issueToken, tokenIsValid } from '../../src/console/store/tokens';
import { openDb, type Db } from '../../src/store/db';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';


const PASSWORD = 'correct horse battery staple';

describe('passwords', () => {
  it('are scrypt hashes with their salt and parameters, checked in constant time', async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{86}$/);
    expect(hash).not.toContain(PASSWORD);
    expect(await hashPassword(PASSWORD)).not.toBe(hash); // a new salt each time
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword(`${PASSWORD} `, hash)).toBe(false);
    expect(await verifyPassword(PASSWORD, await decoyHash())).toBe(false);
    // Stored parameters are honoured: a hash made with other costs still verifies.
    const [, , , , salt] = hash.split('$');
    const cheaper = `scrypt$1024$8$1$${salt}$${(await import('node:crypto')).scryptSync(PASSWORD, Buffer.from(salt, 'base64url'), 64, { N: 1024, r: 8, p: 1 }).toString('base64url')}`;
    expect(await verifyPassword(PASSWORD, cheaper)).toBe(true);
    for (const broken of ['', 'scrypt$x$8$1$a$b', 'bcrypt$2b$10$abc', 'scrypt$1024$8$1$$']) expect(await verifyPassword(PASSWORD, broken)).toBe(false);
  });

  it('are refused when short, very long or trivial', () => {
    expect(passwordWeakness('eleven char')).toBe('too_short');
    expect(passwordWeakness('twelve chars')).toBeNull();
    // Characters, not bytes: twelve Arabic letters are enough, eleven are not.
    expect(passwordWeakness('كلمةسرطويلةا')).toBeNull();
    expect(passwordWeakness('كلمةسرطويلة')).toBe('too_short');
    expect(passwordWeakness('x'.repeat(257))).toBe('too_long');
    expect(passwordWeakness('aaaaaaaaaaaaaaaa')).toBe('too_simple');
    expect(passwordWeakness('abababababababab')).toBe('too_simple');
    expect(passwordWeakness('Ana@Example.org', 'ana@example.org')).toBe('too_simple');
  });
});

describe('e-mail addresses', () => {
  it('are stored lower-case, checked loosely, and masked in logs', () => {
    expect(normalizeEmail('  Ana@Example.ORG ')).toBe('ana@example.org');
    expect(isEmail('ana@example.org')).toBe(true);
    expect(isEmail('ana@example')).toBe(false);
    expect(isEmail('ana example@x.org')).toBe(false);
    expect(maskEmail('ana@example.org')).toBe('a***@example.org');
    expect(maskEmail('no-at-sign')).toBe('***');
  });
});

describe('audit details', () => {
  it('drop anything that could be a secret or someone’s words, and cut long strings', () => {
    expect(cleanDetail({ role: 'agent', password: 'x', new_password: 'y', token: 't', body: 'hi', message_text: 'm', comment: 'c', count: 3 })).toEqual({ role: 'agent', count: 3 });
    expect(cleanDetail({ note: 'é'.repeat(300) })!.note).toHaveLength(200);
    expect(cleanDetail({ password: 'x' })).toBeNull();
    expect(cliActor()).toEqual({ userId: null, label: expect.stringMatching(/^command line \(.+\)$/) });
  });
});

for (const kind of ['postgres', 'pglite'] as const) {
  describe(`accounts on ${kind}`, () => {
    let pg: FreshDatabase | undefined;
    let db: Db;
    let deps: AccountDeps;
    let clock = new Date('2030-03-01T12:00:00Z');

    beforeAll(async () => {
      if (kind === 'postgres') pg = await freshDatabase();
      db = await openDb({ databaseUrl: pg?.url, dataDir: ':memory:' });
      deps = { db: db.kysely, now: () => clock };
    });
    afterAll(async () => {
      await db?.close();
      await pg?.drop();
    });
    const audit = () => consoleDb(db.kysely).selectFrom('console_audit_log').selectAll().orderBy('id').execute();

    it('adds accounts, refusing bad input and a taken address', async () => {
      const bad = await addUser(deps, cliActor(), { email: 'nope', role: 'boss', password: 'short', passwordConfirm: 'other' });
      expect(bad).toEqual({ ok: false, errors: [{ field: 'email', code: 'email_invalid' }, { field: 'role', code: 'role_invalid' }, { field: 'password', code: 'password_too_short' }] });
      const mismatch = await addUser(deps, cliActor(), { email: 'a@example.org', role: 'admin', password: PASSWORD, passwordConfirm: `${PASSWORD}.` });
      expect(mismatch).toEqual({ ok: false, errors: [{ field: 'password_confirm', code: 'password_mismatch' }] });

      const ada = await addUser(deps, cliActor(), { email: ' Ada@Example.org', role: 'admin', password: PASSWORD });
      expect(ada.ok && ada.user).toMatchObject({ email: 'ada@example.org', display_name: 'ada', role: 'admin', disabled_at: null });
      const again = await addUser(deps, cliActor(), { email: 'ADA@example.org', role: 'agent', password: PASSWORD });
      expect(again).toEqual({ ok: false, errors: [{ field: 'email', code: 'email_taken' }] });
      const rows = await audit();
      expect(rows.map((r) => [r.action, r.actor_label.startsWith('command line'), r.target_label, r.detail])).toEqual([['user_added', true, 'ada@example.org', { role: 'admin' }]]);
    });

    it('disables (ending sessions) and enables, but never the last admin or oneself', async () => {
      const admin = (await consoleDb(db.kysely).selectFrom('console_users').selectAll().where('email', '=', 'ada@example.org').executeTakeFirstOrThrow());
      const agentResult = await addUser(deps, actorOf(admin), { email: 'agent@example.org', displayName: 'Agent Smith', role: 'agent', password: PASSWORD });
      if (!agentResult.ok) throw new Error('not added');
      const agent = agentResult.user;
      const store = databaseSessionStore(db.kysely, deps.now, 3_600_000);
      const save = (id: string, data: object) => new Promise<void>((resolve, reject) => store.set(id, data as never, (err) => (err ? reject(err) : resolve())));
      const load = (id: string) => new Promise<unknown>((resolve, reject) => store.get(id, (err, value) => (err ? reject(err) : resolve(value))));
      await save('session-one', { userId: agent.id, cookie: { expires: new Date(clock.getTime() + 3_600_000).toISOString() } });
      await save('session-two', { userId: agent.id, cookie: { expires: new Date(clock.getTime() + 3_600_000).toISOString() } });
      expect(await load('session-one')).toMatchObject({ userId: agent.id });

      expect(await disableUser(deps, actorOf(admin), admin.id)).toEqual({ ok: false, reason: 'self' });
      expect(await disableUser(deps, cliActor(), admin.id)).toEqual({ ok: false, reason: 'last_admin' });
      expect(await disableUser(deps, actorOf(admin), '999999')).toEqual({ ok: false, reason: 'not_found' });
      const disabled = await disableUser(deps, actorOf(admin), agent.id);
      expect(disabled.ok).toBe(true);
      expect(await load('session-one')).toBeNull();
      expect(await load('session-two')).toBeNull();
      expect(await disableUser(deps, actorOf(admin), agent.id)).toEqual({ ok: false, reason: 'unchanged' });
      expect((await enableUser(deps, actorOf(admin), agent.id)).ok).toBe(true);

      const last = (await audit()).slice(-3);
      expect(last.map((r) => [r.action, r.actor_label, r.target_label, r.detail])).toEqual([
        ['user_added', 'ada@example.org', 'agent@example.org', { role: 'agent' }],
        ['user_disabled', 'ada@example.org', 'agent@example.org', { sessions_ended: 2 }],
        ['user_enabled', 'ada@example.org', 'agent@example.org', null],
      ]);
    });

    it('resets a password, ending the account’s sessions, and keeps preferences', async () => {
      const agent = await consoleDb(db.kysely).selectFrom('console_users').selectAll().where('email', '=', 'agent@example.org').executeTakeFirstOrThrow();
      const store = databaseSessionStore(db.kysely, deps.now, 3_600_000);
      await new Promise<void>((resolve) => store.set('s3', { userId: agent.id, cookie: {} } as never, () => resolve()));
      expect(await resetPassword(deps, cliActor(), agent.id, 'tiny')).toEqual({ ok: false, errors: [{ field: 'password', code: 'password_too_short' }] });
      const reset = await resetPassword(deps, cliActor(), agent.id, `new ${PASSWORD}`);
      expect(reset.ok).toBe(true);
      const after = await consoleDb(db.kysely).selectFrom('console_users').selectAll().where('id', '=', agent.id).executeTakeFirstOrThrow();
      expect(await verifyPassword(`new ${PASSWORD}`, after.password_hash)).toBe(true);
      expect(await endSessionsOf(db.kysely, agent.id)).toBe(0);
      await setLanguage(deps, after, 'ar');
      expect((await consoleDb(db.kysely).selectFrom('console_users').select('language').where('id', '=', agent.id).executeTakeFirstOrThrow()).language).toBe('ar');
      expect(JSON.stringify(await audit())).not.toContain(PASSWORD);
    });

    it('expires sessions by their cookie, and purges them', async () => {
      const store = databaseSessionStore(db.kysely, deps.now, 3_600_000);
      await new Promise<void>((resolve) => store.set('short', { cookie: { expires: new Date(clock.getTime() + 1000).toISOString() } } as never, () => resolve()));
      const load = () => new Promise<unknown>((resolve) => store.get('short', (_err, value) => resolve(value)));
      expect(await load()).not.toBeNull();
      clock = new Date(clock.getTime() + 2000);
      expect(await load()).toBeNull();
      expect(await purgeExpiredSessions(db.kysely, clock)).toBeGreaterThanOrEqual(1);
      // Ids are stored hashed.
      const ids = (await consoleDb(db.kysely).selectFrom('console_sessions').select('id').execute()).map((r) => r.id);
      expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
    });

    it('counts a session’s lifetime on the runtime’s clock, from when it began', async () => {
      const store = databaseSessionStore(db.kysely, deps.now, 3_600_000);
      const save = (data: object) => new Promise<void>((resolve, reject) => store.set('timed', data as never, (err) => (err ? reject(err) : resolve())));
      const load = () => new Promise<unknown>((resolve) => store.get('timed', (_err, value) => resolve(value)));
      // @fastify/session's cookie: its lifetime, and an expiry worked out on the real clock (a year away from the test's).
      const cookie = (note: string) => ({ note, cookie: { originalMaxAge: 10_000, expires: new Date(Date.now() + 365 * 86_400_000).toISOString() } });
      await save(cookie('first'));
      expect(await load()).toMatchObject({ note: 'first' });
      clock = new Date(clock.getTime() + 6000);
      // Saved again (the session changed): its data changes, its expiry does not move.
      await save(cookie('again'));
      expect(await load()).toMatchObject({ note: 'again' });
      clock = new Date(clock.getTime() + 5000);
      expect(await load()).toBeNull();
    });

    it('uses a one-time token once, and not after it expires or is replaced', async () => {
      const token = await issueToken(db.kysely, 'first_admin', clock, 3_600_000);
      expect(await tokenIsValid(db.kysely, 'first_admin', token, clock)).toBe(true);
      expect(await tokenIsValid(db.kysely, 'other', token, clock)).toBe(false);
      expect(await tokenIsValid(db.kysely, 'first_admin', token, new Date(clock.getTime() + 3_600_001))).toBe(false);
      const [a, b] = await Promise.all([consumeToken(db.kysely, 'first_admin', token, clock), consumeToken(db.kysely, 'first_admin', token, clock)]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(await consumeToken(db.kysely, 'first_admin', token, clock)).toBe(false);
      const old = await issueToken(db.kysely, 'first_admin', clock, 3_600_000);
      const fresh = await issueToken(db.kysely, 'first_admin', clock, 3_600_000);
      expect(await tokenIsValid(db.kysely, 'first_admin', old, clock)).toBe(false);
      expect(await tokenIsValid(db.kysely, 'first_admin', fresh, clock)).toBe(true);
      const stored = await consoleDb(db.kysely).selectFrom('console_tokens').select('hash').execute();
      expect(stored.map((r) => r.hash)).not.toContain(fresh);
    });

    it('reads the audit log filtered and in pages, newest first', async () => {
      for (let i = 0; i < 7; i++) await recordAudit(db.kysely, { actor: cliActor(), action: 'user_enabled', target: { type: 'user', label: `p${i}` }, at: clock });
      const first = await auditPage(db.kysely, { action: 'user_enabled' }, 1, 5);
      expect(first.hasOlder).toBe(true);
      expect(first.rows.map((r) => r.target_label)).toEqual(['p6', 'p5', 'p4', 'p3', 'p2']);
      const second = await auditPage(db.kysely, { action: 'user_enabled' }, 2, 5);
      expect(second.rows.map((r) => r.target_label)).toEqual(['p1', 'p0', 'agent@example.org']);
      expect(second.hasOlder).toBe(false);
      const none = await auditRows(db.kysely, { actor: 'none', action: 'user_added' }, 100);
      expect(none.map((r) => r.target_label)).toEqual(['ada@example.org']);
    });
  });
}
