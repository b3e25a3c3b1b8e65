/**
 * Campaigns through the whole system (PGlite, real Redis, workers) with the real twilio and grammY
 * SDKs sending to the fake providers, on an injected clock: preview, launch requirements, consent,
 * languages, quiet hours, pause/resume, deadline anchors, a series that stops on REGISTERED or
 * STOP, the circuit breaker with its Slack alert, a flow start, and the admin API.
 *
 * One system for all cases; each case has its own contacts (a tag) and campaign.
 */
import { launchCampaign, launchProblems, resumeCampaign } from '../../src/campaigns/control';
import { pauseCampaign } from '../../src/campaigns/pause';
import { parseCampaignYaml } from '../../src/campaigns/definition';
import { previewCampaign } from '../../src/campaigns/preview';
import { campaignStatus } from '../../src/campaigns/status';
import { tickCampaigns } from '../../src/campaigns/tick';
import { CAMPAIGN_QUEUE, campaignJobIds } from '../../src/campaigns/jobs';
import { campaignStatusCommand } from '../../src/cli/campaign';
import { jobIds, outboundQueue } from '../../src/queue/jobs';
import { acceptInbound } from '../../src/runtime/accept';
import { recordConsent } from '../../src/store/consent';
import { findIdentity, getContact } from '../../src/store/contacts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { campaignEnv, campaignFixtures, campaignMessages, cdb, createCampaign, importCsvRows, ManualClock, settledCampaign } from './helpers';

const ADMIN_TOKEN = 'campaign-admin-token-0123456789-abcdef';
/** Noon in New York, 09:00 in Los Angeles, 06:00 in Honolulu (before the 08:00 quiet-hours end). */
const START = '2030-06-04T16:00:00Z';

let system: TestSystem;
let twilio: FakeTwilio;
let telegram: FakeTelegram;
let slack: FakeSlack;
const clock = new ManualClock(Date.parse(START));
const rt = () => system.runtime;
let providerIds = 0;

