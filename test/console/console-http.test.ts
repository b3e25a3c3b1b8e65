/**
 * The console over plain HTTP (no browser): CSRF on every non-GET, the role guard, cookies and
 * headers, sign-out and disabling ending sessions at once, the sign-in rate limits and what
 * they log, the first admin's one-time link, and the console on the embedded PGlite default.
 */
import Fastify from 'fastify';
import { installAccessGuard } from '../../src/console/access';
import { disableUser } from '../../src/console/accounts/users';
import { cliActor } from '../../src/console/audit';
import type { ConsoleDeps } from '../../src/console/context';
import { consoleBanner, firstAdminLink } from '../../src/console/first-admin';
import { SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_CLIENT } from '../../src/console/settings';
import { consoleDb } from '../../src/console/store/tables';
import type { TestSystem } from '../helpers/system';
import { addAccount, Browserless, csrfOf, h1Of, PASSWORD, startConsoleSystem } from './helpers';


let system: TestSystem;
const lines: string[] = [];
const audit = () => consoleDb(system.runtime.db.kysely).selectFrom('console_audit_log').selectAll().orderBy('id').execute();
/** A client seen as coming from `ip` (the server trusts its proxy's X-Forwarded-For), so tests do not share a rate limit. */
const client = (ip: string) => new Browserless(system.url!, { 'x-forwarded-for': ip });

beforeAll(async () => {
  system = await startConsoleSystem('console-http', {}, { lines });
  await addAccount(system, 'ada@example.org', 'admin', 'Ada');
  await addAccount(system, 'otto@example.org', 'organizer', 'Otto');
  await addAccount(system, 'agnes@example.org', 'agent', 'Agnes');
});
afterAll(async () => system?.close());

describe('the role guard', () => {
  it('sends an anonymous visitor to the sign-in page, and back after signing in', async () => {
    const anon = client('198.51.100.1');
    const res = await anon.get('/console/audit?action=sign_in');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/console/sign-in?next=%2Fconsole%2Faudit%3Faction%3Dsign_in');
    const signIn = await anon.get(res.location!);
    const back = await anon.request('POST', '/console/sign-in', { _csrf: csrfOf(signIn.body), email: 'ADA@example.org ', password: PASSWORD, next: '/console/audit?action=sign_in' });
    expect(back.location).toBe('/console/audit?action=sign_in');
    expect((await anon.get(back.location!)).status).toBe(200);
    // Anonymous posts are sent to sign in too, and change nothing.
    expect((await client('198.51.100.2').request('POST', '/console/users', { email: 'x@example.org' })).location).toBe('/console/sign-in');
  });

  it('refuses an agent every admin page and action with 403, and an organizer too', async () => {
    for (const [email, role] of [
      ['agnes@example.org', 'Agent'],
      ['otto@example.org', 'Organizer'],
    ]) {
      const c = client('198.51.100.3');
      await c.signIn(email);
      for (const path of ['/console/users', '/console/users/new', '/console/audit', '/console/audit.csv']) {
        const res = await c.get(path);
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.body).toContain(`Your role (${role}) does not give access to this page.`);
      }
      const target = (await consoleDb(system.runtime.db.kysely).selectFrom('console_users').select('id').where('email', '=', 'ada@example.org').executeTakeFirstOrThrow()).id;
      const res = await c.submit('/console', `/console/users/${target}/disable`, {});
      expect(res.status).toBe(403);
      // Their own pages open, and the navigation does not offer what they cannot open.
      const home = await c.get('/console');
      expect(home.status).toBe(200);
      expect(home.body).not.toContain('href="/console/users"');
      expect((await c.get('/console/account')).status).toBe(200);
    }
    const ada = await consoleDb(system.runtime.db.kysely).selectFrom('console_users').select('disabled_at').where('email', '=', 'ada@example.org').executeTakeFirstOrThrow();
    expect(ada.disabled_at).toBeNull();
  });

  it('cannot be forgotten: a console route that does not say who may open it is refused at start-up', async () => {
    const app = Fastify();
    installAccessGuard(app, {} as ConsoleDeps);
    expect(() => app.get('/open', async () => 'oops')).toThrow('must declare who may open it');
    app.get('/fine', { config: { access: 'public' } }, async () => 'ok');
    await app.close();
  });

  it('answers unknown console paths with the console 404 page', async () => {
    const res = await client('198.51.100.4').get('/console/nowhere');
    expect(res.status).toBe(404);
    expect(h1Of(res.body)).toBe('Page not found');
  });
});

