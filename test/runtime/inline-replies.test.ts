/**
 * The replies to an inbound message are sent by the job that processed it, right after its
 * transaction commits (src/runtime/send-inline.ts, issue #18): in order, with no send job; what
 * cannot go now is handed to the send queue with everything after it, in order; a crash between
 * the commit and the sends is recovered by the sweep, once. SMS through the fake Twilio, on
 * PostgreSQL; each case uses its own number and waits on conditions.
 */
import * as inline from '../../src/runtime/send-inline';
import { jobIds, outboundQueue } from '../../src/queue/jobs';
import { sweep } from '../../src/runtime/workers';
import { sql } from 'kysely';
import type { Message } from '../../src/store/schema';
import { eventually } from '../helpers/system';
import { startSmsHarness, type SmsHarness } from '../helpers/sms-harness';

let h: SmsHarness;
let phones = 0;
const newPhone = () => `+1212555${String(2000 + ++phones)}`;

beforeAll(async () => {
  h = await startSmsHarness('inline-replies');
  // A first conversation loads what the first send loads (the twilio SDK, on a busy machine
  // seconds), so the cases below do not meet the inline sends' age limit (10 s) on a cold start.
  await converse('+12125559999', 'hi');
});
afterAll(async () => h?.close());
afterEach(() => jest.restoreAllMocks());

const sendQueue = () => h.system.runtime.queues.get(outboundQueue('sms'));
const replies = (rows: Message[]) => rows.filter((m) => m.direction === 'out');
/** The sids of the messages the fake Twilio accepted for a number, in the order they reached it. */
const received = (phone: string) => h.fake.messages.filter((m) => m.params.To === phone).map((m) => m.resource.sid);
const attempts = (phone: string) => h.fake.requests.filter((r) => r.params.To === phone).length;

/** Texts in and waits until the system is done with it; the replies it caused. */
async function converse(phone: string, body: string): Promise<Message[]> {
  const before = (await h.messagesOf(phone)).length;
  expect(await h.textIn(phone, body)).toBe(200);
  await eventually(async () => (await h.messagesOf(phone)).length > before);
  return replies((await h.settled(phone)).slice(before));
}

test('a step with two replies: both sent by the inbound job, in order, and no send job is created', async () => {
  const phone = newPhone();
  const first = await converse(phone, 'hi');
  const second = await converse(phone, '1'); // English: the welcome, then the menu
  expect(second.map((m) => m.key)).toEqual(['welcome.hello', 'menu.prompt']);
  const all = [...first, ...second];
  expect(all.every((m) => m.status === 'queued')).toBe(true); // the fake's answer, recorded
  expect(received(phone)).toEqual(all.map((m) => m.provider_id));
  expect(attempts(phone)).toBe(all.length);
  for (const m of all) expect(await sendQueue().getJob(jobIds.send(m.id))).toBeUndefined();
  const jobs = await sendQueue().getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
  expect(jobs.filter((j) => all.some((m) => String(m.id) === String(j.data.messageId)))).toEqual([]);
});

test('the first reply meets a 500: both go to the queue, in order, and arrive in order once Twilio is back', async () => {
  const phone = newPhone();
  await converse(phone, 'hi');
  h.fake.outage(500);
  let ids: string[] = [];
  try {
    expect(await h.textIn(phone, '1')).toBe(200);
    // Both replies handed over: a send job each, the first refused once by the inline attempt.
    ids = await eventually(async () => {
      const out = replies(await h.messagesOf(phone)).slice(1);
      if (out.length !== 2) return undefined;
      const jobs = await Promise.all(out.map((m) => sendQueue().getJob(jobIds.send(m.id))));
      return jobs.every(Boolean) && out.map((m) => m.id);
    });
  } finally {
    h.fake.outage(null);
  }
  const rows = replies(await h.settled(phone));
  expect(rows.map((m) => m.key)).toEqual(['language.prompt', 'welcome.hello', 'menu.prompt']);
  expect(rows.map((m) => m.status)).toEqual(['queued', 'queued', 'queued']);
  expect(received(phone)).toEqual(rows.map((m) => m.provider_id)); // in order, each once
  expect(ids).toEqual(rows.slice(1).map((m) => m.id));
  // The inline attempt's 500 is the one error recorded on the first; the second never met one.
  expect(rows[1].error_code).toBe('20500');
});

