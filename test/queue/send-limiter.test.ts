/**
 * Inline sends take their slots from the channel queue's own BullMQ limiter (src/queue/send-limiter.ts):
 * what they take, BullMQ's workers see as taken, and a queue paused by a 429 gives them nothing.
 * Real Redis; BullMQ's own getRateLimitTtl is the witness.
 */
import { Queue } from 'bullmq';
import { takeSendSlots } from '../../src/queue/send-limiter';
import { cleanPrefix, freshPrefix, redisClient, redisConnection } from '../helpers/redis';

const prefix = freshPrefix('send-limiter');
const redis = redisClient();
const queues: Queue[] = [];
const queue = (name: string) => {
  const q = new Queue(name, { connection: redisConnection(), prefix });
  queues.push(q);
  return q;
};

afterAll(async () => {
  await Promise.all(queues.map((q) => q.close()));
  await redis.quit();
  await cleanPrefix(prefix);
});

test('takes at most the limit per window, and BullMQ then counts its queue as limited', async () => {
  const q = queue('outbound-a');
  const limiter = { max: 3, duration: 60_000 };
  expect(await q.getRateLimitTtl(limiter.max)).toBe(0);
  expect(await takeSendSlots(redis, q, limiter, 2)).toBe(2);
  expect(await q.getRateLimitTtl(limiter.max)).toBe(0); // one left
  expect(await takeSendSlots(redis, q, limiter, 2)).toBe(1);
  expect(await takeSendSlots(redis, q, limiter, 1)).toBe(0);
  const ttl = await q.getRateLimitTtl(limiter.max);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(limiter.duration);
});

test('a window that has expired gives slots again', async () => {
  const q = queue('outbound-b');
  const limiter = { max: 1, duration: 50 };
  expect(await takeSendSlots(redis, q, limiter, 5)).toBe(1);
  // The window is BullMQ's key expiring: wait for it to be gone rather than for a time.
  for (let i = 0; i < 200 && (await redis.exists(q.keys.limiter)); i++) await new Promise((r) => setTimeout(r, 25));
  expect(await takeSendSlots(redis, q, limiter, 5)).toBe(1);
});

test("a queue paused after a provider's 429 (rateLimit) gives inline sends nothing", async () => {
  const q = queue('outbound-c');
  await q.rateLimit(30_000);
  expect(await takeSendSlots(redis, q, { max: 100, duration: 1000 }, 2)).toBe(0);
});
