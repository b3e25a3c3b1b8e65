/**
 * Queues.addPromptly bounds how long a webhook waits for Redis (ADD_TIMEOUT_MS), but a process
 * that was itself busy past that time (embedded PGlite running a long statement blocks the event
 * loop) must not blame Redis for an answer that is already waiting on the socket.
 */
import { execFileSync } from 'node:child_process';
import { Queues, redisConnection } from '../../src/queue/connection';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';

/** Whether the key exists in the test Redis, asked synchronously by a child process. */
function addedInRedis(key: string): boolean {
  const script = `const R = require('ioredis'); const r = new R(process.argv[1]); r.exists(process.argv[2]).then((n) => { process.stdout.write(String(n)); r.disconnect(); });`;
  return execFileSync(process.execPath, ['-e', script, testRedisUrl(), key], { encoding: 'utf8' }) === '1';
}

describe('addPromptly', () => {
  const prefix = freshPrefix('add-promptly');
  const connection = redisConnection(testRedisUrl());
  const queues = new Queues(connection, prefix);
  afterAll(async () => {
    await queues.close();
    connection.disconnect();
    await cleanPrefix(prefix);
  });

  test('an answer that arrived while this process was blocked past the timeout is taken, not refused', async () => {
    await queues.addPromptly('inbound', 'warm-up', {}, { jobId: 'warm-up' }); // the script is loaded, the connection ready
    const adding = queues.addPromptly('inbound', 'job', {}, { jobId: 'blocked' }, 50);
    // Block the event loop (as a long synchronous PGlite statement does) until Redis has done the
    // add, so its answer is on the socket, and past the 50 ms: looked up from another process,
    // since this one cannot read its own socket while blocked.
    await new Promise<void>((done) =>
      setImmediate(() => {
        const started = Date.now();
        while (Date.now() - started < 100 || !addedInRedis(`${prefix}:inbound:blocked`)) {
          // blocked
        }
        done();
      }),
    );
    const job = await adding;
    expect(job.id).toBe('blocked');
    expect(await queues.get('inbound').getJobState('blocked')).toBe('waiting');
  });
});