describe('CSRF', () => {
  it('refuses a POST without the token or with a wrong one, and accepts the form as served', async () => {
    const c = client('198.51.100.10');
    await c.signIn('ada@example.org');
    const form = { email: 'csrf@example.org', role: 'agent', password: PASSWORD, password_confirm: PASSWORD };
    const without = await c.request('POST', '/console/users', form);
    expect(without.status).toBe(403);
    expect(h1Of(without.body)).toBe('This form has expired');
    const wrong = await c.request('POST', '/console/users', { ...form, _csrf: 'AAAAAAAAAAAAAAAAAAAAAAAA-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' });
    expect(wrong.status).toBe(403);
    // A token as a header (for scripts of later pages) works as the form field does.
    const page = await c.get('/console/users/new');
    expect((await c.request('POST', '/console/users', { ...form }, { 'x-csrf-token': csrfOf(page.body) })).status).toBe(303);
    const added = await consoleDb(system.runtime.db.kysely).selectFrom('console_users').select('email').where('email', '=', 'csrf@example.org').execute();
    expect(added).toHaveLength(1);
  });

  it('protects sign-in and sign-out too, and a token from another browser does not work', async () => {
    const c = client('198.51.100.11');
    expect((await c.request('POST', '/console/sign-in', { email: 'ada@example.org', password: PASSWORD })).status).toBe(403);
    const other = client('198.51.100.11');
    const token = csrfOf((await other.get('/console/sign-in')).body);
    await c.get('/console/sign-in'); // c has its own secret cookie now
    expect((await c.request('POST', '/console/sign-in', { _csrf: token, email: 'ada@example.org', password: PASSWORD })).status).toBe(403);
    await c.signIn('ada@example.org');
    expect((await c.request('POST', '/console/sign-out', {})).status).toBe(403);
    expect((await c.get('/console')).status).toBe(200); // still signed in
  });

  it('takes forms only: a JSON body is refused', async () => {
    const res = await client('198.51.100.12').request('POST', '/console/sign-in', undefined, { 'content-type': 'application/json' });
    expect(res.status).toBe(415);
  });
});

