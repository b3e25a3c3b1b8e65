/**
 * The Slack alert when a campaign pauses itself, in the organizers' language
 * (SLACK_ORGANIZER_LANGUAGE, else DEFAULT_LANGUAGE): the text as a pure function of the campaign,
 * its event and the shipped texts, then posted by the alert job through the real WebClient to the
 * fake Slack Web API. Before, the alert was English whatever SLACK_ORGANIZER_LANGUAGE said.
 */
import { join } from 'node:path';
import { pausedAlertText, postAlert, recordEvent } from '../../src/campaigns/alerts';
import type { BreakerTrip } from '../../src/campaigns/breaker';
import { saveCampaign } from '../../src/campaigns/control';
import { parseCampaignYaml } from '../../src/campaigns/definition';
import { Translator } from '../../src/i18n/translator';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { campaignEnv, campaignFixtures, cdb } from './helpers';


const SHIPPED = Translator.fromDir(join(__dirname, '../../locales'), 'en');
const texts = (language: string) => ({ translator: SHIPPED, language });
/** Intl's non-breaking space: Spanish writes "50 %". */
const NBSP = '\u00a0';

/** What the breaker records (src/campaigns/breaker.ts): half of the last 20 SMS sends failed. */
const trip: BreakerTrip = {
  channel: 'sms',
  failed: 10,
  finished: 20,
  rate: 0.5,
  threshold: 0.3,
  codes: [
    { code: '21610', count: 7 },
    { code: '30007', count: 3 },
  ],
  reason: 'circuit breaker: 50% of the last 20 sms sends failed (21610 ×7, 30007 ×3; threshold 30%)',
};
const breakerEvent = { kind: 'breaker', detail: { reason: trip.reason, by: 'circuit-breaker', held: 12, detail: trip } };
const campaign = { id: 'early-vote', name: 'Early vote' };

describe('pausedAlertText (pure)', () => {
  it('English', () => {
    expect(pausedAlertText(texts('en'), campaign, breakerEvent)).toBe(
      ':warning: Campaign *Early vote* (`early-vote`) paused itself: circuit breaker: 50% of the last 20 SMS sends failed (21610 ×7, 30007 ×3; threshold 30%).' +
        ' Nothing more is sent until someone resumes it: `civic-engage campaign status early-vote`, then `campaign resume early-vote`.',
    );
  });

  it('Spanish: words, plural and percentages of the language; the commands stay as typed', () => {
    expect(pausedAlertText(texts('es'), campaign, breakerEvent)).toBe(
      `:warning: La campaña *Early vote* (\`early-vote\`) se pausó sola: disyuntor: falló el 50${NBSP}% de los últimos 20 envíos por SMS (21610 ×7, 30007 ×3; umbral 30${NBSP}%).` +
        ' No se enviará nada más hasta que alguien la reanude: `civic-engage campaign status early-vote` y después `campaign resume early-vote`.',
    );
    const one = { ...breakerEvent, detail: { ...breakerEvent.detail, detail: { ...trip, finished: 1, rate: 1, codes: [{ code: '21610', count: 1 }] } } };
    expect(pausedAlertText(texts('es'), campaign, one)).toContain(`disyuntor: falló el 100${NBSP}% del último envío por SMS (21610 ×1; umbral 30${NBSP}%)`);
  });

  it('Vietnamese', () => {
    expect(pausedAlertText(texts('vi'), campaign, breakerEvent)).toBe(
      ':warning: Chiến dịch *Early vote* (`early-vote`) đã tự tạm dừng: ngắt tự động: 50% trong 20 lần gửi qua SMS gần nhất bị lỗi (21610 ×7, 30007 ×3; ngưỡng 30%).' +
        ' Sẽ không gửi gì thêm cho đến khi có người cho chạy lại: `civic-engage campaign status early-vote`, rồi `campaign resume early-vote`.',
    );
  });

  it('a reason that is not the breaker is shown as recorded', () => {
    expect(pausedAlertText(texts('es'), campaign, { kind: 'paused', detail: { reason: 'carrier filtering' } })).toContain('se pausó sola: carrier filtering. No se enviará');
    expect(pausedAlertText(texts('en'), campaign, { kind: 'breaker', detail: null })).toContain('paused itself: breaker. Nothing more');
  });

  it.each(['en', 'es', 'zh', 'vi', 'ko', 'tl', 'ar'])('every text of the alert is there in %s', (language) => {
    const text = pausedAlertText(texts(language), campaign, breakerEvent);
    expect(text).not.toMatch(/slack\.|\{\{|undefined|NaN/);
    expect(text).toContain('`civic-engage campaign status early-vote`');
    expect(text).toContain('`campaign resume early-vote`');
    expect(text).toContain('21610');
  });
});

describe('the alert job posts in SLACK_ORGANIZER_LANGUAGE', () => {
  let slack: FakeSlack;
  let system: TestSystem;

  beforeAll(async () => {
    slack = await startFakeSlack({ token: 'xoxb-alerts' });
    system = await startTestSystem(
      'campaign-alert',
      campaignEnv(campaignFixtures(), { SLACK_BOT_TOKEN: 'xoxb-alerts', SLACK_API_URL: slack.apiUrl, CAMPAIGN_ALERT_CHANNEL: 'C0ALERTS', SLACK_ORGANIZER_LANGUAGE: 'es' }),
      { web: false, workers: false },
    );
  });
  afterAll(async () => {
    await system?.close();
    await slack?.close();
  });

  it('Spanish, then English when the setting is unset (DEFAULT_LANGUAGE)', async () => {
    const rt = system.runtime;
    await saveCampaign(rt, parseCampaignYaml('id: early-vote\nname: Voto anticipado\nmessage: campaign.announcement\naudience: { tags: [nobody] }\n'));
    const eventId = await recordEvent(cdb(rt), 'early-vote', 'breaker', breakerEvent.detail, rt.now());

    expect(await postAlert(rt, cdb(rt), { campaignId: 'early-vote', eventId })).toBe('posted');
    const english = { ...rt, config: { ...rt.config, SLACK_ORGANIZER_LANGUAGE: undefined } };
    expect(await postAlert(english, cdb(rt), { campaignId: 'early-vote', eventId })).toBe('posted');

    const [es, en] = await slack.waitFor(2);
    expect(es.token).toBe('xoxb-alerts');
    expect(es.body).toMatchObject({ channel: 'C0ALERTS' });
    expect(es.body.text).toBe(
      `:warning: La campaña *Voto anticipado* (\`early-vote\`) se pausó sola: disyuntor: falló el 50${NBSP}% de los últimos 20 envíos por SMS (21610 ×7, 30007 ×3; umbral 30${NBSP}%).` +
        ' No se enviará nada más hasta que alguien la reanude: `civic-engage campaign status early-vote` y después `campaign resume early-vote`.',
    );
    expect(en.body.text).toContain(':warning: Campaign *Voto anticipado* (`early-vote`) paused itself: circuit breaker: 50% of the last 20 SMS sends failed (21610 ×7, 30007 ×3; threshold 30%).');
  });
});
