/**
 * Pacing per recipient, shared by every worker process through Redis: at most one message per
 * `intervalMs` to one chat on average, with a burst of `burst` after a quiet spell (a step's two or
 * three replies go at once; a broadcast and a reply to the same person settle to one a second).
 * Telegram asks for about one message per second per chat; the queue limiter only paces the whole
 * bot. The algorithm is GCRA ("theoretical arrival time") in one Lua script on Redis's own clock,
 * so it holds across workers and never counts a message that was not allowed.
 */
import type { RecipientPacing } from '../channels/types';
import type { RedisClient } from './connection';
import { runScript, type LuaScript } from './scripts';

// KEYS[1] = the recipient's key; ARGV = interval ms, burst. Returns 0 when the message may go now
// (and takes the slot), else the ms to wait before asking again.
const GCRA: LuaScript = { name: 'civicTakeRecipientSlot', keys: 1, lua: `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = interval * (tonumber(ARGV[2]) - 1)
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait > 0 then return wait end
local nextTat = tat + interval
redis.call('SET', KEYS[1], nextTat, 'PX', nextTat - now + interval)
return 0
` };

/** The Redis key of one recipient's pacing (under the queue prefix: one slot on a Redis Cluster). */
export function recipientPaceKey(prefix: string, channel: string, identityId: string): string {
  return `${prefix}:pace:${channel}:${identityId}`;
}

/** Takes a slot for `key` now and returns 0, or returns the ms until one may be free (takes nothing). */
export async function takeRecipientSlot(redis: RedisClient, key: string, pacing: RecipientPacing): Promise<number> {
  if (pacing.intervalMs <= 0) return 0;
  return Number(await runScript(redis, GCRA, [key], [pacing.intervalMs, Math.max(1, pacing.burst)]));
}
