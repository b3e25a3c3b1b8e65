/**
 * Starts the whole system in-process for a test: HTTP on a free 127.0.0.1 port, workers, the
 * test Redis under a fresh queue prefix, and PGlite in memory (or a fresh PostgreSQL database).
 */
import { HANG_GUARD_MS } from './guard';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/log';
import { startSystem, type System } from '../../src/app/system';
import { freshDatabase } from './postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from './redis';

export interface TestSystem extends System {
  config: Config;
  /** Stops the system and removes its queue keys and database. */
  close(): Promise<void>;
}

export async function startTestSystem(
  name: string,
  env: Record<string, string | undefined> = {},
  opts: { postgres?: boolean; web?: boolean; workers?: boolean; now?: () => Date } = {},
): Promise<TestSystem> {
  const prefix = freshPrefix(name);
  const database = opts.postgres ? await freshDatabase() : undefined;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: ':memory:',
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ORG_NAME: 'Test Org',
    ORG_CONTACT: 'help@example.org',
    // Tests script whole conversations from one person in a burst: no reply limit unless a test
    // sets one (the limit itself: test/runtime/reply-limit.test.ts).
    REPLY_BURST: '0',
    // A new database connection waits as long as the hang guard: on a busy machine the process's
    // event loop can be held for seconds (a module compiled on first use), and the pool's timer
    // then fires before the connection it waits for is read.
    DATABASE_CONNECT_TIMEOUT_MS: String(HANG_GUARD_MS),
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const system = await startSystem({ config, web: opts.web ?? true, workers: opts.workers ?? true, log: createLogger(config.LOG_LEVEL), now: opts.now });
  return {
    ...system,
    config,
    close: async () => {
      await system.stop();
      await cleanPrefix(prefix);
      await database?.drop();
    },
  };
}

/** Polls `check` until it returns a truthy value (bounded); for waiting on queue work in tests. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = HANG_GUARD_MS, everyMs = 50): Promise<T> {
  // An explicit timeout is a guard too: never shorter than the hang guard on a busy machine.
  timeoutMs = Math.max(timeoutMs, HANG_GUARD_MS);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
