/**
 * Our Lua scripts on Redis (the reply limit, the send slots, the per-recipient pacing), run as
 * ioredis commands (`defineCommand`): EVALSHA with the script's SHA-1, the text sent again (EVAL)
 * only when Redis does not have it (after a restart or SCRIPT FLUSH). EVAL with the whole text on
 * every call cost a few hundred bytes per message on the wire and a hash of the text in Redis.
 */
import type { RedisClient } from './connection';

/** A script: its command name (unique among ours), how many of its arguments are keys, its text. */
export interface LuaScript {
  name: string;
  keys: number;
  lua: string;
}

type Command = (...args: (string | number)[]) => Promise<unknown>;

/** The scripts already defined on each client (defineCommand is per client). */
const defined = new WeakMap<RedisClient, Set<string>>();

/** Runs `script` on `redis` with its keys and arguments (see the module comment). */
export function runScript(redis: RedisClient, script: LuaScript, keys: string[], args: (string | number)[]): Promise<unknown> {
  let names = defined.get(redis);
  if (!names) defined.set(redis, (names = new Set()));
  if (!names.has(script.name)) {
    redis.defineCommand(script.name, { numberOfKeys: script.keys, lua: script.lua });
    names.add(script.name);
  }
  return (redis as unknown as Record<string, Command>)[script.name](...keys, ...args);
}
