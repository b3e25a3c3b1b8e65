/**
 * Our Lua scripts go as EVALSHA (src/queue/scripts.ts): the text is sent once per connection (or
 * again after Redis lost it), then only its SHA-1. Real Redis; what it received is read with
 * MONITOR, filtered to this test's own keys.
 */
import { randomUUID } from 'node:crypto';
import { runScript, type LuaScript } from '../../src/queue/scripts';
import { HANG_GUARD_MS } from '../helpers/guard';
import { redisClient } from '../helpers/redis';

const redis = redisClient();
afterAll(() => redis.quit());

test('a script is sent as text once on a connection, then by its SHA-1 only', async () => {
  const key = `scripts-test:${randomUUID()}`;
  const script: LuaScript = { name: 'civicTestEcho', keys: 1, lua: "return KEYS[1] .. ':' .. ARGV[1]" };
  const monitor = await redisClient().monitor();
  const seen: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.includes(key)) seen.push(args);
  });
  try {
    for (let i = 0; i < 3; i++) expect(await runScript(redis, script, [key], [i])).toBe(`${key}:${i}`);
    // MONITOR's stream may trail the replies: wait until all three calls are seen.
    for (const until = Date.now() + HANG_GUARD_MS; seen.length < 3 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 25));
  } finally {
    monitor.disconnect();
  }
  expect(seen.map((args) => args[0].toLowerCase())).toEqual(['eval', 'evalsha', 'evalsha']);
  expect(seen[0][1]).toBe(script.lua);
  expect(seen[1][1]).toMatch(/^[0-9a-f]{40}$/);
});
