/**
 * The "send started" mark, set by the send path's read (src/store/deliveries.ts, issue #18) on SMS:
 * a message sent carries it; a message the read marked and the send then did not make (quiet
 * hours, seen only after the read) has it taken back, so its next attempt does not ask Twilio
 * first for nothing. SMS through the fake Twilio, on PostgreSQL; sending hours 22:00-23:00 in New
 * York while the harness's clock says noon there, so every notification waits (replies do not).
 */
import { jobIds, outboundQueue } from '../../src/queue/jobs';
import { queueMessage } from '../../src/runtime/outbound';
import { findIdentity } from '../../src/store/contacts';
import { eventually } from '../helpers/system';
import { startSmsHarness, type SmsHarness } from '../helpers/sms-harness';

let h: SmsHarness;

beforeAll(async () => {
  h = await startSmsHarness('send-mark', { QUIET_HOURS_START: '22:00', QUIET_HOURS_END: '23:00' });
});
afterAll(async () => h?.close());

test('a reply sent carries the mark; a notification held by quiet hours after the read marked it has the mark taken back', async () => {
  const phone = '+12125550142';
  expect(await h.textIn(phone, 'hi')).toBe(200);
  const [reply] = (await h.settled(phone)).filter((m) => m.direction === 'out');
  expect(reply.status).toBe('queued');
  expect(reply.send_started_at).toBeInstanceOf(Date);

  const rt = h.system.runtime;
  const who = (await findIdentity(rt.db.kysely, 'sms', phone))!;
  const id = await queueMessage(rt, { contactId: who.contact_id, identityId: who.id, channel: 'sms', kind: 'notification', message: { text: 'Polls open at 7.' } });
  // Tried once (the read marked it), then moved to the delayed set until 22:00 New York time.
  const job = await eventually(async () => {
    const j = await rt.queues.get(outboundQueue('sms')).getJob(jobIds.send(id));
    return j && (await j.isDelayed()) && j;
  });
  expect(job.attemptsStarted).toBeGreaterThanOrEqual(1);
  const row = await rt.db.kysely.selectFrom('messages').select(['status', 'send_started_at']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(row).toEqual({ status: 'pending', send_started_at: null });
  expect(h.fake.messages.filter((m) => m.params.To === phone)).toHaveLength(1);
  await job.remove();
});