describe('sessions', () => {
  it('keeps the session in a signed HttpOnly SameSite cookie scoped to /console, and stores only its hash', async () => {
    const c = client('198.51.100.20');
    const page = await c.get('/console/sign-in');
    const res = await c.request('POST', '/console/sign-in', { _csrf: csrfOf(page.body), email: 'ada@example.org', password: PASSWORD });
    const cookie = res.setCookies.find((s) => s.startsWith('ce_console='))!;
    expect(cookie).toMatch(/; Path=\/console/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/; Secure/); // http://127.0.0.1: a Secure cookie would never come back
    const value = decodeURIComponent(c.cookies.get('ce_console')!);
    const [id] = value.split('.');
    const rows = await consoleDb(system.runtime.db.kysely).selectFrom('console_sessions').select('id').execute();
    expect(rows.map((r) => r.id)).not.toContain(id);
    // A forged (unsigned) cookie is no session.
    const forged = client('198.51.100.21');
    forged.cookies.set('ce_console', `${id}.forged`);
    expect((await forged.get('/console')).status).toBe(303);
  });

  it('ends at sign-out: the old cookie no longer opens anything', async () => {
    const c = client('198.51.100.22');
    await c.signIn('otto@example.org');
    const old = c.cookies.get('ce_console')!;
    const out = await c.submit('/console', '/console/sign-out', {});
    expect(out.location).toBe('/console/sign-in?signed_out=1');
    const replay = client('198.51.100.22');
    replay.cookies.set('ce_console', old);
    const res = await replay.get('/console');
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/console\/sign-in/);
  });

  it('ends when the account was disabled behind the console’s back, and the same request can sign someone else in', async () => {
    const ghost = await addAccount(system, 'ghost@example.org', 'agent');
    const c = client('198.51.100.26');
    await c.signIn('ghost@example.org');
    const token = csrfOf((await c.get('/console')).body);
    // Disabled straight in the database: the session row is still there, and the guard must refuse it.
    await consoleDb(system.runtime.db.kysely).updateTable('console_users').set({ disabled_at: new Date() }).where('id', '=', ghost.id).execute();
    // The old session cookie comes with this sign-in: it is ended and replaced on the spot (regression: a 500).
    const other = await c.request('POST', '/console/sign-in', { _csrf: token, email: 'otto@example.org', password: PASSWORD });
    expect(other.status).toBe(303);
    expect(h1Of((await c.get('/console')).body)).toBe('Welcome, Otto');
    const signedOut = client('198.51.100.27');
    await signedOut.signIn('ghost@example.org').catch(() => undefined);
    expect((await signedOut.get('/console')).status).toBe(303);
  });

  it('ends at once when the account is disabled, and again when a password is reset', async () => {
    const temp = await addAccount(system, 'temp@example.org', 'agent');
    const c = client('198.51.100.23');
    await c.signIn('temp@example.org');
    expect((await c.get('/console')).status).toBe(200);
    const result = await disableUser({ db: system.runtime.db.kysely, now: () => new Date() }, cliActor(), temp.id);
    expect(result.ok).toBe(true);
    expect((await c.get('/console')).status).toBe(303);
    const rows = await consoleDb(system.runtime.db.kysely).selectFrom('console_sessions').select('id').where('user_id', '=', temp.id).execute();
    expect(rows).toEqual([]);
    // And a disabled account cannot sign in again, whatever the password.
    const again = await c.submit('/console/sign-in', '/console/sign-in', { email: 'temp@example.org', password: PASSWORD });
    expect(again.status).toBe(401);
    expect(again.body).toContain('The e-mail address or the password is not right.');

    const admin = client('198.51.100.24');
    await admin.signIn('ada@example.org');
    const otto = client('198.51.100.25');
    await otto.signIn('otto@example.org');
    const ottoId = (await consoleDb(system.runtime.db.kysely).selectFrom('console_users').select('id').where('email', '=', 'otto@example.org').executeTakeFirstOrThrow()).id;
    const weak = await admin.submit(`/console/users/${ottoId}`, `/console/users/${ottoId}/password`, { password: 'short', password_confirm: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('The password must have at least 12 characters.');
    const reset = await admin.submit(`/console/users/${ottoId}`, `/console/users/${ottoId}/password`, { password: `${PASSWORD}!`, password_confirm: `${PASSWORD}!` });
    expect(reset.location).toBe(`/console/users/${ottoId}?done=reset`);
    expect((await otto.get('/console')).status).toBe(303);
    await otto.signIn('otto@example.org', `${PASSWORD}!`);
  });
});

describe('headers', () => {
  it('sets a strict CSP and the other helmet headers on console pages only', async () => {
    const page = await client('198.51.100.30').get('/console/sign-in');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(page.headers.get('strict-transport-security')).toBeNull();
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const css = await client('198.51.100.30').get('/console/assets/console.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    // The webhooks and the simulator are not the console's: no helmet, no console cookies.
    for (const path of ['/healthz', '/simulator']) {
      const res = await client('198.51.100.30').get(path);
      expect(res.headers.get('content-security-policy')).toBeNull();
      expect(res.setCookies).toEqual([]);
    }
  });

  it('makes cookies Secure and adds HSTS when PUBLIC_URL is https', async () => {
    const https = await startConsoleSystem('console-https', { PUBLIC_URL: 'https://console.example.org' }, { pglite: true });
    try {
      await addAccount(https, 'sec@example.org', 'admin');
      // Behind the TLS proxy the server is told the request came over https.
      const c = new Browserless(https.url!, { 'x-forwarded-proto': 'https' });
      const page = await c.get('/console/sign-in');
      expect(page.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
      expect(page.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(page.setCookies.find((s) => s.startsWith('ce_csrf='))).toMatch(/; Secure/);
      const res = await c.request('POST', '/console/sign-in', { _csrf: csrfOf(page.body), email: 'sec@example.org', password: PASSWORD });
      expect(res.status).toBe(303);
      expect(res.setCookies.find((s) => s.startsWith('ce_console='))).toMatch(/; Secure/);
    } finally {
      await https.close();
    }
  });
});

describe('sign-in attempts', () => {
  it('are limited per account, whatever the client, and logged without the password or the address', async () => {
    lines.length = 0;
    await addAccount(system, 'limited@example.org', 'agent');
    for (let i = 0; i < SIGN_IN_PER_ACCOUNT; i++) {
      const res = await client(`203.0.113.${i + 1}`).submit('/console/sign-in', '/console/sign-in', { email: 'limited@example.org', password: `wrong password ${i}` });
      expect(res.status).toBe(401);
    }
    const refused = await client('203.0.113.99').submit('/console/sign-in', '/console/sign-in', { email: 'limited@example.org', password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body).toContain('Too many sign-in attempts.');
    // Another account from the same client is not affected.
    await client('203.0.113.99').signIn('ada@example.org');

    const log = lines.join('');
    expect(log).toContain('"event":"console_sign_in"');
    expect(log).toContain('"result":"wrong_password"');
    expect(log).toContain('"result":"throttled"');
    expect(log).toContain('l***@example.org');
    expect(log).not.toContain('limited@example.org');
    expect(log).not.toContain('wrong password');
    expect(log).not.toContain(PASSWORD);
  });

  it('are limited per client, whatever the account', async () => {
    const c = client('203.0.113.200');
    for (let i = 0; i < SIGN_IN_PER_CLIENT; i++) {
      const res = await c.submit('/console/sign-in', '/console/sign-in', { email: `nobody${i}@example.org`, password: 'not this one at all' });
      expect(res.status).toBe(401);
    }
    expect((await c.submit('/console/sign-in', '/console/sign-in', { email: 'ada@example.org', password: PASSWORD })).status).toBe(429);
  });

  it('are audited: failures with the reason, the unknown address masked, never a password', async () => {
    const rows = await audit();
    const failed = rows.filter((r) => r.action === 'sign_in_failed');
    expect(failed.map((r) => (r.detail as { reason: string }).reason)).toEqual(expect.arrayContaining(['wrong_password', 'unknown_account', 'disabled']));
    const unknown = failed.find((r) => (r.detail as { reason: string }).reason === 'unknown_account')!;
    expect(unknown.actor_id).toBeNull();
    expect(unknown.target_label).toMatch(/^n\*\*\*@example\.org$/);
    expect(unknown.ip).toBe('203.0.113.200');
    const text = JSON.stringify(rows);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('wrong password');
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['sign_in', 'sign_out', 'user_added', 'user_disabled', 'password_reset']));
  });
});

describe('the first admin', () => {
  let fresh: TestSystem;
  afterAll(async () => fresh?.close());

  it('gets a one-time link on a loopback HOST that works once, on the embedded PGlite default', async () => {
    fresh = await startConsoleSystem('console-first', {}, { pglite: true });
    expect(fresh.runtime.db.kind).toBe('pglite');
    const banner = await consoleBanner(fresh.runtime, fresh.url!);
    const link = /(http:\/\/localhost:\d+\/console\/setup\?token=[\w-]+)/.exec(banner)![1].replace('localhost', '127.0.0.1');
    expect(banner).toContain('Or run:'); // beside the server: the embedded database is served to local commands
    expect(banner).toContain('civic-engage users add you@example.org --role admin');
    const path = link.slice(fresh.url!.length);

    const c = new Browserless(fresh.url!);
    expect((await c.get('/console/setup?token=not-the-token')).status).toBe(410);
    const form = await c.get(path);
    expect(form.status).toBe(200);
    expect(h1Of(form.body)).toBe('Create the first admin account');
    const token = new URL(link).searchParams.get('token')!;
    const weak = await c.request('POST', '/console/setup', { _csrf: csrfOf(form.body), token, email: 'first@example.org', display_name: 'First', password: 'password', password_confirm: 'password' });
    expect(weak.status).toBe(400);
    // A refused form does not use the link up.
    const ok = await c.request('POST', '/console/setup', { _csrf: csrfOf(form.body), token, email: 'first@example.org', display_name: 'First', password: PASSWORD, password_confirm: PASSWORD });
    expect(ok.status).toBe(303);
    expect(h1Of((await c.get('/console')).body)).toBe('Welcome, First');

    const again = new Browserless(fresh.url!);
    const second = await again.get(path);
    expect(second.status).toBe(410);
    const replay = await again.request('POST', '/console/setup', { _csrf: csrfOf((await again.get('/console/sign-in')).body), token, email: 'second@example.org', password: PASSWORD, password_confirm: PASSWORD });
    expect(replay.status).toBe(410);
    const users = await consoleDb(fresh.runtime.db.kysely).selectFrom('console_users').select(['email', 'role']).execute();
    expect(users).toEqual([{ email: 'first@example.org', role: 'admin' }]);

    // Once an account exists, the banner only says where the console is.
    expect(await consoleBanner(fresh.runtime, fresh.url!)).toBe(`  Console:   ${fresh.url!.replace('127.0.0.1', 'localhost')}/console\n`);
    // Sessions live in PGlite too: signing out ends them.
    const old = c.cookies.get('ce_console')!;
    await c.submit('/console', '/console/sign-out', {});
    const replayed = new Browserless(fresh.url!);
    replayed.cookies.set('ce_console', old);
    expect((await replayed.get('/console')).status).toBe(303);
  });

  it('gets no link when HOST is not a loopback address, and a new link replaces the old one', async () => {
    const { runtime } = system;
    const remote = await consoleBanner({ ...runtime, config: { ...runtime.config, HOST: '0.0.0.0' } }, system.url!);
    expect(remote).not.toContain('setup?token=');
    // (this system has accounts; the link is only offered while none exists)
    expect(await firstAdminLink(runtime, system.url!)).toBeNull();
    const empty = await startConsoleSystem('console-empty', { HOST: '0.0.0.0', METRICS_TOKEN: 'console-test-metrics-token' }, { pglite: true });
    try {
      const banner = await consoleBanner(empty.runtime, empty.url!);
      expect(banner).not.toContain('setup?token=');
      expect(banner).toContain('Create the first admin account with:');
      const first = (await firstAdminLink(empty.runtime, empty.url!))!;
      const second = (await firstAdminLink(empty.runtime, empty.url!))!;
      const c = new Browserless(empty.url!);
      expect((await c.get(first.slice(empty.url!.length))).status).toBe(410);
      expect((await c.get(second.slice(empty.url!.length))).status).toBe(200);
    } finally {
      await empty.close();
    }
  });
});
