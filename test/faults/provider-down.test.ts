/**
 * Fault: the providers are down. The fake Twilio and the fake Telegram Bot API answer 500 to every
 * send for 15 s while a few hundred messages are queued: each is retried with the send job's
 * backoff (2 s, 4 s, 8 s, 16 s: src/runtime/outbound.ts; no setting makes it shorter) and goes out
 * once the provider is back. None twice, none dropped.
 */
import { outboundQueue } from '../../src/queue/jobs';
import { queueMessage } from '../../src/runtime/outbound';
import { findOrCreateIdentity } from '../../src/store/contacts';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { writeFixtureDirs } from '../engine/fixtures';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { countBy, sleep } from './helpers';


const SMS = 300;
const TELEGRAM = 90;
const OUTAGE_MS = 15_000;

describe('providers answering 500 for a while', () => {
  let twilio: FakeTwilio;
  let telegram: FakeTelegram;
  let sys: TestSystem | undefined;

  afterAll(async () => {
    await sys?.close();
    await Promise.all([twilio?.close(), telegram?.close()]);
  });

  it('every queued message goes out once the provider is back, once', async () => {
    [twilio, telegram] = await Promise.all([startFakeTwilio(), startFakeTelegram()]);
    const dirs = writeFixtureDirs();
    sys = await startTestSystem(
      'fault-provider-down',
      {
        FLOWS_DIR: dirs.flowsDir,
        LOCALES_DIR: dirs.localesDir,
        SIMULATOR: 'false',
        TWILIO_ACCOUNT_SID: `AC${'4'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'fault-token',
        TWILIO_FROM: '+15005550006',
        TWILIO_API_URL: twilio.url,
        TWILIO_MPS: '1000',
        TELEGRAM_BOT_TOKEN: '123:down',
        TELEGRAM_WEBHOOK_SECRET: 'down-secret',
        TELEGRAM_API_URL: telegram.url,
        WORKER_CONCURRENCY: '16',
        QUIET_HOURS_START: '00:00',
        QUIET_HOURS_END: '00:00',
      },
      { postgres: true, web: false },
    );
    const rt = sys.runtime;
    const db = rt.db.kysely;

    twilio.outage(500);
    telegram.outage(500);
    const downSince = Date.now();
    const addresses = [
      ...Array.from({ length: SMS }, (_, i) => ({ channel: 'sms', address: `+1718555${String(i).padStart(4, '0')}` })),
      ...Array.from({ length: TELEGRAM }, (_, i) => ({ channel: 'telegram', address: String(9_100_000 + i) })),
    ];
    const ids: string[] = [];
    for (const a of addresses) {
      const { identity } = await findOrCreateIdentity(db, a.channel, a.address);
      ids.push(await queueMessage(rt, { contactId: identity.contact_id, identityId: identity.id, channel: a.channel, kind: 'notification', message: { key: 'fault.test', text: `Reminder for ${a.address}` } }));
    }
    // Every message has been tried, and refused, at least once.
    await eventually(async () => new Set(twilio.requests.filter((r) => r.status === 500).map((r) => r.params.To)).size === SMS && new Set(telegram.requests.filter((r) => r.status === 500).map((r) => String(r.body.chat_id))).size === TELEGRAM, OUTAGE_MS, 100);
    expect(twilio.messages.length + telegram.sent.length).toBe(0);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downSince)));
    twilio.outage(null);
    telegram.outage(null);
    const upAt = Date.now();

    const statuses = async () => countBy(await db.selectFrom('messages').select('status').where('id', 'in', ids).execute(), (m) => m.status);
    try {
      await eventually(async () => !(await statuses()).has('pending'), 60_000, 250);
    } catch (err) {
      throw new Error(`${(err as Error).message}: ${JSON.stringify(Object.fromEntries(await statuses()))}`);
    }
    await sleep(1000);
    const failedJobs = (await rt.queues.get(outboundQueue('sms')).getFailedCount()) + (await rt.queues.get(outboundQueue('telegram')).getFailedCount());
    process.stderr.write(`[faults] provider down ${OUTAGE_MS / 1000} s: all ${addresses.length} out ${Math.round((Date.now() - upAt) / 1000)} s after it came back; ${twilio.requests.filter((r) => r.status === 500).length + telegram.requests.filter((r) => r.status === 500).length} refused attempts\n`);

    const got = new Map([...countBy(twilio.messages, (m) => m.resource.to), ...countBy(telegram.sent, (m) => String(m.chat.id))]);
    const wrong = addresses.filter((a) => got.get(a.address) !== 1).map((a) => `${a.address}: ${got.get(a.address) ?? 0}`);
    expect({ wrong: wrong.slice(0, 10), wrongCount: wrong.length, statuses: Object.fromEntries(await statuses()), failedJobs }).toEqual({
      wrong: [],
      wrongCount: 0,
      statuses: { queued: SMS, sent: TELEGRAM },
      failedJobs: 0,
    });
  });
});
