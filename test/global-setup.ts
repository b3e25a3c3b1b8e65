/**
 * Jest global setup: makes sure a real Redis and PostgreSQL are reachable and hands their URLs to
 * the tests as TEST_REDIS_URL and TEST_DATABASE_URL (workers inherit this process's env).
 *
 * Redis: TEST_REDIS_URL or REDIS_URL if set, else 127.0.0.1:6379 if it answers, else a private
 * redis-server launched under .data/test (stopped by test/global-teardown.ts).
 * PostgreSQL: TEST_DATABASE_URL if set, else postgres://postgres@127.0.0.1:5432/postgres; nothing is
 * launched, a missing server fails the run with instructions (.ci/run installs and starts one).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { ensureRedis, type RedisHandle } from '../src/app/redis-launcher';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECT_TIMEOUT_MS = 3000;

/** Where global setup leaves the Redis handle for global teardown (same process). */
export const REDIS_HANDLE_KEY = '__civicEngageTestRedis';

type JestConfigLike = { rootDir: string };

export default async function globalSetup(globalConfig: JestConfigLike, projectConfig?: JestConfigLike): Promise<void> {
  const rootDir = projectConfig?.rootDir ?? globalConfig.rootDir;
  // Names this run's scratch databases, so teardown can drop its own leftovers and nobody else's.
  process.env.TEST_RUN_ID ||= randomBytes(4).toString('hex');

  const redis = await ensureRedis({
    url: process.env.TEST_REDIS_URL || process.env.REDIS_URL || undefined,
    dataDir: path.join(rootDir, '.data', 'test'),
    log: (msg) => process.stderr.write(`[global-setup] ${msg}\n`),
  });
  (globalThis as Record<string, unknown>)[REDIS_HANDLE_KEY] = redis;
  try {
    await checkRedis(redis.url);
    const databaseUrl = process.env.TEST_DATABASE_URL || provisionedDatabaseUrl(rootDir) || DEFAULT_TEST_DATABASE_URL;
    await checkPostgres(databaseUrl);
    process.env.TEST_REDIS_URL = redis.url;
    process.env.TEST_DATABASE_URL = databaseUrl;
  } catch (err) {
    // Jest skips global teardown when setup throws: do not leave a private server behind.
    await stopRedis();
    throw err;
  }
}

/** Stops the Redis that global setup launched, if any. */
export async function stopRedis(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const handle = g[REDIS_HANDLE_KEY] as RedisHandle | undefined;
  delete g[REDIS_HANDLE_KEY];
  await handle?.stop();
}

async function checkRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {}); // reported through the rejected promise below
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(
      `Redis at ${redact(url)} does not answer PING (${(err as Error).message}). ` +
        'Fix or unset TEST_REDIS_URL / REDIS_URL; without them the tests use 127.0.0.1:6379 or launch ' +
        'their own redis-server (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`).',
    );
  } finally {
    client.disconnect();
  }
}

async function checkPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${redact(url)} (${(err as Error).message || String(err)}).\n` +
        'The storage tests need a real PostgreSQL (13 or newer) where this user may CREATE DATABASE. Either:\n' +
        '  - set TEST_DATABASE_URL=postgres://user:password@host:5432/postgres, or\n' +
        '  - Debian/Ubuntu: `sudo apt-get install postgresql`, start it with ' +
        '`sudo pg_ctlcluster <version> main start` (or `sudo systemctl start postgresql`), and let user ' +
        'postgres connect over 127.0.0.1 (trust for 127.0.0.1/32 in pg_hba.conf, or set a password and put ' +
        'it in TEST_DATABASE_URL);\n' +
        '  - macOS: `brew install postgresql@15 && brew services start postgresql@15`, then ' +
        '`createuser -s postgres`.\n' +
        '`npm test` (scripts/provision-services.sh) does all of this on Debian as root or with sudo.',
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** TEST_DATABASE_URL written by scripts/provision-services.sh when it had to set a password. */
function provisionedDatabaseUrl(rootDir: string): string | undefined {
  try {
    const text = readFileSync(path.join(rootDir, '.data', 'test-services.env'), 'utf8');
    return /^TEST_DATABASE_URL=(.+)$/m.exec(text)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
