/**
 * Redis for queue tests: a fresh BullMQ prefix per test, the connection options, and cleanup.
 * The server is the one test/global-setup.ts found or launched (TEST_REDIS_URL).
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** The Redis URL prepared by global setup; throws if global setup did not run. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the tests through jest (test/global-setup.ts sets it).');
  return url;
}

/**
 * A BullMQ prefix no other test uses, e.g. `test-send-sms-3f9a1c0b`. The name is reduced to
 * [A-Za-z0-9_-]: BullMQ joins prefix, queue name and id with `:`, and the prefix is used as a
 * SCAN pattern by `cleanPrefix`.
 */
export function freshPrefix(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40);
  return `test-${safe}-${randomBytes(4).toString('hex')}`;
}

/** Connection options for BullMQ Queue/Worker (BullMQ 6 accepts `url`). */
export function redisConnection(): { url: string; maxRetriesPerRequest: null } {
  // Workers block on Redis; BullMQ wants ioredis not to give up on those commands.
  return { url: testRedisUrl(), maxRetriesPerRequest: null };
}

/** A plain ioredis client on the test server; the caller quits it. */
export function redisClient(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
}

/** Deletes every key under `prefix:` (SCAN + UNLINK, never KEYS). Returns how many were deleted. */
export async function cleanPrefix(prefix: string): Promise<number> {
  const client = redisClient();
  let deleted = 0;
  try {
    const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await client.quit().catch(() => client.disconnect());
  }
  return deleted;
}
