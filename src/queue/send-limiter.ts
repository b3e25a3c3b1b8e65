/**
 * Send slots from a channel queue's own BullMQ rate limiter, for sends made outside the queue (the
 * runner's inline replies, src/runtime/send-inline.ts), so those and the queue's jobs share one
 * limit (a provider's messages per second). BullMQ counts the jobs its workers start in the
 * queue's `limiter` key (INCR; the first of a window sets it to expire after the limiter's
 * duration) and starts none while the count is at `max` and the key lives; a worker's or queue's
 * rateLimit(ms), after a provider's 429, sets the count to the largest integer for `ms`. The same
 * rules, in one Lua script on the same key.
 */
import type { Queue } from 'bullmq';
import type { RedisClient } from './connection';
import { runScript, type LuaScript } from './scripts';

// KEYS[1] = the queue's limiter key; ARGV = max, duration ms, slots wanted. Returns the slots taken.
const TAKE: LuaScript = { name: 'civicTakeSendSlots', keys: 1, lua: `
local max = tonumber(ARGV[1])
local count = tonumber(redis.call('GET', KEYS[1]) or 0)
if count >= max then
  if redis.call('PTTL', KEYS[1]) > 0 then return 0 end
  redis.call('DEL', KEYS[1])
  count = 0
end
local taken = math.min(tonumber(ARGV[3]), max - count)
if redis.call('INCRBY', KEYS[1], taken) == taken then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return taken
` };

/** Takes up to `wanted` sends from `queue`'s limiter (`limiter`: the one its worker runs with); returns how many it may make now. */
export async function takeSendSlots(redis: RedisClient, queue: Pick<Queue, 'keys'>, limiter: { max: number; duration: number }, wanted: number): Promise<number> {
  if (wanted <= 0) return 0;
  return Number(await runScript(redis, TAKE, [queue.keys.limiter], [limiter.max, Math.max(1, Math.floor(limiter.duration)), wanted]));
}
