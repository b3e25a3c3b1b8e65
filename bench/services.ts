/**
 * The real Redis and PostgreSQL the benchmarks run against, found the way the tests find them
 * (test/global-setup.ts): TEST_REDIS_URL or REDIS_URL, else 127.0.0.1:6379, else a private
 * redis-server; TEST_DATABASE_URL, else the URL scripts/provision-services.sh wrote, else
 * postgres://postgres@127.0.0.1:5432/postgres. The URLs are handed on as TEST_REDIS_URL and
 * TEST_DATABASE_URL so the test helpers (fresh databases and queue prefixes) work here too.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { ensureRedis } from '../src/app/redis-launcher';

/** The repository's root (bench/..). */
export const ROOT = path.resolve(__dirname, '..');

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Services {
  redisUrl: string;
  databaseUrl: string;
  redisVersion: string;
  postgresVersion: string;
  stop(): Promise<void>;
}

let found: Promise<Services> | undefined;

/** Finds (once) the Redis and PostgreSQL to use; throws with what is missing. */
export function benchServices(): Promise<Services> {
  found ??= discover();
  return found;
}

async function discover(): Promise<Services> {
  process.env.TEST_RUN_ID ||= `bench${randomBytes(3).toString('hex')}`;
  const redis = await ensureRedis({
    url: process.env.TEST_REDIS_URL || process.env.REDIS_URL || undefined,
    dataDir: path.join(ROOT, '.data', 'bench'),
    log: (msg) => process.stderr.write(`[bench] ${msg}\n`),
  });
  const databaseUrl = process.env.TEST_DATABASE_URL || provisionedDatabaseUrl() || DEFAULT_DATABASE_URL;
  try {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    await client.connect();
    const info = await client.info('server');
    client.disconnect();
    const pg = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
    let postgresVersion: string;
    try {
      await pg.connect();
      postgresVersion = (await pg.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v;
    } catch (err) {
      throw new Error(`PostgreSQL is not reachable at ${databaseUrl.replace(/:[^:@/]*@/, ':***@')} (${(err as Error).message}); set TEST_DATABASE_URL (see test/global-setup.ts).`);
    } finally {
      await pg.end().catch(() => {});
    }
    process.env.TEST_REDIS_URL = redis.url;
    process.env.TEST_DATABASE_URL = databaseUrl;
    return {
      redisUrl: redis.url,
      databaseUrl,
      redisVersion: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
      postgresVersion,
      stop: redis.stop,
    };
  } catch (err) {
    await redis.stop();
    throw err;
  }
}

function provisionedDatabaseUrl(): string | undefined {
  try {
    return /^TEST_DATABASE_URL=(.+)$/m.exec(readFileSync(path.join(ROOT, '.data', 'test-services.env'), 'utf8'))?.[1]?.trim();
  } catch {
    return undefined;
  }
}
