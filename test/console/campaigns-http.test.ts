/**
 * The campaigns pages over plain HTTP: who may open each route (anonymous → sign-in, agent → 403,
 * organizer and admin → 200), CSRF on every action, the audit log, and no rehearsal where SMS
 * provider settings are present.
 */
import { launchCampaign, saveCampaign } from '../../src/campaigns/control';
import { parseCampaignYaml } from '../../src/campaigns/definition';
import { consoleDb } from '../../src/console/store/tables';
import type { TestSystem } from '../helpers/system';
import { addAccount, Browserless, csrfOf, startConsoleSystem } from './helpers';

const ORG = { ORG_SENDER: 'Test Org', ORG_DISCLAIMER: 'Paid for by Test Org PAC' };
const yaml = (id: string) => `id: ${id}\nname: Campaign ${id}\naudience: { channels: [sms] }\ntext: { en: "Hello {{name}}" }\n`;

describe('the campaigns routes', () => {
  let system: TestSystem;
  let ip = 0;
  const client = () => new Browserless(system.url!, { 'x-forwarded-for': `198.51.100.${++ip}` });
  const signedIn = async (email: string) => {
    const c = client();
    await c.signIn(email);
    return c;
  };

  beforeAll(async () => {
    system = await startConsoleSystem('campaigns-http', ORG, { pglite: true });
    await addAccount(system, 'ada@example.org', 'admin', 'Ada');
    await addAccount(system, 'otto@example.org', 'organizer', 'Otto');
    await addAccount(system, 'agnes@example.org', 'agent', 'Agnes');
    const rt = system.runtime;
    await saveCampaign(rt, parseCampaignYaml(yaml('draft-one')));
    await saveCampaign(rt, parseCampaignYaml(yaml('rehearsed-one')));
    await launchCampaign(rt, 'rehearsed-one', { rehearsal: true });
  });
  afterAll(async () => system?.close());

  const PAGES = [
    '/console/campaigns',
    '/console/campaigns/new',
    '/console/campaigns/draft-one',
    '/console/campaigns/draft-one/live',
    '/console/campaigns/draft-one/preview',
    '/console/campaigns/draft-one/preview?mode=rehearsal',
    '/console/campaigns/draft-one/launch',
    '/console/campaigns/draft-one/launch?mode=rehearsal',
    '/console/campaigns/rehearsed-one',
    '/console/campaigns/rehearsed-one/pause',
    '/console/campaigns/rehearsed-one/resume',
    '/console/campaigns/rehearsed-one/rehearsal',
    '/console/campaigns/rehearsed-one/rehearsal.csv',
  ];
  const ACTIONS = ['/console/campaigns', '/console/campaigns/draft-one/launch', '/console/campaigns/rehearsed-one/pause', '/console/campaigns/rehearsed-one/resume'];

  it('sends anonymous visitors to sign in, refuses agents, opens for organizers and admins', async () => {
    const anon = client();
    for (const path of PAGES) {
      const res = await anon.get(path);
      expect([path, res.status, res.location?.startsWith('/console/sign-in')]).toEqual([path, 303, true]);
    }
    for (const path of ACTIONS) expect([path, (await anon.request('POST', path, { mode: 'form' })).location]).toEqual([path, '/console/sign-in']);
    const agent = await signedIn('agnes@example.org');
    for (const path of PAGES) expect([path, (await agent.get(path)).status]).toEqual([path, 403]);
    const token = csrfOf((await agent.get('/console')).body);
    for (const path of ACTIONS) expect([path, (await agent.request('POST', path, { _csrf: token, mode: 'form' })).status]).toEqual([path, 403]);
    for (const email of ['otto@example.org', 'ada@example.org']) {
      const c = await signedIn(email);
      for (const path of PAGES) expect([email, path, (await c.get(path)).status]).toEqual([email, path, 200]);
    }
    // A draft has no recorded messages.
    expect((await (await signedIn('otto@example.org')).get('/console/campaigns/draft-one/rehearsal')).status).toBe(404);
  });

  it('refuses every action without its CSRF token', async () => {
    const c = await signedIn('otto@example.org');
    for (const path of ACTIONS) expect([path, (await c.request('POST', path, { mode: 'form', id: 'x' })).status]).toEqual([path, 403]);
    expect((await system.runtime.db.kysely.selectFrom('campaigns').select('status').where('id', '=', 'draft-one').executeTakeFirstOrThrow()).status).toBe('draft');
  });

  it('saves through the form and rehearses, each in the audit log; the CSV says it is a rehearsal', async () => {
    const c = await signedIn('otto@example.org');
    const saved = await c.submit('/console/campaigns/new', '/console/campaigns', { mode: 'form', id: 'form-one', name: 'Form one', channels: 'sms', message_kind: 'text', text_en: 'Hi there', send: 'now' });
    expect([saved.status, saved.location]).toEqual([303, '/console/campaigns/form-one?done=saved']);
    const launched = await c.submit('/console/campaigns/form-one/launch?mode=rehearsal', '/console/campaigns/form-one/launch', { mode: 'rehearsal' });
    expect([launched.status, launched.location]).toEqual([303, '/console/campaigns/form-one?done=rehearsed']);
    const audit = await consoleDb(system.runtime.db.kysely).selectFrom('console_audit_log').select(['action', 'target_id', 'detail']).where('target_type', '=', 'campaign').orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.target_id])).toEqual([
      ['campaign_saved', 'form-one'],
      ['campaign_launched', 'form-one'],
    ]);
    expect(audit[1].detail).toMatchObject({ rehearsal: true });
    const csv = await c.get('/console/campaigns/rehearsed-one/rehearsal.csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.body).toContain('rehearsal,campaign,step,channel,address,language,outcome,reason,at,text');
  });
});

describe('with SMS provider settings', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startConsoleSystem('campaigns-http-twilio', { ...ORG, TWILIO_ACCOUNT_SID: `AC${'5'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'campaigns-http-token', TWILIO_FROM: '+15005550006' }, { pglite: true });
    await addAccount(system, 'otto@example.org', 'organizer', 'Otto');
    await saveCampaign(system.runtime, parseCampaignYaml(yaml('real-one')));
  });
  afterAll(async () => system?.close());

  it('offers no rehearsal, and refuses one', async () => {
    const c = new Browserless(system.url!, { 'x-forwarded-for': '198.51.100.200' });
    await c.signIn('otto@example.org');
    expect((await c.get('/console/campaigns')).body).not.toContain('can be rehearsed');
    expect((await c.get('/console/campaigns/real-one')).body).not.toContain('launch?mode=rehearsal');
    const refused = await c.submit('/console/campaigns/real-one/launch', '/console/campaigns/real-one/launch', { mode: 'rehearsal' });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('a rehearsal needs SMS to be off');
    expect((await system.runtime.db.kysely.selectFrom('campaigns').select('status').where('id', '=', 'real-one').executeTakeFirstOrThrow()).status).toBe('draft');
  });
});
