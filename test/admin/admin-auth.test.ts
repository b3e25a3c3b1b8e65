/**
 * Issue #13: `ADMIN_TOKEN=abc` was accepted with a warning, and failed admin authentications were
 * neither limited nor logged. Now a token shorter than 32 characters refuses to start (saying how
 * to make one), and failures are counted per client across the admin API and the queue board,
 * logged with no trace of what was presented, and past 10 answered 429.
 */
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startSystem, type System } from '../../src/app/system';
import { AUTH_FAILURES_MAX } from '../../src/http/auth-failures';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';


const ADMIN_TOKEN = randomBytes(32).toString('base64url');

describe('ADMIN_TOKEN length', () => {
  it.each(['abc', 'x'.repeat(31)])('refuses %s with how to make one', (token) => {
    expect(() => loadConfig({ ADMIN_TOKEN: token })).toThrow(/ADMIN_TOKEN: is \d+ characters long; it must be at least 32\. Make one with: node -e "console\.log\(require\('crypto'\)\.randomBytes\(32\)\.toString\('base64url'\)\)"/);
  });
  it('accepts 32 characters and more, and no token at all', () => {
    expect(loadConfig({ ADMIN_TOKEN: 'x'.repeat(32) }).ADMIN_TOKEN).toHaveLength(32);
    expect(loadConfig({ ADMIN_TOKEN }).ADMIN_TOKEN).toBe(ADMIN_TOKEN);
    expect(loadConfig({}).ADMIN_TOKEN).toBeUndefined();
  });
});

describe('failed authentications', () => {
  const lines: string[] = [];
  let system: System;
  const prefix = freshPrefix('admin-auth');
  let database: FreshDatabase;

  beforeAll(async () => {
    database = await freshDatabase();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: ':memory:', DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, LOG_LEVEL: 'info', ADMIN_TOKEN });
    system = await startSystem({ config, web: true, workers: false, log: createLogger('info', { write: (line: string) => void lines.push(line) }) });
  });
  afterAll(async () => {
    await system?.stop();
    await cleanPrefix(prefix);
    await database?.drop();
  });

  /** A GET from a given loopback address (127.0.0.0/8 is all this machine). */
  const getFrom = (localAddress: string, path: string, authorization?: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(`${system.url}${path}`, { localAddress, headers: authorization ? { authorization } : {} }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  const basic = (password: string) => `Basic ${Buffer.from(`me:${password}`).toString('base64')}`;
  const failures = () => lines.filter((l) => l.includes('"authentication failed"'));

  it('counts failures per client across the API and the board, logs them without the token, then answers 429', async () => {
    const wrong = `wrong-${randomBytes(16).toString('hex')}`;
    // A browser opening the board first asks without credentials: a 401 that is not a failure.
    expect(await getFrom('127.0.0.5', '/admin/queues')).toBe(401);
    expect(failures()).toHaveLength(0);

    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURES_MAX; i++) {
      statuses.push(i % 2 ? await getFrom('127.0.0.5', '/admin/queues', basic(wrong)) : await getFrom('127.0.0.5', '/api/admin/contacts', `Bearer ${wrong}`));
    }
    expect(statuses).toEqual(Array(AUTH_FAILURES_MAX).fill(401));
    // Blocked: even the right token is refused from this client until the window ends.
    expect(await getFrom('127.0.0.5', '/api/admin/contacts', `Bearer ${wrong}`)).toBe(429);
    expect(await getFrom('127.0.0.5', '/api/admin/contacts', `Bearer ${ADMIN_TOKEN}`)).toBe(429);
    expect(await getFrom('127.0.0.5', '/admin/queues', basic(ADMIN_TOKEN))).toBe(429);
    // Another client is not affected.
    expect(await getFrom('127.0.0.6', '/api/admin/contacts', `Bearer ${ADMIN_TOKEN}`)).toBe(200);

    const logged = failures().map((l) => JSON.parse(l));
    expect(logged).toHaveLength(AUTH_FAILURES_MAX);
    expect(logged[0]).toMatchObject({ realm: 'admin', ip: '127.0.0.5', method: 'GET', path: '/api/admin/contacts' });
    expect(logged[1]).toMatchObject({ realm: 'admin', ip: '127.0.0.5', path: '/admin/queues' });
    const all = lines.join('\n');
    expect(all).not.toContain(wrong);
    expect(all).not.toContain(ADMIN_TOKEN);
    expect(all).not.toContain(Buffer.from(`me:${wrong}`).toString('base64'));
  });
});
