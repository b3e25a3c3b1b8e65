/**
 * Campaign rehearsals (src/campaigns/rehearsal.ts, src/channels/rehearsal): with no SMS provider,
 * a campaign to imported phone contacts goes through the whole pipeline (consent, quiet hours,
 * rendering, the ledger) to the stand-in, which records it; nothing counts as a real send, and
 * forget erases it. With any Twilio setting there is no stand-in, and a rehearsal message never
 * reaches Twilio.
 */
import { loadConfig } from '../../src/config';
import { launchCampaign, launchProblems, realLaunchOnly } from '../../src/campaigns/control';
import type { Runtime } from '../../src/runtime/runtime';
import { parseCampaignYaml } from '../../src/campaigns/definition';
import { previewCampaign } from '../../src/campaigns/preview';
import { rehearsalAvailable } from '../../src/campaigns/rehearsal';
import { rehearsalCsv, rehearsalLog } from '../../src/campaigns/rehearsal-log';
import { campaignStatus } from '../../src/campaigns/status';
import { createRehearsalStandIn } from '../../src/channels/rehearsal/stand-in';
import { engagementData } from '../../src/feedback/engagement';
import { forgetContact } from '../../src/privacy/forget';
import { deliver } from '../../src/runtime/deliver';
import { personalDataOf } from '../../src/runtime/module';
import { recordConsent } from '../../src/store/consent';
import { findIdentity } from '../../src/store/contacts';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { campaignEnv, campaignFixtures, campaignMessages, createCampaign, importCsvRows, ManualClock, settledCampaign } from './helpers';

/** Noon in New York, 09:00 in Los Angeles, 06:00 in Honolulu (before the 08:00 end of quiet hours). */
const START = '2030-06-04T16:00:00Z';

