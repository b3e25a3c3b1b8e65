/**
 * The pure parts: campaign definitions, election data and anchors, rendering with the sender,
 * disclaimer and opt-out footer, SMS segments of the shipped texts. No I/O beyond reading files.
 */
import { join } from 'node:path';
import { countSegments } from '../../src/lib/sms-segments';
import { parseCampaignYaml, stepsOf } from '../../src/campaigns/definition';
import { renderStep, stepRenderer, templateVars, type RenderContext, type RenderTarget } from '../../src/campaigns/render';
import { loadElections } from '../../src/elections/data';
import { zonedTime } from '../../src/lib/time-zones';
import { Translator } from '../../src/i18n/translator';
import { campaignFixtures } from './helpers';

const fixtures = campaignFixtures();
const translator = Translator.fromDir(fixtures.localesDir, 'en');
const elections = loadElections(fixtures.electionsFile);
const ctx: RenderContext = {
  translator,
  config: { ORG_NAME: 'Test Org', ORG_CONTACT: 'help@example.org', ORG_SENDER: 'Ohio Voter Project', ORG_DISCLAIMER: 'Paid for by Ohio Voter Project PAC' },
  elections,
};

describe('campaign definitions', () => {
  test('a registration nudge anchored on the deadline', () => {
    const def = parseCampaignYaml(`
id: ca-deadline
name: CA registration deadline
audience: { languages: [en, es], channels: [telegram, sms], states: [ca], registered: false }
message: campaign.register_nudge
send: { anchor: { date: registration_deadline, days_before: 5, at: "10:00" } }
`);
    expect(def.audience).toEqual({ languages: ['en', 'es'], channels: ['telegram', 'sms'], states: ['CA'], registered: false });
    expect(stepsOf(def)).toEqual([{ step: 1, message: 'campaign.register_nudge', text: undefined, afterMs: 0 }]);
  });

  test('a three-step series over a week', () => {
    const def = parseCampaignYaml(`
id: edu
name: Education series
series:
  steps:
    - { message: campaign.edu_1 }
    - { message: campaign.edu_2, after: 2d }
    - { message: campaign.edu_3, after: 7d }
`);
    expect(stepsOf(def).map((s) => [s.step, s.message, s.afterMs / 86_400_000])).toEqual([
      [1, 'campaign.edu_1', 0],
      [2, 'campaign.edu_2', 2],
      [3, 'campaign.edu_3', 7],
    ]);
    expect(def.series!.stop_words).toBe('campaign.registered_words');
  });

  test.each([
    ['no message', 'id: x\nname: X\n', 'give exactly one of message'],
    ['a colon in the id (BullMQ job ids)', 'id: "a:b"\nname: X\nmessage: campaign.announcement\n', 'id:'],
    ['an unknown state', 'id: x\nname: X\nmessage: campaign.announcement\naudience: { states: [ZZ] }\n', 'US state postal codes'],
    ['an anchored series', 'id: x\nname: X\nsend: { anchor: { date: registration_deadline, days_before: 1 } }\nseries: { steps: [{ message: campaign.edu_1 }, { message: campaign.edu_2, after: 1d }] }\n', 'cannot be anchored'],
    ['a misspelled field', 'id: x\nname: X\nmessage: campaign.announcement\npacing: { per_minit: 5 }\n', 'pacing'],
  ])('refuses %s', (_, yaml, why) => {
    expect(() => parseCampaignYaml(yaml)).toThrow(why);
  });
});

