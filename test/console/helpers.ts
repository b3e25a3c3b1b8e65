/**
 * Test helpers for the console: a running system with web only (the console needs no workers),
 * accounts made through the same rules as the CLI, and a small HTTP client that keeps cookies
 * and reads CSRF tokens from forms, for what is simpler to check without a browser.
 */
import { addUser } from '../../src/console/accounts/users';
import { cliActor } from '../../src/console/audit';
import type { Role } from '../../src/console/store/tables';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startSystem } from '../../src/app/system';
import { freshDatabase } from '../helpers/postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';
import type { TestSystem } from '../helpers/system';

/** A password long enough for the rules, used by the tests' accounts. */
export const PASSWORD = 'correct horse battery staple';

/**
 * Starts the system for console tests: web only (the console needs no workers), PostgreSQL
 * unless `pglite` (the embedded default, in memory). Every log line goes to `lines` when given.
 */
export async function startConsoleSystem(name: string, env: Record<string, string> = {}, opts: { pglite?: boolean; lines?: string[] } = {}): Promise<TestSystem> {
  const prefix = freshPrefix(name);
  const database = opts.pglite ? undefined : await freshDatabase();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: ':memory:',
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: opts.lines ? 'info' : (process.env.TEST_LOG_LEVEL ?? 'silent'),
    ORG_NAME: 'Test Org',
    ORG_CONTACT: 'help@example.org',
    // The tests play a reverse proxy on 127.0.0.1: X-Forwarded-For names the client (its rate
    // limits) and X-Forwarded-Proto the scheme (Secure cookies). Off by default (docs/security.md).
    TRUST_PROXY: '127.0.0.1',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const lines = opts.lines;
  const sink = lines ? new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }) : undefined;
  const system = await startSystem({ config, web: true, workers: false, log: createLogger(config.LOG_LEVEL, sink) });
  return {
    ...system,
    config,
    close: async () => {
      await system.stop();
      await cleanPrefix(prefix);
      await database?.drop();
    },
  };
}

/** Adds an account as the CLI would. */
export async function addAccount(system: TestSystem, email: string, role: Role, name?: string, password = PASSWORD) {
  const result = await addUser({ db: system.runtime.db.kysely, now: () => new Date() }, cliActor(), { email, role, displayName: name, password });
  if (!result.ok) throw new Error(`could not add ${email}: ${JSON.stringify(result.errors)}`);
  return result.user;
}

/** A response as the tests read it. */
export interface Answer {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
  setCookies: string[];
}

/** An HTTP client with a cookie jar (no redirects followed, so each answer can be checked). */
export class Browserless {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string, readonly headers: Record<string, string> = {}) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, form?: Record<string, string>, extra: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...extra,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('location'), setCookies };
  }

  get(path: string): Promise<Answer> {
    return this.request('GET', path);
  }

  /** Opens `page`, takes the CSRF token of its first form, and posts `form` with it to `action`. */
  async submit(page: string, action: string, form: Record<string, string>): Promise<Answer> {
    const opened = await this.get(page);
    return this.request('POST', action, { _csrf: csrfOf(opened.body), ...form });
  }

  /** Signs in; throws unless the answer is the redirect of a successful sign-in. */
  async signIn(email: string, password = PASSWORD): Promise<void> {
    const res = await this.submit('/console/sign-in', '/console/sign-in', { email, password, next: '/console' });
    if (res.status !== 303 || res.location !== '/console') throw new Error(`sign-in of ${email} failed: ${res.status}`);
  }
}

/** The CSRF token of the first form of a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1];
}

/** The text of the page's h1. */
export function h1Of(html: string): string {
  return /<h1[^>]*>(.*?)<\/h1>/s.exec(html)?.[1].replace(/<[^>]+>/g, '') ?? '';
}