describe('a rehearsal without an SMS provider', () => {
  let system: TestSystem;
  const clock = new ManualClock(Date.parse(START));
  const rt = () => system.runtime;

  beforeAll(async () => {
    system = await startTestSystem('rehearsal', campaignEnv(campaignFixtures(), { SIMULATOR: 'false', CAMPAIGN_TICK_MS: '3600000' }), { now: clock.now });
  });
  afterAll(async () => {
    await system?.close();
  });

  test('the pipeline records what each person would get; opted out, quiet hours and consent as for real', async () => {
    await importCsvRows(rt(), [
      '+12125550201,,Ana,en,NY,rehearse,web form,2030-05-01',
      '+13105550202,,Beto,es,CA,rehearse,web form,2030-05-01',
      '+18085550203,,Kai,en,HI,rehearse,web form,2030-05-01', // 06:00 in Honolulu: waits for 08:00
      '+12125550204,,Dee,en,NY,rehearse,,', // no consent: never in the audience
      '+12125550205,,Eve,es,NY,rehearse,web form,2030-05-01', // opts out after the hand-out
    ]);
    const id = await createCampaign(
      rt(),
      `
id: rehearse-1
name: Rehearsal
audience: { channels: [sms], tags: [rehearse] }
text: { en: "Hi {{name}}, register by {{registration_deadline}}.", es: "Hola {{name}}, inscríbete antes del {{registration_deadline}}." }
`,
    );
    // Launching for real: no channel; the problem names the rehearsal.
    const real = await previewCampaign(rt(), id);
    expect(real.rehearsal).toBe(false);
    expect(real.audience.total).toBe(0);
    expect(real.problems.join('\n')).toMatch(/launch it as a rehearsal/);
    await expect(launchCampaign(rt(), id)).rejects.toThrow(/none of the campaign's channels/);

    const preview = await previewCampaign(rt(), id, { rehearsal: true });
    expect(preview).toMatchObject({ rehearsal: true, channels: ['sms'], problems: [] });
    expect(preview.audience.byLanguage).toEqual({ en: 2, es: 2 });

    // Eve opts out once her message is handed out but before it goes: suppressed at send time.
    const eve = (await findIdentity(rt().db.kysely, 'sms', '+12125550205'))!;
    await recordConsent(rt().db.kysely, eve, 'opt_out', { word: 'STOP', source: 'keyword', at: clock.now() });
    const launched = await launchCampaign(rt(), id, { rehearsal: true });
    expect(launched.rehearsal).toBe(true);
    const status = await settledCampaign(rt(), id, (s) => s.totals.handedOut === 3 && s.totals.waiting === 1);
    expect(status.rehearsal).toBe(true);
    expect(status.totals.sent).toBe(2);

    const messages = await campaignMessages(rt(), id);
    const byPhone = Object.fromEntries(messages.map((m) => [m.address, m]));
    expect(byPhone['+12125550201']).toMatchObject({ status: 'rehearsed', language: 'en' });
    expect(byPhone['+12125550201'].body).toBe('Hi Ana, register by June 1.\nTest Org. Paid for by Test Org PAC. Reply STOP to opt out.');
    expect(byPhone['+13105550202']).toMatchObject({ status: 'rehearsed', language: 'es' });
    expect(byPhone['+13105550202'].body).toMatch(/^Hola Beto, inscríbete antes del 10 de junio\./);
    expect(byPhone['+18085550203']).toMatchObject({ status: 'scheduled' });
    expect(byPhone['+12125550204']).toBeUndefined();

    const log = await rehearsalLog(rt(), id);
    expect(log.messages.map((m) => [m.address, m.outcome, m.reason])).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/0201$/), 'recorded', null],
        [expect.stringMatching(/0203$/), 'waiting', 'scheduled'],
      ]),
    );
    expect(log.messages.some((m) => m.address === '+12125550201')).toBe(false); // masked
    const csv = await rehearsalCsv(rt(), id);
    expect(csv.split('\r\n')[0]).toContain('rehearsal,campaign,step');
    expect(csv).toContain('Hi Ana');

    // Not a real send: engagement figures do not count it.
    const engagement = await engagementData(rt().db.kysely, new Date('2030-01-01'), new Date('2031-01-01'));
    expect(engagement.reduce((n, r) => n + r.notified, 0)).toBe(0);
    // Nobody was reached either, whatever clock stamped the messages (the database's or the test's).
    const anyTime = await engagementData(rt().db.kysely, new Date('2000-01-01'), new Date('2100-01-01'));
    // (Beto's message was recorded, Eve's suppressed: Spanish reached nobody.)
    expect(anyTime.find((r) => r.language === 'es')).toMatchObject({ reached: 0, notified: 0 });

    // /metrics: the messages under their own status, the sends under their own outcome, never as sent.
    const metrics = await (await fetch(`${system.url}/metrics`)).text();
    expect(metrics).toMatch(/ce_messages\{channel="sms",direction="out",status="rehearsed"\} 2/);
    expect(metrics).toMatch(/ce_send_duration_seconds_count\{channel="sms",outcome="rehearsed"\} 2/);
    expect(metrics).not.toMatch(/outcome="sent"/);
    expect(metrics).not.toMatch(/ce_send_delay_seconds_count\{channel="sms"/);

    // Forget erases the recorded message.
    const ana = (await findIdentity(rt().db.kysely, 'sms', '+12125550201'))!;
    await forgetContact({ db: rt().db.kysely, config: rt().config, now: rt().now, queues: rt().queues, personalData: personalDataOf(rt().modules) }, ana.contact_id);
    expect((await campaignMessages(rt(), id)).some((m) => m.address === '+12125550201')).toBe(false);
    expect((await rehearsalLog(rt(), id)).messages.some((m) => m.contactId === ana.contact_id)).toBe(false);
  });

  test('a fresh install rehearses: no disclaimer, the demo sender and example election data stop a real launch, not a rehearsal, and are listed for it', async () => {
    const fresh = { ...rt(), config: { ...rt().config, ORG_DISCLAIMER: '', ORG_SENDER: undefined, ORG_NAME: loadConfig({}).ORG_NAME } } as Runtime;
    const def = parseCampaignYaml(`
id: fresh-install
name: Fresh install
audience: { channels: [sms] }
text: { en: "Register by {{registration_deadline}}." }
`);
    const real = launchProblems(fresh, def);
    expect(real.join('\n')).toMatch(/ORG_DISCLAIMER is not set/);
    expect(real.join('\n')).toMatch(/sender identity is still the demo/);
    expect(launchProblems(fresh, def, { rehearsal: true })).toEqual([]);
    expect(realLaunchOnly(fresh, def)).toEqual(real.filter((p) => !/none of the campaign's channels/.test(p)));
  });

  test('a rehearsal is chosen at the first launch and kept; a campaign launched as one cannot be relaunched for real', async () => {
    const id = await createCampaign(rt(), `
id: rehearse-2
name: Rehearsal two
audience: { channels: [sms], tags: [nobody] }
text: { en: "Hello" }
`);
    await launchCampaign(rt(), id, { rehearsal: true });
    await expect(launchCampaign(rt(), id, { rehearsal: false })).rejects.toThrow(/launched as a rehearsal/);
    expect((await campaignStatus(rt(), id)).rehearsal).toBe(true);
  });
});

