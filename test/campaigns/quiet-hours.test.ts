/**
 * Campaign messages that cannot go yet wait in PostgreSQL, not in Redis (docs/scaling.md, "Redis":
 * a send deferred by quiet hours used to sit in BullMQ's delayed set, ~0.9 KB each, a whole
 * audience for a campaign launched at night; and due messages were released all at once). Here:
 * an SMS campaign launched at 06:00 in Honolulu stores its messages 'scheduled' until 08:00 there
 * and queues nothing; at 08:00 the release puts them into the queue a page at a time, never more
 * than CAMPAIGN_BACKLOG + a page, and everyone gets exactly one text. Telegram has no quiet hours.
 * A flow campaign queues each flow start when the message is released.
 *
 * The whole system (PGlite, real Redis, workers, the real SDKs against the fake providers) on an
 * injected clock, with a small backlog (3) and page (5) so that 20 people make several pages.
 */
import { launchCampaign, resumeCampaign } from '../../src/campaigns/control';
import { pauseCampaign } from '../../src/campaigns/pause';
import { CAMPAIGN_QUEUE, campaignJobIds } from '../../src/campaigns/jobs';
import { tickCampaigns } from '../../src/campaigns/tick';
import { jobIds, outboundQueue } from '../../src/queue/jobs';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { campaignEnv, campaignFixtures, campaignMessages, cdb, createCampaign, importCsvRows, ManualClock, settledCampaign, unfinishedJobs } from './helpers';

/** 06:00 in Honolulu (HST, UTC-10: no daylight saving time). */
const START = '2030-06-04T16:00:00Z';
/** 08:00 in Honolulu: the end of quiet hours. */
const HONOLULU_0800 = new Date('2030-06-04T18:00:00Z');
const BACKLOG = 3;
const PAGE = 5;
const PEOPLE = 20;

let system: TestSystem;
let twilio: FakeTwilio;
let telegram: FakeTelegram;
const clock = new ManualClock(Date.parse(START));
const rt = () => system.runtime;

