/**
 * `civic-engage start` with no REDIS_URL on a fresh embedded PGlite uses the Redis that answers on
 * 127.0.0.1:6379. Regression: when the start-up probed Redis beside PGlite's boot (initdb blocks
 * the event loop for seconds), the probe's 500 ms timeout expired before its PONG was read, and a
 * private redis-server was launched although one was running. Runs only where the tests' Redis is
 * the one on 6379 (what the probe finds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChildSystem, freePort } from '../faults/helpers';
import { cleanPrefix, freshPrefix } from '../helpers/redis';

const onDefaultRedis = /^redis:\/\/(127\.0\.0\.1|localhost):6379\/?$/.test(process.env.TEST_REDIS_URL ?? '');


(onDefaultRedis ? test : test.skip)('a fresh `start` finds the running Redis on 6379 and launches none', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ce-start-redis-'));
  const prefix = `{${freshPrefix('start-finds-redis')}}`;
  let system: ChildSystem | undefined;
  try {
    system = await ChildSystem.start('start', 'start', { PORT: String(await freePort()), DATA_DIR: dataDir, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' }, 200_000);
    const output = system.output();
    expect(output).toContain('redis: using the server already running on 127.0.0.1:6379');
    expect(output).not.toContain('launched a private redis-server');
    // The banner: where the console is and how to get in (an un-awaited banner printed "[object Promise]").
    expect(output).toMatch(/Console: +http:\/\/localhost:\d+\/console/);
    expect(output).not.toContain('[object Promise]');
  } finally {
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await cleanPrefix(prefix);
  }
});