test("the queue's rate limit reached (a 429 paused it): the replies wait in the queue, in order, and go when it lifts", async () => {
  const phone = newPhone();
  await converse(phone, 'hi');
  // The worker's limiter and the inline sends share one count (src/queue/send-limiter.ts); lifted
  // by the test once both replies are queued.
  await sendQueue().rateLimit(120_000);
  let queued: string[] = [];
  try {
    expect(await h.textIn(phone, '1')).toBe(200);
    queued = await eventually(async () => {
      const out = replies(await h.messagesOf(phone)).slice(1);
      if (out.length !== 2) return undefined;
      const jobs = await Promise.all(out.map((m) => sendQueue().getJob(jobIds.send(m.id))));
      return jobs.every(Boolean) && out.map((m) => m.id);
    });
    expect(attempts(phone)).toBe(1); // nothing was tried inline
  } finally {
    await sendQueue().removeRateLimitKey();
  }
  const rows = replies(await h.settled(phone));
  expect(rows.slice(1).map((m) => m.id)).toEqual(queued);
  expect(rows.map((m) => m.status)).toEqual(['queued', 'queued', 'queued']);
  expect(received(phone)).toEqual(rows.map((m) => m.provider_id));
});

test('a crash between the commit and the sends: the replies stay pending and the sweep sends each once', async () => {
  const phone = newPhone();
  await converse(phone, 'hi');
  // As if the process died right after the commit: the inline sends never run. (BullMQ then retries
  // the inbound job, which finds its message processed and does nothing.)
  const spy = jest.spyOn(inline, 'sendInline').mockRejectedValueOnce(new Error('worker killed after commit'));
  expect(await h.textIn(phone, '1')).toBe(200);
  const pending = await eventually(async () => {
    const out = replies(await h.messagesOf(phone)).slice(1);
    return out.length === 2 && out.every((m) => m.status === 'pending') && out;
  });
  // The replies are pending from the commit on, a moment before the runner reaches its sends: wait for those.
  await eventually(async () => spy.mock.results.length === 1 && spy.mock.results[0].type === 'return' && spy.mock.results[0].value.catch(() => true));
  expect(spy).toHaveBeenCalledTimes(1);
  // Left alone: no send job exists, and the sweep's regular pass leaves messages this young alone.
  for (const m of pending) expect(await sendQueue().getJob(jobIds.send(m.id))).toBeUndefined();
  expect((await sweep(h.system.runtime)).outbound).toBe(0);
  expect(received(phone)).toHaveLength(1);
  // The sweep (told they are old enough) queues them, in order; a second pass adds nothing.
  await sweep(h.system.runtime, 0);
  await sweep(h.system.runtime, 0);
  const rows = replies(await h.settled(phone));
  expect(rows.map((m) => m.status)).toEqual(['queued', 'queued', 'queued']);
  expect(received(phone)).toEqual(rows.map((m) => m.provider_id));
  expect(attempts(phone)).toBe(3);
});

test('the sweep leaves a reply whose send started lately (an inline send in flight) alone, and sends it once when that send is long gone', async () => {
  const phone = newPhone();
  await converse(phone, 'hi');
  jest.spyOn(inline, 'sendInline').mockRejectedValueOnce(new Error('worker killed after commit'));
  expect(await h.textIn(phone, '1')).toBe(200);
  const pending = await eventually(async () => {
    const out = replies(await h.messagesOf(phone)).slice(1);
    return out.length === 2 && out.every((m) => m.status === 'pending') && out;
  });
  const db = h.system.runtime.db.kysely;
  const ids = pending.map((m) => m.id);
  // As an inline send calling Twilio right now would have left them: marked started, still pending.
  await db.updateTable('messages').set({ send_started_at: sql`now()` } as any).where('id', 'in', ids).execute();
  await sweep(h.system.runtime, 0);
  for (const id of ids) expect(await sendQueue().getJob(jobIds.send(id))).toBeUndefined();
  // A send that started two minutes ago and never recorded its answer: the process died. Twilio
  // is asked first (findSent: it has nothing), then each is sent, once.
  await db.updateTable('messages').set({ send_started_at: sql`now() - interval '2 minutes'` } as any).where('id', 'in', ids).execute();
  await sweep(h.system.runtime, 0);
  const rows = replies(await h.settled(phone));
  expect(rows.map((m) => m.status)).toEqual(['queued', 'queued', 'queued']);
  expect(received(phone)).toEqual(rows.map((m) => m.provider_id));
});