describe('election data', () => {
  test('the shipped data/elections.yaml is valid and marked as example values', () => {
    const shipped = loadElections(join(__dirname, '../../data/elections.yaml'));
    expect(shipped.example).toBe(true);
    expect(shipped.file.national.info_url).toBe('https://vote.gov');
    for (const state of Object.values(shipped.file.states)) expect(state.office_url).toMatch(/^https:\/\//);
  });

  test('an anchor is local time in the contact\'s zone, and expires at the end of the deadline day', () => {
    const at = elections.anchor('CA', 'registration_deadline', 5, '10:00', 'America/Los_Angeles')!;
    expect(at.sendAt.toISOString()).toBe('2030-06-05T17:00:00.000Z'); // 10:00 PDT
    expect(at.expiresAt.toISOString()).toBe('2030-06-11T07:00:00.000Z'); // midnight after June 10, PDT
    expect(elections.anchor('OH', 'registration_deadline', 5, '10:00', 'America/New_York')).toBeUndefined();
    expect(elections.anchor('CA', 'no_such_date', 5, '10:00', 'America/Los_Angeles')).toBeUndefined();
  });

  test('local times across DST changes', () => {
    expect(zonedTime('2030-03-10', '10:00', 'America/New_York').toISOString()).toBe('2030-03-10T14:00:00.000Z'); // EDT from 02:00
    expect(zonedTime('2030-03-10', '02:30', 'America/New_York').toISOString()).toBe('2030-03-10T07:30:00.000Z'); // skipped: 03:30 EDT
    expect(zonedTime('2030-11-03', '01:30', 'America/New_York').toISOString()).toBe('2030-11-03T05:30:00.000Z'); // repeated: the first
  });

  test('dates are written in the contact\'s language', () => {
    expect(elections.varsFor('CA', 'en').registration_deadline).toBe('June 10');
    expect(elections.varsFor('CA', 'es').registration_deadline).toBe('10 de junio');
    expect(elections.varsFor('TX', 'en').register_url).toBe('https://vote.gov'); // no state link: the national one
  });
});

describe('rendering', () => {
  const [nudge] = stepsOf(parseCampaignYaml('id: n\nname: N\nmessage: campaign.register_nudge\n'));

  test('a page renderer gives renderStep\'s result for every recipient, shared by those whose text is the same', () => {
    const [personal] = stepsOf(parseCampaignYaml(`id: p\nname: P\ntext: { en: 'Hi {{name}}! Register by {{registration_deadline}}.', es: 'Hola {{name}}, antes del {{registration_deadline}}.' }\n`));
    const targets: RenderTarget[] = [
      ...['en', 'es', 'vi', null].flatMap((language) => ['sms', 'telegram'].flatMap((channel) => ['CA', 'OH', undefined].map((state) => ({ language, channel, vars: state ? { state } : ({} as Record<string, string>) })))),
      { language: 'en', channel: 'sms', vars: { state: 'CA', name: 'Ana' } },
      { language: 'en', channel: 'sms', vars: { state: 'CA', name: '' } },
      { language: 'en', channel: 'sms', vars: { state: 'CA', name: 7 } },
      { language: 'en', channel: 'sms', vars: { state: 'CA', name: '7' } },
    ];
    for (const step of [nudge, personal]) {
      const render = stepRenderer(ctx, step);
      for (const target of targets) expect(render(target)).toEqual(renderStep(ctx, step, target));
      // The same text is one rendering; another value of the person's variable is another.
      expect(render({ language: 'es', channel: 'sms', vars: { state: 'CA' } })).toBe(render({ language: 'es', channel: 'sms', vars: { state: 'CA', tag: 'x' } }));
      if (step === personal) expect(render({ language: 'en', channel: 'sms', vars: { state: 'CA', name: 'Ana' } })).not.toBe(render({ language: 'en', channel: 'sms', vars: { state: 'CA', name: 'Bo' } }));
    }
  });

  test('each language gets its text, its state\'s facts, the sender, the disclaimer and, on SMS, STOP', () => {
    const en = renderStep(ctx, nudge, { language: 'en', channel: 'sms', vars: { state: 'CA' } });
    expect(en.ok && en.message.text).toBe(
      'Hi! The voter registration deadline in CA is June 10. Register or check your registration: https://registertovote.ca.gov Official info: https://www.sos.ca.gov/elections\n' +
        'Ohio Voter Project. Paid for by Ohio Voter Project PAC. Reply STOP to opt out.',
    );
    const es = renderStep(ctx, nudge, { language: 'es', channel: 'sms', vars: { state: 'CA' } });
    expect(es.ok && es.message.text).toContain('vence el 10 de junio');
    expect(es.ok && es.message.text).toMatch(/Ohio Voter Project\. Paid for by Ohio Voter Project PAC\. Responde STOP o PARAR/);
    const telegram = renderStep(ctx, nudge, { language: 'en', channel: 'telegram', vars: { state: 'CA' } });
    expect(telegram.ok && telegram.message.text).toMatch(/Send \/stop to stop these messages\.$/);
  });

  test('a language without its own text falls back to the default language', () => {
    const vi = renderStep(ctx, nudge, { language: 'vi', channel: 'sms', vars: { state: 'CA' } });
    expect(vi.ok && vi.language).toBe('en');
  });

  test('a fact the data does not have is never sent blank: the person is skipped', () => {
    expect(renderStep(ctx, nudge, { language: 'en', channel: 'sms', vars: { state: 'OH' } })).toEqual({ ok: false, language: 'en', reason: 'no_election_data', missing: ['registration_deadline', 'register_url', 'election_office_url'] });
    expect(renderStep(ctx, nudge, { language: 'en', channel: 'sms', vars: {} })).toMatchObject({ ok: false, reason: 'no_election_data' });
    expect(renderStep({ ...ctx, elections: null }, nudge, { language: 'en', channel: 'sms', vars: { state: 'CA' } })).toMatchObject({ ok: false });
  });

  test('the shipped campaign texts: same variables in every language, a few SMS segments', () => {
    for (const key of Object.keys(translator.locales.catalog.en.campaign)) {
      const en = String(translator.locales.catalog.en.campaign[key]);
      const es = String(translator.locales.catalog.es.campaign[key] ?? '');
      expect([key, templateVars(es).sort()]).toEqual([key, templateVars(en).sort()]);
    }
    // GSM-7 in both languages (the Spanish avoids á í ó ú, which would make it UCS-2 and double the cost).
    for (const language of ['en', 'es']) {
      for (const key of ['register_nudge', 'edu_1', 'edu_2', 'edu_3', 'announcement']) {
        const [step] = stepsOf(parseCampaignYaml(`id: n\nname: N\nmessage: campaign.${key}\n`));
        const r = renderStep(ctx, step, { language, channel: 'sms', vars: { state: 'CA' } });
        expect([language, key, r.ok && countSegments(r.message.text).encoding]).toEqual([language, key, 'GSM-7']);
        expect(r.ok && countSegments(r.message.text).segments).toBeLessThanOrEqual(2);
      }
    }
  });
});
