/**
 * Fault: the provider accepted a message, and the write of its status is lost. On SMS and WhatsApp
 * a send ends without waiting for "sent" to commit (the "send started" mark is committed before
 * the provider is called, and Twilio can be asked what it sent: src/runtime/deliver.ts, issue #18):
 * a send job, and a reply sent by the job that processed the message it answers (an inline send).
 * Here PostgreSQL goes away (a TCP proxy on 127.0.0.1, cut) while Twilio's answer is on the wire:
 * the job completes, the write fails, and the message stays pending with its mark. Once the
 * database is back, the maintenance sweep replaces the completed job (its id would make a plain
 * re-add a no-op) or, for a reply, queues one, and that job finds the message at Twilio
 * (findSent) and records it: sent exactly once, and recorded.
 */
import { findOrCreateIdentity } from '../../src/store/contacts';
import { jobIds, outboundQueue, QUEUES } from '../../src/queue/jobs';
import { acceptInbound } from '../../src/runtime/accept';
import { queueMessage } from '../../src/runtime/outbound';
import { sendBatches } from '../../src/runtime/send-batches';
import { sweep } from '../../src/runtime/workers';
import { sql } from 'kysely';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { TcpProxy, viaPort } from './helpers';

const ACCOUNT_SID = `AC${'6'.repeat(32)}`;
const AUTH_TOKEN = 'status-lost-token';

describe('the status write of a sent message is lost', () => {
  let fake: FakeTwilio;
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let system: TestSystem | undefined;

  afterAll(async () => {
    proxy?.restore();
    await system?.close();
    await proxy?.close();
    await fake?.close();
    await database?.drop();
  });

  it('the message stays pending and marked, and the sweep records it as sent without sending it again', async () => {
    fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    database = await freshDatabase();
    proxy = await TcpProxy.start(Number(new URL(database.url).port || 5432));
    system = await startTestSystem(
      'status-lost',
      {
        DATABASE_URL: viaPort(database.url, proxy.port),
        SIMULATOR: 'false',
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_URL: fake.url,
        TWILIO_MPS: '100',
        // Any hour is a sending hour: the notification goes whenever the test runs.
        QUIET_HOURS_START: '00:00',
        QUIET_HOURS_END: '00:00',
      },
      { postgres: false },
    );
    const rt = system.runtime;
    const db = rt.db.kysely;
    const phone = '+12125550188';
    const { identity } = await findOrCreateIdentity(db, 'sms', phone);
    const toPhone = () => fake.messages.filter((m) => m.params.To === phone);
    const row = (id: string) => db.selectFrom('messages').select(['status', 'provider_id', 'send_started_at']).where('id', '=', id).executeTakeFirstOrThrow();

    // Twilio accepts the message; its answer is held until PostgreSQL is cut.
    const release = fake.hold();
    const id = await queueMessage(rt, { contactId: identity.contact_id, identityId: identity.id, channel: 'sms', kind: 'notification', message: { text: 'Polls open at 7 tomorrow.' } });
    await eventually(async () => toPhone().length === 1);
    proxy.cut();
    release();
    // The job completes (Redis is there) and the write behind it fails (PostgreSQL is not).
    await eventually(async () => (await rt.queues.get(outboundQueue('sms')).getJob(jobIds.send(id)))?.isCompleted());
    await sendBatches(rt.db, rt.config).flushed();
    proxy.restore();

    const lost = await eventually(async () => row(id).catch(() => undefined)); // the pool reconnects
    expect(lost).toMatchObject({ status: 'pending', provider_id: null });
    expect(lost.send_started_at).toBeInstanceOf(Date);
    // The sweep's regular pass leaves a send that started lately to itself.
    await sweep(rt, 0);
    expect(await (await rt.queues.get(outboundQueue('sms')).getJob(jobIds.send(id)))?.isCompleted()).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'pending' });

    // Two minutes later (the mark moved back, as time would): the sweep replaces the completed job.
    await db.updateTable('messages').set({ send_started_at: sql`now() - interval '2 minutes'` } as any).where('id', '=', id).execute();
    const listsBefore = fake.requests.filter((r) => r.method === 'GET').length;
    await sweep(rt, 0);
    const recorded = await eventually(async () => {
      const r = await row(id);
      return r.status !== 'pending' && r;
    });
    expect(recorded).toMatchObject({ status: 'queued', provider_id: toPhone()[0].resource.sid });
    expect(toPhone()).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(listsBefore); // asked, not sent
    expect(fake.requests.filter((r) => r.method === 'POST' && r.params.To === phone)).toHaveLength(1);
  });

  it('the same for a reply sent inline: its job completes, the reply stays pending and marked, and the sweep has it recorded, sent once', async () => {
    const rt = system!.runtime;
    const db = rt.db.kysely;
    const phone = '+12125550189';
    const toPhone = () => fake.messages.filter((m) => m.params.To === phone);
    const replyOf = (contactId: string) => db.selectFrom('messages').select(['id', 'status', 'provider_id', 'send_started_at']).where('contact_id', '=', contactId).where('direction', '=', 'out').executeTakeFirst();

    const release = fake.hold();
    const accepted = await acceptInbound(rt, { channel: 'sms', address: phone, text: 'hello', providerId: `SM${'7'.repeat(32)}` });
    if (accepted.status !== 'accepted') throw new Error(accepted.status);
    await eventually(async () => toPhone().length === 1); // the language menu, sent by the inbound job
    proxy.cut();
    release();
    await eventually(async () => (await rt.queues.get(QUEUES.inbound).getJob(jobIds.inbound(accepted.messageId)))?.isCompleted());
    await sendBatches(rt.db, rt.config).flushed();
    proxy.restore();

    const lost = await eventually(async () => replyOf(accepted.contactId).catch(() => undefined));
    expect(lost).toMatchObject({ status: 'pending', provider_id: null });
    expect(lost.send_started_at).toBeInstanceOf(Date);
    await db.updateTable('messages').set({ send_started_at: sql`now() - interval '2 minutes'` } as any).where('id', '=', lost.id).execute();
    await sweep(rt, 0);
    const recorded = await eventually(async () => {
      const r = await replyOf(accepted.contactId);
      return r && r.status !== 'pending' && r;
    });
    expect(recorded).toMatchObject({ status: 'queued', provider_id: toPhone()[0].resource.sid });
    expect(fake.requests.filter((r) => r.method === 'POST' && r.params.To === phone)).toHaveLength(1);
  });
});
