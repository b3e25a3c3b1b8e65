/**
 * How many replies one identity gets, shared by every worker process through Redis (issue #13:
 * one number sending 30 texts in 13 s got 30 replies, about 179 billed segments).
 *
 * A token bucket per identity: `burst` tokens, refilled at `burst` per `windowMs`. Every message
 * that would be answered takes a token, also those that are not answered (the bucket floors at
 * zero), so a person who keeps sending faster than the refill rate stays silent; once they slow
 * down, tokens come back and so do the answers. The first message without a token gets one notice
 * ("too many at once"); the next ones get nothing until a reply is allowed again. One Lua script on
 * Redis's own clock, so it holds across workers and restarts.
 */
import type { RedisClient } from './connection';
import { runScript, type LuaScript } from './scripts';

/** What to do with one message: answer it, send the one notice, or stay silent. */
export type ReplyVerdict = 'reply' | 'notice' | 'silent';

/** The limit: `burst` answers at once, refilled at `burst` per `windowMs`; burst 0 = no limit. */
export interface ReplyLimit {
  burst: number;
  windowMs: number;
}

// KEYS[1] = the identity's bucket (a hash: t tokens, at last update ms, n notice sent);
// ARGV = burst, window ms.
const BUCKET: LuaScript = { name: 'civicTakeReply', keys: 1, lua: `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local h = redis.call('HMGET', KEYS[1], 't', 'at', 'n')
local tokens = tonumber(h[1]) or burst
local at = tonumber(h[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * burst / window)
local verdict = 'reply'
local noticed = h[3] or '0'
if tokens >= 1 then
  noticed = '0'
elseif noticed == '1' then
  verdict = 'silent'
else
  verdict = 'notice'
  noticed = '1'
end
tokens = math.max(0, tokens - 1)
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', now, 'n', noticed)
-- After a window without messages the bucket is full again: the key is not needed any more.
redis.call('PEXPIRE', KEYS[1], window)
return verdict
` };

/** The Redis key of an identity's bucket (under the queue prefix: one slot on a Redis Cluster). */
export function replyLimitKey(prefix: string, identityId: string): string {
  return `${prefix}:replies:${identityId}`;
}

/** Counts one message of `identityId` and says whether it is answered (see the module comment). */
export async function takeReply(redis: RedisClient, prefix: string, identityId: string, limit: ReplyLimit): Promise<ReplyVerdict> {
  if (limit.burst <= 0 || limit.windowMs <= 0) return 'reply';
  return (await runScript(redis, BUCKET, [replyLimitKey(prefix, identityId)], [limit.burst, limit.windowMs])) as ReplyVerdict;
}