beforeAll(async () => {
  [twilio, telegram] = await Promise.all([startFakeTwilio(), startFakeTelegram()]);
  system = await startTestSystem(
    'campaign-quiet',
    campaignEnv(campaignFixtures(), {
      TWILIO_ACCOUNT_SID: `AC${'8'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'quiet-test-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: twilio.url,
      // Slow enough that the release has to wait for room several times.
      TWILIO_MPS: '20',
      // One send at a time: the queue then holds at most the waiting sends plus the one being sent.
      WORKER_CONCURRENCY: '1',
      SEND_CONCURRENCY: '1',
      TELEGRAM_BOT_TOKEN: '123:quiet',
      TELEGRAM_WEBHOOK_SECRET: 'quiet-secret',
      TELEGRAM_API_URL: telegram.url,
      SIMULATOR: 'false',
      CAMPAIGN_BACKLOG: String(BACKLOG),
      CAMPAIGN_BATCH_SIZE: String(PAGE),
      // The tests run the periodic check themselves, on the injected clock.
      CAMPAIGN_TICK_MS: '3600000',
    }),
    { now: clock.now },
  );
});

afterAll(async () => {
  await system?.close();
  await Promise.all([twilio?.close(), telegram?.close()]);
});

const importCsv = (rows: string[]) => importCsvRows(rt(), rows, 'quiet.csv');
const create = (yaml: string) => createCampaign(rt(), yaml);
const textsTo = (phone: string) => twilio.messages.filter((m) => m.resource.to === phone).map((m) => m.resource.body);
const settled = (id: string, check: Parameters<typeof settledCampaign>[2], timeoutMs?: number) => settledCampaign(rt(), id, check, timeoutMs);
const tickOf = async (id: string) => (await tickCampaigns(rt())).find((t) => t.campaignId === id)!;

describe('an SMS campaign launched during quiet hours', () => {
  const ID = 'night';
  const phones = Array.from({ length: PEOPLE }, (_, n) => `+18085559${String(n).padStart(3, '0')}`);
  const sms = () => rt().queues.get(outboundQueue('sms'));
  let run = 0;

  beforeAll(async () => {
    await importCsv([...phones.map((p, n) => `${p},,P${n},en,HI,night,web form,2030-05-01`), ',5559901,Tel,en,HI,night,telegram bot,2030-05-01']);
    await create(`id: ${ID}\nname: Night\naudience: { tags: [night], channels: [sms, telegram] }\nmessage: campaign.announcement\n`);
  });

  test('stores the SMS messages scheduled for 08:00 local and queues none of them; Telegram goes now', async () => {
    clock.set(START);
    ({ run } = await launchCampaign(rt(), ID));
    await settled(ID, (x) => x.steps[0].fanoutDone && x.totals.sent === 1);
    const messages = await campaignMessages(rt(), ID);
    const texts = messages.filter((m) => m.channel === 'sms');
    expect(texts).toHaveLength(PEOPLE);
    for (const m of texts) expect([m.status, m.send_at]).toEqual(['scheduled', HONOLULU_0800]);
    // Nothing of them in Redis: no job waiting, none delayed.
    expect(await unfinishedJobs(sms())).toMatchObject({ total: 0, prioritized: 0, delayed: 0 });
    for (const m of texts) expect(await sms().getJob(jobIds.send(String(m.id)))).toBeUndefined();
    // Telegram has no quiet hours: sent at once, never scheduled.
    const [tg] = messages.filter((m) => m.channel === 'telegram');
    expect([tg.status, tg.send_at]).toEqual(['sent', null]);
    expect(telegram.sent.filter((m) => m.chat.id === 5559901)).toHaveLength(1);
    expect(twilio.messages).toHaveLength(0);
    // Before 08:00 the check releases nothing.
    clock.set('2030-06-04T17:59:59Z');
    expect(await tickOf(ID)).toMatchObject({ releasing: false, completed: false });
  });

  test('at 08:00 they are released a page at a time under the back-pressure; each person gets exactly one text', async () => {
    const queue = sms();
    // The SMS queue stopped (BullMQ's pause): the release fills the backlog, then waits for room.
    await queue.pause();
    let resumed = false;
    try {
      clock.set(HONOLULU_0800.toISOString());
      expect(await tickOf(ID)).toMatchObject({ releasing: true });
      // One page goes in while the backlog is under 3; with 5 waiting, the next look finds it full.
      await eventually(async () => (await unfinishedJobs(queue)).prioritized === PAGE);
      const release = (await rt().queues.get(CAMPAIGN_QUEUE).getJob(campaignJobIds.release({ campaignId: ID, run })))!;
      await eventually(async () => (await release.getState()) === 'delayed');
      // A second tick meanwhile starts nothing more: the release is alive.
      expect(await tickOf(ID)).toMatchObject({ releasing: true });
      // It looks again every 250 ms and releases nothing while the queue is full.
      const watchUntil = Date.now() + 1000;
      while (Date.now() < watchUntil) {
        expect((await unfinishedJobs(queue)).total).toBe(PAGE);
        await new Promise((r) => setTimeout(r, 50));
      }
      const statuses = (await campaignMessages(rt(), ID)).filter((m) => m.channel === 'sms').map((m) => m.status);
      expect(statuses.filter((s) => s === 'pending')).toHaveLength(PAGE);
      expect(statuses.filter((s) => s === 'scheduled')).toHaveLength(PEOPLE - PAGE);

      // Sending again: the rest is released as room appears, never more than the backlog plus a page.
      let most = 0;
      let watching = true;
      const watch = (async () => {
        while (watching) {
          most = Math.max(most, (await unfinishedJobs(queue)).total);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await queue.resume();
      resumed = true;
      await settled(ID, (x) => x.totals.sent === PEOPLE + 1, 30_000);
      watching = false;
      await watch;
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(BACKLOG + PAGE);
    } finally {
      if (!resumed) await queue.resume();
    }
    for (const p of phones) expect(textsTo(p)).toHaveLength(1);
    // Released rows leave the ledger's waiting range.
    expect((await campaignMessages(rt(), ID)).every((m) => m.send_at === null)).toBe(true);
    expect(await tickOf(ID)).toMatchObject({ releasing: false, completed: true });
  });
});

describe('a flow campaign launched during quiet hours', () => {
  test('queues a flow start when the message is released, not at hand-out', async () => {
    clock.set(START);
    await importCsv(['+18085559501,,Flo,en,HI,nightflow,web form,2030-05-01']);
    const id = await create('id: nightflow\nname: Night flow\naudience: { tags: [nightflow] }\nmessage: campaign.announcement\nflow: reg\n');
    await launchCampaign(rt(), id);
    await settled(id, (x) => x.steps[0].fanoutDone && x.totals.handedOut === 1);
    const [m] = await campaignMessages(rt(), id);
    expect(m.status).toBe('scheduled');
    const flowStart = () => rt().queues.get(CAMPAIGN_QUEUE).getJob(campaignJobIds.flow(id, m.contact_id));
    expect(await flowStart()).toBeUndefined();

    clock.set(HONOLULU_0800.toISOString());
    expect(await tickOf(id)).toMatchObject({ releasing: true });
    await eventually(async () => textsTo('+18085559501').length === 2 && true, 15_000);
    expect(textsTo('+18085559501')).toEqual([expect.stringContaining('Thank you for being part of our community'), 'Which state?']);
  });
});

describe('pause and resume across the morning', () => {
  test('a campaign paused before 08:00 releases nothing; resumed after, its due messages go at once, without waiting for the periodic check', async () => {
    clock.set(START);
    await importCsv(['+18085559701,,Pau,en,HI,pausenight,web form,2030-05-01', '+18085559702,,Lea,en,HI,pausenight,web form,2030-05-01']);
    const id = await create('id: pausenight\nname: Paused at night\naudience: { tags: [pausenight] }\nmessage: campaign.announcement\n');
    await launchCampaign(rt(), id);
    await settled(id, (x) => x.steps[0].fanoutDone && x.totals.handedOut === 2);
    await pauseCampaign(rt(), id, { reason: 'checking the text' });
    clock.set(new Date(HONOLULU_0800.getTime() + 30 * 60_000).toISOString());
    expect(await tickOf(id)).toMatchObject({ releasing: false });
    expect((await campaignMessages(rt(), id)).map((m) => m.status)).toEqual(['scheduled', 'scheduled']);

    await resumeCampaign(rt(), id);
    // No tick from here on (CAMPAIGN_TICK_MS is an hour): the resume itself starts the release.
    await settled(id, (x) => x.totals.sent === 2);
    expect(textsTo('+18085559701')).toHaveLength(1);
    expect(textsTo('+18085559702')).toHaveLength(1);
  });
});

describe('an anchored campaign', () => {
  test('an anchor time inside quiet hours waits for their end; due at night, it waits for the morning again', async () => {
    clock.set(START);
    await importCsv(['+18085559601,,Early,en,HI,early,web form,2030-05-01']);
    // Hawaii's registration deadline is June 20: 5 days before at 07:00 HST is inside quiet hours.
    const id = await create('id: early\nname: Early\naudience: { tags: [early] }\nmessage: campaign.register_nudge\nsend: { anchor: { date: registration_deadline, days_before: 5, at: "07:00" } }\n');
    await launchCampaign(rt(), id);
    await settled(id, (x) => x.steps[0].fanoutDone && x.totals.handedOut === 1);
    const [row] = await cdb(rt()).selectFrom('campaign_recipients').select(['send_at', 'expires_at']).where('campaign_id', '=', id).execute();
    expect(row.send_at).toEqual(new Date('2030-06-15T18:00:00Z')); // 08:00 HST, not 07:00
    expect(row.expires_at).not.toBeNull();

    // The release comes late, at 22:00 in Honolulu (the campaign was stuck, say): rather than
    // queueing a send that deliver() would park in Redis until morning, it schedules it again.
    clock.set('2030-06-16T08:00:00Z');
    expect(await tickOf(id)).toMatchObject({ releasing: true });
    const message = async () => (await campaignMessages(rt(), id))[0];
    const again = await eventually(async () => {
      const m = await message();
      return m.send_at?.getTime() === Date.parse('2030-06-16T18:00:00Z') && m;
    });
    expect(again.status).toBe('scheduled');
    expect(await rt().queues.get(outboundQueue('sms')).getJob(jobIds.send(String(again.id)))).toBeUndefined();
    expect(await tickOf(id)).toMatchObject({ releasing: false });
    clock.set('2030-06-16T18:00:00Z');
    expect(await tickOf(id)).toMatchObject({ releasing: true });
    await settled(id, (x) => x.totals.sent === 1);
    expect(textsTo('+18085559601')).toHaveLength(1);
  });
});
