/**
 * Forget leaves no trace in Redis (issue #13): `contact forget` left full phone numbers in Redis,
 * in a failed send's error text (the job's failedReason and stacktrace) and in the queues' event
 * streams, which outlive the job hashes. After a send that fails with the number in the provider's
 * error, and forget, every key of every type in the whole Redis database and every row of every
 * table are read, and none holds the number in any common format, the person's words or their ids.
 */
import { dumpDatabase } from '../feedback/harness';
import { forgetContact } from '../../src/privacy/forget';
import { personalDataOf } from '../../src/runtime/module';
import { outboundQueue, jobIds } from '../../src/queue/jobs';
import { findIdentity } from '../../src/store/contacts';
import { startSmsHarness, type SmsHarness } from '../helpers/sms-harness';
import { redisClient } from '../helpers/redis';
import { eventually } from '../helpers/system';


// A number no other test uses: the dump reads the whole Redis database, other test files' keys included.
const PHONE = '+12125550179';
const NATIONAL = ['12125550179', '2125550179', '(212) 555-0179', '(212)555-0179', '212-555-0179', '212.555.0179', '212 555 0179', '555-0179', '+1 212 555 0179', '+1 (212) 555-0179'];
const BODIES = ['my ballot question zq81 about Linden Street', 'please call me back about zq82'];

let h: SmsHarness;
beforeAll(async () => {
  // The reply limit on (test systems run without it): its per-person key must go with the person too.
  h = await startSmsHarness('forget-redis', { REPLY_BURST: '100', REPLY_WINDOW: '1h' });
});
afterAll(async () => h?.close());

/** Every key of the Redis database with its type and whole value, one line each. */
async function dumpRedis(): Promise<string> {
  const redis = redisClient();
  const lines: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        let value: unknown;
        if (type === 'string') value = await redis.get(key);
        else if (type === 'hash') value = await redis.hgetall(key);
        else if (type === 'list') value = await redis.lrange(key, 0, -1);
        else if (type === 'set') value = await redis.smembers(key);
        else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
        else if (type === 'stream') value = await redis.xrange(key, '-', '+');
        else value = `(${type})`;
        lines.push(`${key} ${type} ${JSON.stringify(value)}`);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return lines.join('\n');
}

test('a send fails with the number in the provider error; after forget neither Redis nor the database holds a trace', async () => {
  // Twilio's own 21211 text quotes the number ("The 'To' number +1... is not a valid phone number");
  // a 5xx first, so an attempt that was retried leaves its reason too.
  h.fake.fail({ to: PHONE, status: 500, code: 20500, message: `Internal error sending to ${PHONE}, (212) 555-0179 or 212-555-0179`, times: 1 });
  h.fake.fail({ to: PHONE, status: 400, code: 21211, message: `The 'To' number ${PHONE} (212.555.0179, 2125550179) is not a valid phone number.` });
  expect(await h.textIn(PHONE, BODIES[0])).toBe(200);
  const who = await eventually(() => findIdentity(h.system.runtime.db.kysely, 'sms', PHONE));
  // The first message gets several replies (one step writes them; they leave in order): the first
  // meets the 5xx, is retried and fails for good on the 21211; the next ones are sent.
  const sends = h.system.runtime.queues.get(outboundQueue('sms'));
  const states = await eventually(async () => {
    const replies = (await h.messagesOf(PHONE)).filter((m) => m.direction === 'out');
    if (!replies.length) return undefined;
    const found = await Promise.all(
      replies.map(async (r) => {
        const j = await sends.getJob(jobIds.send(String(r.id)));
        return j ? { state: await j.getState(), attempts: j.attemptsMade } : undefined;
      }),
    );
    return found.every((f) => f && (f.state === 'failed' || f.state === 'completed')) && (found as { state: string; attempts: number }[]);
  });
  // The 5xx, then the 21211 for good. The 5xx is met by the runner's inline send (not a job
  // attempt: the job then fails on its first) or, when the reply was handed to the queue at once
  // (it was older than the inline limit on a busy machine), by the job's first attempt.
  const failed = states.filter((s) => s.state === 'failed');
  expect(failed).toHaveLength(1);
  expect([1, 2]).toContain(failed[0].attempts);
  expect(await h.textIn(PHONE, BODIES[1])).toBe(200);
  await h.settled(PHONE);

  const before = await dumpRedis();
  expect(before).toContain(who.id); // the test looks in the right place

  const rt = h.system.runtime;
  const report = await forgetContact({ db: rt.db.kysely, config: rt.config, now: rt.now, queues: rt.queues, personalData: personalDataOf(rt.modules) }, who.contact_id);
  expect(report).toBeDefined();

  const redis = await dumpRedis();
  const database = await dumpDatabase(rt.db.kysely);
  const found: string[] = [];
  for (const needle of [PHONE, ...NATIONAL, ...BODIES, who.contact_id, who.id]) {
    for (const line of redis.split('\n').filter((l) => l.includes(needle))) {
      const at = line.indexOf(needle);
      found.push(`redis ${needle}: ${line.split(' ')[0]} …${line.slice(Math.max(0, at - 80), at + 80)}…`);
    }
    for (const line of database.split('\n').filter((l) => l.includes(needle))) found.push(`database ${needle}: ${line.slice(0, 200)}`);
  }
  expect(found).toEqual([]);
});
