/**
 * Which Events API deliveries were handled, so Slack's retries (X-Slack-Retry-Num: after a slow
 * or failed answer, up to 3 times) are not processed twice. Bolt does not dedupe. Kept in Redis so
 * every web process agrees; a claim expires if its process dies mid-way, so a later retry can run.
 */
export interface DedupeStore {
  /** True if this key was free and is now ours. */
  claim(key: string): Promise<boolean>;
  /** Handled: keep the key for a day (Slack retries within minutes). */
  done(key: string): Promise<void>;
  /** Failed: free the key so Slack's retry is processed. */
  release(key: string): Promise<void>;
}

/** The subset of ioredis used here. */
interface RedisLike {
  set(key: string, value: string, ...args: (string | number)[]): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

const CLAIM_MS = 60_000;
const DONE_MS = 86_400_000;

export function redisDedupe(redis: RedisLike, prefix: string): DedupeStore {
  const k = (key: string) => `${prefix}:${key}`;
  return {
    claim: async (key) => (await redis.set(k(key), 'processing', 'PX', CLAIM_MS, 'NX')) === 'OK',
    done: async (key) => void (await redis.set(k(key), 'done', 'PX', DONE_MS)),
    release: async (key) => void (await redis.del(k(key))),
  };
}

/** One process only (tests of callers, or no Redis client at hand). */
export function memoryDedupe(now: () => number = Date.now): DedupeStore {
  const seen = new Map<string, number>();
  return {
    claim: async (key) => {
      const until = seen.get(key);
      if (until !== undefined && until > now()) return false;
      seen.set(key, now() + CLAIM_MS);
      return true;
    },
    done: async (key) => void seen.set(key, now() + DONE_MS),
    release: async (key) => void seen.delete(key),
  };
}

/** True when `v` can be used as the Redis client (system.ts hands the queues an ioredis instance). */
export function isRedisLike(v: unknown): v is RedisLike {
  return typeof (v as RedisLike)?.set === 'function' && typeof (v as RedisLike)?.del === 'function';
}