beforeAll(async () => {
  [twilio, telegram, slack] = await Promise.all([startFakeTwilio(), startFakeTelegram(), startFakeSlack()]);
  const f = campaignFixtures();
  system = await startTestSystem(
    'campaigns',
    campaignEnv(f, {
      TWILIO_ACCOUNT_SID: `AC${'7'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'campaign-test-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: twilio.url,
      TWILIO_MPS: '200',
      TELEGRAM_BOT_TOKEN: '123:campaigns',
      TELEGRAM_WEBHOOK_SECRET: 'campaign-secret',
      TELEGRAM_API_URL: telegram.url,
      SLACK_BOT_TOKEN: 'xoxb-campaigns',
      SLACK_API_URL: slack.apiUrl,
      CAMPAIGN_ALERT_CHANNEL: 'C0ALERTS',
      ADMIN_TOKEN,
      SIMULATOR: 'false',
      // The tests run the periodic check themselves, on the injected clock.
      CAMPAIGN_TICK_MS: '3600000',
    }),
    { now: clock.now },
  );
});

afterAll(async () => {
  await system?.close();
  await Promise.all([twilio?.close(), telegram?.close(), slack?.close()]);
});

const importCsv = (rows: string[]) => importCsvRows(rt(), rows);
const create = (yaml: string) => createCampaign(rt(), yaml);

const textsTo = (phone: string) => twilio.messages.filter((m) => m.resource.to === phone).map((m) => m.resource.body);
const textsToChat = (chatId: number) => telegram.sent.filter((m) => m.chat.id === chatId).map((m) => m.text);
const inbound = (channel: 'sms' | 'telegram', address: string, text: string) => acceptInbound(rt(), { channel, address, text, providerId: `SM${String(++providerIds).padStart(32, '0')}` });

const settled = (id: string, check: Parameters<typeof settledCampaign>[2], timeoutMs?: number) => settledCampaign(rt(), id, check, timeoutMs);

describe('launch requirements', () => {
  test('no launch without the disclaimer, a real sender, real election data', async () => {
    const id = await create('id: req\nname: Requirements\nmessage: campaign.register_nudge\naudience: { tags: [nobody] }\n');
    const def = parseCampaignYaml('id: req\nname: Requirements\nmessage: campaign.register_nudge\n');
    expect(launchProblems(rt(), def)).toEqual([]);
    const bare = { ...rt(), config: { ...rt().config, ORG_DISCLAIMER: undefined, ORG_SENDER: undefined, ORG_NAME: 'Civic Engage (demo)', ELECTIONS_FILE: 'data/elections.yaml' } };
    expect(launchProblems(bare, def)).toEqual([
      expect.stringContaining('ORG_DISCLAIMER is not set'),
      expect.stringContaining('the sender identity is still the demo'),
      expect.stringContaining('holds EXAMPLE values'),
    ]);
    await expect(launchCampaign(bare, id)).rejects.toThrow('cannot launch');
    expect((await campaignStatus(rt(), id)).status).toBe('draft');
  });
});

describe('a registration nudge to a mixed audience', () => {
  const ID = 'nudge';
  beforeAll(async () => {
    await importCsv([
      '+12125550101,,Ana,es,CA,nudge,rally sheet,2030-05-01', // sms, es
      '+13105550102,,Bo,en,CA,nudge,web form,2030-05-01', // sms, en
      ',5550103,Chen,en,TX,nudge,telegram bot,2030-05-01', // telegram
      '+18085550104,,Kai,en,HI,nudge,web form,2030-05-01', // sms, 06:00 in Honolulu: quiet hours
      '+12125550105,,Dee,en,NY,nudge,,', // no consent: never reached
      '+12125550106,,Eve,en,NY,nudge,web form,2030-05-01', // opts out below
      '+12125550107,5550107,Fay,es,TX,nudge,web form,2030-05-01', // both channels: telegram preferred
      '+12125550108,,Gus,en,OH,nudge,web form,2030-05-01', // no election data for OH: skipped
    ]);
    const eve = (await findIdentity(rt().db.kysely, 'sms', '+12125550106'))!;
    await recordConsent(rt().db.kysely, eve, 'opt_out', { word: 'STOP', source: 'keyword', at: clock.now() });
    await create(`
id: ${ID}
name: Registration nudge
audience: { tags: [nudge], channels: [telegram, sms] }
message: campaign.register_nudge
`);
  });

  test('preview: audience per language and channel, texts, segments, cost', async () => {
    const p = await previewCampaign(rt(), ID);
    expect(p.audience.cells).toEqual(
      expect.arrayContaining([
        { language: 'en', channel: 'sms', count: 3 },
        { language: 'en', channel: 'telegram', count: 1 },
        { language: 'es', channel: 'sms', count: 1 },
        { language: 'es', channel: 'telegram', count: 1 },
      ]),
    );
    expect(p.audience.total).toBe(6); // not Dee (no consent), not Eve (opted out)
    const es = p.texts.find((t) => t.language === 'es' && t.channel === 'sms')!;
    expect(es.text).toContain('Responde STOP o PARAR');
    expect(es.segments).toBeGreaterThanOrEqual(2);
    expect(p.sms.messages).toBe(4);
    expect(p.sms.estimatedCost).toBeGreaterThan(0);
    expect(p.problems).toEqual([]);
  });

  test('each eligible person gets one message, in their language; quiet hours wait in the database for 08:00 local', async () => {
    await launchCampaign(rt(), ID);
    const s = await settled(ID, (x) => x.totals.sent === 4 && x.steps[0].fanoutDone);
    expect(s.totals).toMatchObject({ handedOut: 5, sent: 4, waiting: 1, skipped: 1, failed: 0 });
    expect(s.reasons).toMatchObject({ no_election_data: 1 });
    expect(textsTo('+12125550101')).toEqual([expect.stringContaining('El plazo para registrarte para votar en CA vence el 10 de junio')]);
    expect(textsTo('+13105550102')).toEqual([expect.stringMatching(/^Hi! The voter registration deadline in CA is June 10\..*\nTest Org\. Paid for by Test Org PAC\. Reply STOP to opt out\.$/s)]);
    expect(textsToChat(5550103)).toEqual([expect.stringContaining('Send /stop to stop these messages.')]);
    expect(textsToChat(5550107)).toEqual([expect.stringContaining('Envía /stop')]);
    for (const nobody of ['+12125550105', '+12125550106', '+12125550107', '+12125550108']) expect(textsTo(nobody)).toEqual([]);
    // Kai's message waits for 08:00 in Honolulu (18:00 UTC), decided with the injected clock: in
    // the database as 'scheduled', not as a job in Redis.
    const [kai] = (await campaignMessages(rt(), ID)).filter((m) => m.address === '+18085550104');
    expect(kai.status).toBe('scheduled');
    expect(kai.send_at).toEqual(new Date('2030-06-04T18:00:00Z'));
    const queue = rt().queues.get(outboundQueue('sms'));
    expect(await queue.getJob(jobIds.send(String(kai.id)))).toBeUndefined();
    // Not before then ...
    clock.set('2030-06-04T17:59:00Z');
    expect((await tickCampaigns(rt())).find((t) => t.campaignId === ID)).toMatchObject({ releasing: false, completed: false });
    // ... at 08:00 local it goes.
    clock.set('2030-06-04T18:00:00Z');
    expect((await tickCampaigns(rt())).find((t) => t.campaignId === ID)).toMatchObject({ releasing: true });
    await settled(ID, (x) => x.totals.sent === 5);
    expect(textsTo('+18085550104')).toHaveLength(1);
    await tickCampaigns(rt());
    expect((await campaignStatus(rt(), ID)).status).toBe('completed');
  });

  test('launching again sends nobody a second message', async () => {
    const before = twilio.messages.length + telegram.sent.length;
    const r = await launchCampaign(rt(), ID);
    expect(r.relaunch).toBe(true);
    await eventually(async () => (await cdb(rt()).selectFrom('campaign_progress').select('done_at').where('campaign_id', '=', ID).executeTakeFirstOrThrow()).done_at);
    await tickCampaigns(rt());
    expect(twilio.messages.length + telegram.sent.length).toBe(before);
    expect((await campaignStatus(rt(), ID)).totals.handedOut).toBe(5);
  });

  test('status through the CLI formatter, and replies', async () => {
    await inbound('sms', '+13105550102', 'thanks!');
    let out = '';
    const s = await campaignStatusCommand({ config: rt().config, out: (t) => (out += t), runtime: rt() }, ID, {});
    expect(s.totals.replies).toBe(1);
    expect(out).toContain('Campaign nudge (Registration nudge): COMPLETED');
    expect(out).toMatch(/sent 5, delivered 0, failed 0, suppressed 0/);
  });
});

describe('pause and resume', () => {
  test('a paused campaign releases nothing and holds what it has not sent; resume sends it', async () => {
    clock.set(START);
    await importCsv(['+18085550201,,Hana,en,HI,pause,web form,2030-05-01', '+18085550202,,Ike,en,HI,pause,web form,2030-05-01']);
    const id = await create('id: pause\nname: Pause\naudience: { tags: [pause] }\nmessage: campaign.announcement\n');
    await launchCampaign(rt(), id);
    // Both wait for 08:00 in Honolulu (06:00 now): 'scheduled' in the database, in no queue.
    await settled(id, (x) => x.totals.handedOut === 2 && x.steps[0].fanoutDone);
    const sms = rt().queues.get(outboundQueue('sms'));
    const statuses = async () => (await campaignMessages(rt(), id)).map((m) => m.status);
    expect(await statuses()).toEqual(['scheduled', 'scheduled']);
    // Paused before they are due: there is nothing in a queue to hold, and 08:00 releases nothing.
    expect(await pauseCampaign(rt(), id, { reason: 'checking the text' })).toMatchObject({ status: 'paused', held: 0 });
    expect((await campaignStatus(rt(), id)).pausedReason).toBe('checking the text');
    await expect(launchCampaign(rt(), id)).rejects.toThrow('resume it instead');
    clock.set('2030-06-04T18:00:00Z');
    expect((await tickCampaigns(rt())).find((t) => t.campaignId === id)).toMatchObject({ releasing: false });
    expect(await statuses()).toEqual(['scheduled', 'scheduled']);
    expect(textsTo('+18085550201')).toEqual([]);

    // Resumed while the SMS queue is stopped (BullMQ's pause), so the sends stay in the queue ...
    await sms.pause();
    try {
      expect(await resumeCampaign(rt(), id)).toMatchObject({ status: 'running', released: 0 });
      expect((await tickCampaigns(rt())).find((t) => t.campaignId === id)).toMatchObject({ releasing: true });
      const pending = await eventually(async () => {
        const ms = await campaignMessages(rt(), id);
        const queued = await Promise.all(ms.map((m) => sms.getJob(jobIds.send(String(m.id)))));
        return ms.every((m) => m.status === 'pending') && queued.every(Boolean) && ms;
      });
      // ... where a pause holds them and takes their jobs out.
      expect(await pauseCampaign(rt(), id, { reason: 'checking the link' })).toMatchObject({ status: 'paused', held: 2 });
      expect(await statuses()).toEqual(['held', 'held']);
      for (const m of pending) expect(await sms.getJob(jobIds.send(String(m.id)))).toBeUndefined();
    } finally {
      await sms.resume();
    }
    expect(textsTo('+18085550201')).toEqual([]);

    clock.set('2030-06-04T19:00:00Z'); // 09:00 in Honolulu
    expect(await resumeCampaign(rt(), id)).toMatchObject({ status: 'running', released: 2 });
    await settled(id, (x) => x.totals.sent === 2);
    expect(textsTo('+18085550201')).toHaveLength(1);
    expect(textsTo('+18085550202')).toHaveLength(1);
  });
});

describe('deadline anchors', () => {
  const ID = 'anchored';
  test('5 days before each person\'s registration deadline at 10:00 their time; dropped once it has passed', async () => {
    clock.set(START); // June 4
    await importCsv([
      '+13105550301,,Ca,en,CA,anchor,web form,2030-05-01', // deadline June 10: at June 5, 10:00 PDT
      '+15125550302,,Tx,en,TX,anchor,web form,2030-05-01', // deadline June 5: anchor passed, deadline not: now
      '+12125550303,,Ny,en,NY,anchor,web form,2030-05-01', // deadline June 1: passed, skipped
      '+18085550304,,Hi,en,HI,anchor,web form,2030-05-01', // deadline June 20: at June 15, 10:00 HST
    ]);
    await create(`
id: ${ID}
name: Deadline nudge
audience: { tags: [anchor] }
message: campaign.register_nudge
send: { anchor: { date: registration_deadline, days_before: 5, at: "10:00" } }
`);
    await launchCampaign(rt(), ID);
    await settled(ID, (x) => x.steps[0].fanoutDone && x.totals.sent === 1);
    const ledger = await cdb(rt()).selectFrom('campaign_recipients as r').innerJoin('identities as i', 'i.id', 'r.identity_id').select(['i.address', 'r.status', 'r.reason', 'r.send_at', 'r.expires_at']).where('r.campaign_id', '=', ID).orderBy('i.address').execute();
    expect(ledger.map((r) => [r.address, r.status, r.reason, r.send_at && new Date(r.send_at).toISOString()])).toEqual([
      ['+12125550303', 'skipped', 'deadline_passed', null],
      ['+13105550301', 'queued', null, '2030-06-05T17:00:00.000Z'],
      ['+15125550302', 'queued', null, null],
      ['+18085550304', 'queued', null, '2030-06-15T20:00:00.000Z'],
    ]);
    expect(textsTo('+15125550302')).toHaveLength(1);
    expect((await campaignMessages(rt(), ID)).filter((m) => m.status === 'scheduled')).toHaveLength(2);

    clock.set('2030-06-05T17:00:00Z');
    expect((await tickCampaigns(rt())).find((t) => t.campaignId === ID)?.releasing).toBe(true);
    await settled(ID, (x) => x.totals.sent === 2);
    expect(textsTo('+13105550301')).toEqual([expect.stringContaining('June 10')]);
    expect(textsTo('+18085550304')).toEqual([]); // not due yet: still scheduled

    // Hawaii's send was missed (the campaign was stuck, say) until after its deadline: dropped.
    clock.set('2030-06-21T12:00:00Z');
    const tick = (await tickCampaigns(rt())).find((t) => t.campaignId === ID)!;
    expect(tick).toMatchObject({ expired: 1, releasing: false, completed: true });
    const s = await campaignStatus(rt(), ID);
    expect(s.reasons).toMatchObject({ deadline_passed: 2 });
    expect(textsTo('+18085550304')).toEqual([]);
  });
});

describe('an education series', () => {
  const ID = 'series';
  test('three messages over a week, stopping for whoever replies REGISTERED or opts out', async () => {
    clock.set(START);
    await importCsv(['+12125550401,,Reg,en,NY,series,web form,2030-05-01', '+12125550402,,Stop,es,NY,series,web form,2030-05-01', '+12125550403,,All,en,NY,series,web form,2030-05-01']);
    await create(`
id: ${ID}
name: Education
audience: { tags: [series] }
series:
  steps:
    - { message: campaign.edu_1 }
    - { message: campaign.edu_2, after: 2d }
    - { message: campaign.edu_3, after: 5d }
`);
    await launchCampaign(rt(), ID);
    await settled(ID, (x) => x.totals.sent === 3);
    await inbound('sms', '+12125550401', 'Registered!');
    clock.set('2030-06-06T16:00:00Z');
    await tickCampaigns(rt()); // step 2 is due on the injected clock: its delayed start job is promoted
    await settled(ID, (x) => x.steps[1].fanoutDone && x.totals.sent === 5);
    await inbound('sms', '+12125550402', 'PARAR');
    await eventually(async () => (await findIdentity(rt().db.kysely, 'sms', '+12125550402'))!.opted_out);
    clock.set('2030-06-09T16:00:00Z');
    await tickCampaigns(rt());
    await settled(ID, (x) => x.steps[2].fanoutDone && x.totals.sent === 6);

    // (Their own messages got the flows' replies too: only the campaign's are looked at.)
    const series = (phone: string) => textsTo(phone).filter((t) => /Step \d|Paso \d/.test(t));
    expect(series('+12125550401')).toEqual([expect.stringContaining('Step 1')]);
    expect(series('+12125550402')).toEqual([expect.stringContaining('Paso 1'), expect.stringContaining('Paso 2')]);
    expect(series('+12125550403')).toEqual([expect.stringContaining('Step 1'), expect.stringContaining('Step 2'), expect.stringContaining('Step 3')]);
    const s = await campaignStatus(rt(), ID);
    expect(s.reasons).toMatchObject({ replied: 2, opted_out: 1 });
    expect(s.steps.map((x) => x.handedOut)).toEqual([3, 2, 1]);
    const reg = await findIdentity(rt().db.kysely, 'sms', '+12125550401');
    expect((await getContact(rt().db.kysely, reg!.contact_id))!.vars).toMatchObject({ registered: 'yes' });
  });
});

describe('the deliverability circuit breaker', () => {
  test('too many failures on a channel pause the campaign and tell the organizers on Slack', async () => {
    clock.set(START);
    const rows: string[] = [];
    for (let n = 0; n < 60; n++) {
      const phone = `+1212555${String(5000 + n)}`;
      rows.push(`${phone},,P${n},en,NY,breaker,web form,2030-05-01`);
      if (n % 2 === 0) twilio.fail({ to: phone, status: 400, code: 21610 });
    }
    await importCsv(rows);
    await create(`
id: breaker
name: Breaker
audience: { tags: [breaker] }
message: campaign.announcement
pacing: { per_minute: 20 }
circuit_breaker: { failure_rate: 0.3, window: 20, min_sends: 10 }
`);
    await launchCampaign(rt(), 'breaker');
    await settled('breaker', (x) => x.totals.sent === 20);
    const [tick] = (await tickCampaigns(rt())).filter((t) => t.campaignId === 'breaker');
    // Every other number answers 21610; the first page is 20 of them in contact-id order.
    const failed = twilio.requests.filter((r) => r.status === 400).length;
    expect(tick.paused).toBe(`circuit breaker: ${Math.round((failed / 20) * 100)}% of the last 20 sms sends failed (21610 ×${failed}; threshold 30%)`);
    const s = await campaignStatus(rt(), 'breaker');
    expect(s.status).toBe('paused');
    expect(s.events[0]).toMatchObject({ kind: 'breaker' });
    const [post] = await slack.waitFor(1);
    expect(post.body.channel).toBe('C0ALERTS');
    expect(String(post.body.text)).toContain('Campaign *Breaker* (`breaker`) paused itself: circuit breaker: ');
    // The next page (due a minute later) does not go out while paused.
    expect(s.totals.handedOut).toBe(20);
  });
});

describe('a campaign that starts a flow', () => {
  test('the flow starts once the campaign message has gone out', async () => {
    clock.set(START);
    await importCsv(['+12125550601,,Flo,en,NY,flow,web form,2030-05-01']);
    await create('id: flow\nname: Flow\naudience: { tags: [flow] }\nmessage: campaign.announcement\nflow: reg\n');
    await launchCampaign(rt(), 'flow');
    await eventually(async () => textsTo('+12125550601').length === 2 && true, 15_000);
    expect(textsTo('+12125550601')).toEqual([expect.stringContaining('Thank you for being part of our community'), 'Which state?']);
  });
});

describe('the periodic check', () => {
  test('a start time comes on the injected clock; a chain whose job was lost is started again', async () => {
    clock.set(START);
    await importCsv(['+12125550801,,Tim,en,NY,tick,web form,2030-05-01']);
    await create('id: later\nname: Later\naudience: { tags: [tick] }\nmessage: campaign.announcement\nsend: { at: "2030-06-04T17:00:00Z" }\n');
    const r = await launchCampaign(rt(), 'later');
    expect(r.startsAt.toISOString()).toBe('2030-06-04T17:00:00.000Z');
    expect((await tickCampaigns(rt())).find((t) => t.campaignId === 'later')).toMatchObject({ restarted: 0, completed: false });
    expect(textsTo('+12125550801')).toEqual([]);
    // The delayed start job is lost (Redis flushed, say) ...
    const queue = rt().queues.get(CAMPAIGN_QUEUE);
    await (await queue.getJob(campaignJobIds.fanout({ campaignId: 'later', run: r.run, step: 1, after: '' })))!.remove();
    // ... once due, the check starts the fan-out again.
    clock.set('2030-06-04T17:00:00Z');
    expect((await tickCampaigns(rt())).find((t) => t.campaignId === 'later')).toMatchObject({ restarted: 1 });
    await eventually(async () => textsTo('+12125550801').length === 1);
    expect((await campaignStatus(rt(), 'later')).events.map((e) => e.kind)).toContain('restarted');
  });
});

describe('admin API', () => {
  const call = (method: string, path: string, body?: string, type = 'text/csv') =>
    fetch(`${system.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type }, body });

  test('import contacts, save, preview and launch a campaign', async () => {
    const bad = await call('POST', '/api/admin/contacts/import?attest=Olga', 'phone,name\n555,Nope\n');
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors).toEqual([{ line: 2, errors: [expect.stringContaining('not a valid phone number')] }]);
    const ok = await call('POST', '/api/admin/contacts/import?attest=Olga&file_name=api.csv', 'phone,language,state,tags,consent_source,consent_date\n+12125550701,es,NY,api,form,2030-05-01\n');
    expect(await ok.json()).toMatchObject({ ok: true, created: 1, optIns: 1 });
    const saved = await call('POST', '/api/admin/campaigns', 'id: api\nname: API\naudience: { tags: [api] }\nmessage: campaign.announcement\n', 'application/yaml');
    expect(await saved.json()).toMatchObject({ id: 'api', status: 'draft', created: true });
    const again = await call('POST', '/api/admin/campaigns', 'id: api\nname: API\naudience: { tags: [api] }\nmessage: campaign.announcement\n', 'application/yaml');
    expect(await again.json()).toMatchObject({ id: 'api', created: false, changed: false });
    const preview = await (await call('GET', '/api/admin/campaigns/api/preview')).json();
    expect(preview.audience.total).toBe(1);
    expect((await call('POST', '/api/admin/campaigns/api/launch')).status).toBe(200);
    await eventually(async () => textsTo('+12125550701').length === 1);
    expect((await call('POST', '/api/admin/campaigns/nope/launch')).status).toBe(404);
    // "What do you have on me?" includes their tags and the campaigns that reached them.
    const who = (await findIdentity(rt().db.kysely, 'sms', '+12125550701'))!;
    const everything = await (await call('GET', `/api/admin/contacts/${who.contact_id}`)).json();
    expect(JSON.stringify(everything)).toContain('"tags":["api"]');
    expect(JSON.stringify(everything)).toContain('"campaign_id":"api"');
    expect((await fetch(`${system.url}/api/admin/campaigns`)).status).toBe(401);
  });
});