describe('never with an SMS provider', () => {
  let system: TestSystem;
  let twilio: FakeTwilio;

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    system = await startTestSystem(
      'rehearsal-twilio',
      campaignEnv(campaignFixtures(), {
        TWILIO_ACCOUNT_SID: `AC${'7'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'rehearsal-test-token',
        TWILIO_FROM: '+15005550006',
        TWILIO_API_URL: twilio.url,
        SIMULATOR: 'false',
        CAMPAIGN_TICK_MS: '3600000',
      }),
    );
  });
  afterAll(async () => {
    await system?.close();
    await twilio?.close();
  });

  test.each([
    ['the account sid', { TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}` }],
    ['the auth token', { TWILIO_AUTH_TOKEN: 'x' }],
    ['a sender', { TWILIO_FROM: '+15005550006' }],
    ['a messaging service', { TWILIO_MESSAGING_SERVICE_SID: `MG${'1'.repeat(32)}` }],
  ])('no stand-in when %s is set, even with SMS left off', (_what, env) => {
    expect(createRehearsalStandIn(loadConfig({ DATA_DIR: ':memory:', ...env }))).toBeNull();
  });

  test('no rehearsal launch; a rehearsal message found here is suppressed, never sent', async () => {
    const rt = system.runtime;
    expect(rehearsalAvailable(rt)).toBe(false);
    const def = parseCampaignYaml(`
id: rehearse-real
name: Real
audience: { channels: [sms] }
text: { en: "Hello" }
`);
    expect(launchProblems(rt, def, { rehearsal: true }).join('\n')).toMatch(/a rehearsal needs SMS to be off/);
    await importCsvRows(rt, ['+12125550301,,Ann,en,NY,real,web form,2026-05-01']);
    const identity = (await findIdentity(rt.db.kysely, 'sms', '+12125550301'))!;
    const [message] = await rt.db.kysely
      .insertInto('messages')
      .values({ contact_id: identity.contact_id, identity_id: identity.id, channel: 'sms', direction: 'out', kind: 'consent', provider_id: null, body: 'Hello', key: null, payload: JSON.stringify({ text: 'Hello', rehearsal: true }), status: 'pending', error_code: null })
      .returning('id')
      .execute();
    expect(await deliver(rt, rt.channels.get('sms')!, String(message.id))).toBe('suppressed');
    const row = await rt.db.kysely.selectFrom('messages').select(['status', 'error_code']).where('id', '=', message.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'suppressed', error_code: 'rehearsal' });
    expect(twilio.messages).toHaveLength(0);
  });
});
