/**
 * The organizers' digest: its content as a pure function of (data, now, texts) at an injected time,
 * in English and in other shipped languages (SLACK_ORGANIZER_LANGUAGE), and the real thing: figures read from the database, posted through the real Slack WebClient to the
 * fake Slack Web API, once per occurrence, on a BullMQ job scheduler in the organizers' time zone.
 * Also the engagement figures (per language and channel) it is built from.
 */
import { join } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import type { Kysely } from 'kysely';
import { buildDigest, digestAsText, type DigestData } from '../../src/feedback/digest';
import type { ReportTexts } from '../../src/i18n/organizer-texts';
import { postDigest, previewDigest } from '../../src/feedback/digest-job';
import { engagementData, engagementFigures, leftOut, type EngagementRow } from '../../src/feedback/engagement';
import { DIGEST_SCHEDULER, REPORTS_JOB, REPORTS_QUEUE } from '../../src/feedback/jobs';
import { recordConsent } from '../../src/store/consent';
import { findOrCreateIdentity } from '../../src/store/contacts';
import { Translator } from '../../src/i18n/translator';
import { insertFeedback } from '../../src/store/records';
import type { Database } from '../../src/store/schema';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { writeContent } from './harness';

/** A conversation that ended (the runner writes these with the conversation: src/store/conversations.ts writeStep). */
const conversationEnded = (db: Kysely<Database>, e: { contactId: string; flowId: string; outcome: string; channel: string | null; language: string | null; at: Date }) =>
  db.insertInto('conversation_events').values({ contact_id: e.contactId, flow_id: e.flowId, outcome: e.outcome, channel: e.channel, language: e.language, created_at: e.at }).execute();


const community = (over: Partial<EngagementRow> & Pick<EngagementRow, 'channel' | 'language'>): EngagementRow => ({
  reached: 0, people: 0, inbound: 0, notified: 0, replied: 0, completed: 0, expired: 0, replaced: 0, stopped: 0, feedback: 0, optOuts: 0, ...over,
});

// ---- pure: the content at an injected time ------------------------------------------------------

/** The shipped texts (locales/), in the organizers' language. */
const SHIPPED = Translator.fromDir(join(__dirname, '../../locales'), 'en');
const texts = (language: string): ReportTexts => ({ translator: SHIPPED, language });
const EN = texts('en');
/** Intl's non-breaking space: Spanish writes "69 %". */
const NBSP = '\u00a0';

describe('buildDigest (pure, injected time)', () => {
  const now = new Date('2030-06-04T13:00:00Z'); // 09:00 in New York
  const data: DigestData = {
    orgName: 'Test Org <West>',
    timeZone: 'America/New_York',
    period: { start: new Date('2030-06-03T13:00:00Z'), end: now },
    feedback: {
      total: 5,
      byChannel: { sms: 3, telegram: 2 },
      byLanguage: { es: 3, en: 2 },
      flows: [
        { flow: 'register', responses: 3, ratings: 3, average: 13 / 3 },
        { flow: 'fb_choice', responses: 2, ratings: 0, average: null },
      ],
      choices: [
        { flow: 'fb_choice', question: 'wait_time', choice: 'fine', count: 1 },
        { flow: 'fb_choice', question: 'wait_time', choice: 'too_long', count: 1 },
      ],
      comments: [
        { at: new Date('2030-06-04T12:41:00Z'), flow: 'register', question: 'overall', channel: 'sms', language: 'es', topic: 'lines', rating: 2, text: 'La fila <!channel> =cmd|"/C calc"!A0 *muy* larga' },
        { at: new Date('2030-06-03T22:10:00Z'), flow: 'register', question: 'overall', channel: 'telegram', language: 'en', topic: null, rating: 5, text: 'Great <https://evil.example|click here> & thanks' },
      ],
      commentCount: 2,
    },
    engagement: [
      community({ channel: 'sms', language: 'en', people: 20, inbound: 60, completed: 16, expired: 4, optOuts: 1 }),
      community({ channel: 'sms', language: 'es', people: 10, inbound: 25, completed: 3, expired: 7, optOuts: 3 }),
      community({ channel: 'telegram', language: 'en', people: 6, inbound: 30, completed: 6 }),
    ],
    previous: {
      periodStart: '2030-06-02T13:00:00.000Z',
      periodEnd: '2030-06-03T13:00:00.000Z',
      total: 3,
      byChannel: { sms: 3 },
      byLanguage: { en: 3 },
      averages: { register: { average: 4.5, ratings: 2 } },
      people: 30,
      completionRate: 0.8,
      optOuts: 1,
    },
    languageNames: { en: 'English', es: 'Español' },
  };
  const message = buildDigest(data, now, EN);
  const text = digestAsText(message);
  const blocks = message.blocks as any[];

  it('is the same message for the same data and time', () => {
    expect(buildDigest(data, now, EN)).toEqual(message);
  });

  it('says the day and window in the organizers time zone', () => {
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Feedback digest · Tue 4 Jun 2030' } });
    expect(blocks[1].elements[0].text).toBe('Test Org &lt;West&gt; · 2030-06-03 09:00 to 2030-06-04 09:00 (America/New_York)');
    expect(message.text).toBe('Feedback digest for Tue 4 Jun 2030: 5 responses, 2 comments');
  });

  it('volume by channel and language, average rating per flow, multiple-choice answers', () => {
    expect(text).toContain('*5 responses*\nBy channel: SMS 3 · Telegram 2\nBy language: Español 3 · English 2');
    expect(text).toContain('*Average rating by flow*\n• register: 4.3 / 5 (3 ratings)');
    expect(text).not.toMatch(/fb_choice: .* \/ 5/); // no ratings, no average
    expect(text).toContain('• fb_choice · wait_time: fine 1 · too_long 1');
  });

  it('what changed since the last digest', () => {
    expect(text).toContain(
      [
        '*What changed since the last digest*',
        '• Responses: 5 (▲2 from 3)',
        '• register: average rating 4.3 (▼0.2 from 4.5)',
        '• New: feedback in Español (3)',
        '• Conversations finished: 69% (▼11 points)',
        '• Opt-outs: 4 (▲3 from 1)',
      ].join('\n'),
    );
  });

  it('who engages, with the community being left out flagged', () => {
    expect(text).toContain('• English · SMS: 20 people, 80% finished, replies -, 1 opted out (5%)');
    expect(text).toContain(':warning: Español · SMS: 10 people, 30% finished, replies -, 3 opted out (30%)');
    expect(text).toContain('*Being left out?* Español · SMS: completion 30% against 69% overall; Español · SMS: opt-out 30% against 11% overall');
    // The least engaged language, every channel together, as the console and the CLI name it (no outreach here: finished conversations).
    expect(text).toContain('\n*Least engaged:* Español: completion 30% against 69% overall');
  });

  it('the newest comments as written, in plain_text (never markup, never a mention)', () => {
    const comments = blocks.filter((b) => b.type === 'section' && b.text.type === 'plain_text');
    expect(comments.map((b) => b.text.text)).toEqual(['La fila <!channel> =cmd|"/C calc"!A0 *muy* larga', 'Great <https://evil.example|click here> & thanks']);
    const meta = blocks.filter((b) => b.type === 'context').slice(1).map((b) => b.elements[0].text);
    expect(meta).toEqual(['Español · SMS · register · #lines · 2/5 · 2030-06-04 08:41', 'English · Telegram · register · 5/5 · 2030-06-03 18:10']);
    // Nowhere in a mrkdwn text is there an unescaped < or >.
    const mrkdwn = JSON.stringify(blocks.filter((b) => b.text?.type === 'mrkdwn' || b.type === 'context'));
    expect(mrkdwn).not.toMatch(/<!|<https?:/);
  });

  it('keeps only figures for the next digest, never what people wrote', () => {
    expect(JSON.stringify(message.summary)).not.toContain('fila');
    expect(message.summary).toMatchObject({ total: 5, byLanguage: { es: 3, en: 2 }, people: 36, optOuts: 4 });
  });

  it('first digest, and a quiet day', () => {
    const quiet = buildDigest({ ...data, previous: null, feedback: { total: 0, byChannel: {}, byLanguage: {}, flows: [], choices: [], comments: [], commentCount: 0 }, engagement: [] }, now, EN);
    const t = digestAsText(quiet);
    expect(t).toContain('*No feedback since the last digest.*');
    expect(t).toContain('This is the first digest');
    expect(quiet.blocks.some((b: any) => b.type === 'divider')).toBe(false);
  });

  it('an odd flow or topic name is escaped for mrkdwn', () => {
    const odd = buildDigest({ ...data, feedback: { ...data.feedback, flows: [{ flow: 'a<b>&c', responses: 1, ratings: 1, average: 3 }] } }, now, EN);
    expect(JSON.stringify(odd.blocks)).toContain('a&lt;b&gt;&amp;c: 3.0 / 5');
  });
  it('a change of one point is one "point"', () => {
    const one = buildDigest({ ...data, previous: { ...data.previous!, completionRate: 0.68 } }, now, EN);
    expect(digestAsText(one)).toContain('• Conversations finished: 69% (▲1 point)');
  });

  // SLACK_ORGANIZER_LANGUAGE=es: the same data, in Spanish words and Spanish number formats.
  it('in Spanish: words, plurals, decimals and percentages of the language', () => {
    const es = buildDigest(data, now, texts('es'));
    const t = digestAsText(es);
    expect(es.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Resumen de opiniones · mar, 4 jun 2030' } });
    expect((es.blocks[1] as any).elements[0].text).toBe('Test Org &lt;West&gt; · 2030-06-03 09:00 a 2030-06-04 09:00 (America/New_York)');
    expect(es.text).toBe('Resumen de opiniones del mar, 4 jun 2030: 5 respuestas, 2 comentarios');
    expect(t).toContain('*5 respuestas*\nPor canal: SMS 3 · Telegram 2\nPor idioma: Español 3 · English 2');
    expect(t).toContain('*Valoración media por flujo*\n• register: 4,3 / 5 (3 valoraciones)');
    expect(t).toContain('*Respuestas a preguntas de opción múltiple*\n• fb_choice · wait_time: fine 1 · too_long 1');
    expect(t).toContain(
      [
        '*Qué cambió desde el último resumen*',
        '• Respuestas: 5 (▲2 respecto a 3)',
        '• register: valoración media 4,3 (▼0,2 respecto a 4,5)',
        '• Nuevo: opiniones en Español (3)',
        `• Conversaciones terminadas: 69${NBSP}% (▼11 puntos)`,
        '• Bajas: 4 (▲3 respecto a 1)',
      ].join('\n'),
    );
    expect(t).toContain(`*Quién participa (por idioma y canal)*\n• English · SMS: 20 personas, 80${NBSP}% terminaron, respuestas -, bajas 1 (5${NBSP}%)`);
    expect(t).toContain(`:warning: Español · SMS: 10 personas, 30${NBSP}% terminaron, respuestas -, bajas 3 (30${NBSP}%)`);
    expect(t).toContain(`*¿Se está quedando alguien fuera?* Español · SMS: finalización 30${NBSP}% frente a 69${NBSP}% en total; Español · SMS: bajas 30${NBSP}% frente a 11${NBSP}% en total`);
    expect(t).toContain('*Comentarios más recientes* (2 de 2, tal como se escribieron)');
    // What people wrote stays as written, in plain_text, whatever the organizers' language.
    expect((es.blocks as any[]).filter((b) => b.type === 'section' && b.text.type === 'plain_text').map((b) => b.text.text)).toEqual(data.feedback.comments.map((c) => c.text));
    expect(es.summary).toEqual(message.summary);
  });

  it('in Spanish: one response, one rating, one person take the singular; a first digest and a quiet day', () => {
    const single = buildDigest(
      {
        ...data,
        previous: null,
        feedback: { ...data.feedback, total: 1, byChannel: { sms: 1 }, byLanguage: { es: 1 }, flows: [{ flow: 'register', responses: 1, ratings: 1, average: 2 }], choices: [], comments: [], commentCount: 1 },
        engagement: [community({ channel: 'sms', language: 'unknown', people: 1, inbound: 1 })],
      },
      now,
      texts('es'),
    );
    const t = digestAsText(single);
    expect(single.text).toBe('Resumen de opiniones del mar, 4 jun 2030: 1 respuesta, 1 comentario');
    expect(t).toContain('• register: 2,0 / 5 (1 valoración)');
    expect(t).toContain('• Este es el primer resumen: el próximo dirá qué cambió.');
    expect(t).toContain('• desconocido · SMS: 1 persona, - terminaron, respuestas -, bajas 0 (0');
    const quiet = buildDigest({ ...data, previous: null, feedback: { total: 0, byChannel: {}, byLanguage: {}, flows: [], choices: [], comments: [], commentCount: 0 }, engagement: [] }, now, texts('es'));
    expect(digestAsText(quiet)).toContain('*No hay opiniones desde el último resumen.*');
    expect(quiet.text).toBe('Resumen de opiniones del mar, 4 jun 2030: 0 respuestas, 0 comentarios');
  });

  it('in Vietnamese (one plural form), with mrkdwn escaping as in English', () => {
    const vi = buildDigest({ ...data, orgName: 'Nhóm <A&B>' }, now, texts('vi'));
    const t = digestAsText(vi);
    expect((vi.blocks[0] as any).text.text).toBe('Tóm tắt phản hồi · Thứ 3, 4 thg 6, 2030');
    expect((vi.blocks[1] as any).elements[0].text).toBe('Nhóm &lt;A&amp;B&gt; · 2030-06-03 09:00 đến 2030-06-04 09:00 (America/New_York)');
    expect(vi.text).toBe('Tóm tắt phản hồi Thứ 3, 4 thg 6, 2030: 5 phản hồi, 2 bình luận');
    expect(t).toContain('*5 phản hồi*\nTheo kênh: SMS 3 · Telegram 2\nTheo ngôn ngữ: Español 3 · English 2');
    expect(t).toContain('• register: 4,3 / 5 (3 lượt đánh giá)');
    expect(t).toContain('• Phản hồi: 5 (▲2 so với 3)');
    expect(t).toContain('• register: điểm trung bình 4,3 (▼0,2 so với 4,5)');
    expect(t).toContain('• Cuộc trò chuyện hoàn tất: 69% (▼11 điểm phần trăm)');
    expect(t).toContain('• Hủy đăng ký: 4 (▲3 so với 1)');
    expect(t).toContain('• English · SMS: 20 người, 80% hoàn tất, trả lời -, 1 hủy đăng ký (5%)');
    expect(t).toContain('*Bình luận mới nhất* (2 trên 2, giữ nguyên văn)');
    const odd = buildDigest({ ...data, feedback: { ...data.feedback, flows: [{ flow: 'a<b>&c', responses: 1, ratings: 1, average: 3 }] } }, now, texts('vi'));
    expect(JSON.stringify(odd.blocks)).toContain('a&lt;b&gt;&amp;c: 3,0 / 5 (1 lượt đánh giá)');
  });

  it.each(['en', 'es', 'zh', 'vi', 'ko', 'tl', 'ar'])('every text of the digest is there in %s', (language) => {
    const quiet = { ...data, previous: null, feedback: { total: 0, byChannel: {}, byLanguage: {}, flows: [], choices: [], comments: [], commentCount: 0 } };
    for (const m of [buildDigest(data, now, texts(language)), buildDigest(quiet, now, texts(language))]) {
      const all = `${m.text}\n${digestAsText(m)}`;
      expect(all).not.toMatch(/slack\.|\{\{|undefined|NaN/); // no missing key, no placeholder left
    }
  });

  it('Arabic: its number format and plural forms (zero, few)', () => {
    const ar = buildDigest(data, now, texts('ar'));
    const quiet = buildDigest({ ...data, feedback: { total: 0, byChannel: {}, byLanguage: {}, flows: [], choices: [], comments: [], commentCount: 0 } }, now, texts('ar'));
    const five = new Intl.NumberFormat('ar').format(5);
    expect(ar.text).toContain(`${five} ردود`);
    expect(quiet.text).toContain('لا ردود، لا تعليقات');
  });
});

describe('engagement figures (pure)', () => {
  it('rates, and who is left out only with enough people', () => {
    const rows = [
      community({ channel: 'sms', language: 'en', people: 40, notified: 40, replied: 30, completed: 30, expired: 10 }),
      community({ channel: 'sms', language: 'vi', people: 10, notified: 10, replied: 2, completed: 2, expired: 8, optOuts: 3 }),
      community({ channel: 'web', language: 'es', people: 2, completed: 0, expired: 2 }), // too few to judge
    ];
    const [en, vi] = engagementFigures(rows);
    expect(en).toMatchObject({ language: 'en', completionRate: 0.75, replyRate: 0.75, optOutRate: 0 });
    expect(vi).toMatchObject({ language: 'vi', completionRate: 0.2, replyRate: 0.2, optOutRate: 0.3 });
    expect(leftOut(rows).map((f) => `${f.language}/${f.measure}`)).toEqual(['vi/completion', 'vi/reply', 'vi/opt-out']);
  });
});

// ---- the real thing: database, WebClient, fake Slack, job scheduler ------------------------------

describe('the digest posted to Slack', () => {
  let fake: FakeSlack;
  let system: TestSystem;
  let clock = new Date('2030-06-04T13:00:00Z');
  const db = (): Kysely<Database> => system.runtime.db.kysely;

  beforeAll(async () => {
    fake = await startFakeSlack({ token: 'xoxb-digest-test' });
    system = await startTestSystem(
      'digest',
      { ...writeContent(), SLACK_BOT_TOKEN: 'xoxb-digest-test', SLACK_API_URL: fake.apiUrl, DIGEST_CHANNEL: 'C0DIGEST', DIGEST_TIME: '09:00', DIGEST_TIMEZONE: 'America/New_York', ORG_NAME: 'Test Org' },
      { postgres: true, now: () => clock },
    );
  });
  afterAll(async () => {
    await system?.close();
    await fake?.close();
  });

  /** A person on `channel` who wrote `inbound` times, with a chosen language, all at `at`. */
  async function person(channel: string, address: string, language: string | null, at: Date, inbound = 1) {
    const { identity } = await findOrCreateIdentity(db(), channel, address);
    await db().updateTable('contacts').set({ language }).where('id', '=', identity.contact_id).execute();
    for (let i = 0; i < inbound; i++) {
      await db().insertInto('messages').values({ contact_id: identity.contact_id, identity_id: identity.id, channel, direction: 'in', kind: 'reply', provider_id: null, body: 'hi', key: null, payload: null, status: 'processed', error_code: null, created_at: at }).execute();
    }
    return identity;
  }

  it('runs daily at DIGEST_TIME in the organizers time zone (a BullMQ job scheduler)', async () => {
    const scheduler = await system.runtime.queues.get(REPORTS_QUEUE).getJobScheduler(DIGEST_SCHEDULER);
    expect(scheduler).toMatchObject({ name: REPORTS_JOB.digest, pattern: '0 9 * * *', tz: 'America/New_York' });
  });

  it('posts figures from the database once per occurrence, then says what changed', async () => {
    const at = new Date('2030-06-04T10:00:00Z');
    const ana = await person('sms', '+12125550101', 'es', at, 3);
    const bo = await person('telegram', '4242', 'en', at, 2);
    await insertFeedback(db(), { contactId: ana.contact_id, flowId: 'fb', question: 'overall', rating: 2, comment: 'Nadie me contestó <!here>', channel: 'sms', language: 'es', at });
    await insertFeedback(db(), { contactId: bo.contact_id, flowId: 'fb', question: 'overall', rating: 5, comment: 'Quick and clear', channel: 'telegram', language: 'en', at });
    await insertFeedback(db(), { contactId: bo.contact_id, flowId: 'fb_choice', question: 'wait_time', choice: 'too_long', topic: 'polling_place', channel: 'telegram', language: 'en', at });
    await insertFeedback(db(), { contactId: bo.contact_id, flowId: 'fb', question: 'overall', rating: 1, comment: 'old', channel: 'telegram', language: 'en', at: new Date('2030-06-01T10:00:00Z') }); // before the window
    await conversationEnded(db(), { contactId: ana.contact_id, flowId: 'fb', outcome: 'expired', channel: 'sms', language: 'es', at });
    await conversationEnded(db(), { contactId: bo.contact_id, flowId: 'fb', outcome: 'completed', channel: 'telegram', language: 'en', at });
    await recordConsent(db(), ana, 'opt_out', { word: 'PARAR', source: 'keyword', at });

    const first = await postDigest(system.runtime, 'occ-1');
    expect(first.status).toBe('posted');
    const [call] = await fake.waitFor(1);
    expect(call.token).toBe('xoxb-digest-test');
    expect(call.body).toMatchObject({ channel: 'C0DIGEST', text: 'Feedback digest for Tue 4 Jun 2030: 3 responses, 2 comments' });
    const blocks = call.body.blocks as any[];
    const all = JSON.stringify(blocks);
    expect(all).toContain('By channel: Telegram 2 · SMS 1');
    expect(all).toContain('By language: English 2 · Español 1');
    expect(all).toContain('• fb: 3.5 / 5 (2 ratings)');
    expect(all).toContain('fb_choice · wait_time: too_long 1');
    expect(blocks.filter((b) => b.text?.type === 'plain_text' && b.type === 'section').map((b) => b.text.text)).toEqual(['Quick and clear', 'Nadie me contestó <!here>']); // newest first (same time: last stored first)
    expect(all).toContain('Español · SMS: 1 person, 0% finished, replies -, 1 opted out (100%)');
    expect(all).not.toContain('old');

    // The same occurrence again (a retried job): not posted twice.
    expect(await postDigest(system.runtime, 'occ-1')).toMatchObject({ status: 'already-posted', ts: first.ts });
    expect(fake.requests.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);

    // The next morning: the window starts where the last one ended, and it says what changed.
    clock = new Date('2030-06-05T13:00:00Z');
    await insertFeedback(db(), { contactId: bo.contact_id, flowId: 'fb', question: 'overall', rating: 4, channel: 'telegram', language: 'en', at: new Date('2030-06-05T01:00:00Z') });
    expect((await postDigest(system.runtime, 'occ-2')).status).toBe('posted');
    const second = (await fake.waitFor(2))[1];
    const text = JSON.stringify(second.body.blocks);
    expect(second.body.text).toBe('Feedback digest for Wed 5 Jun 2030: 1 response, 0 comments');
    expect(text).toContain('2030-06-04 09:00 to 2030-06-05 09:00');
    expect(text).toContain('Responses: 1 (▼2 from 3)');
    expect(text).toContain('fb: average rating 4.0 (▲0.5 from 3.5)');
    expect(text).toContain('No feedback in Español this time (1 last time)');
    expect(text).toContain('Opt-outs: 0 (▼1 from 1)');
  });

  it('the scheduled job posts through the worker', async () => {
    clock = new Date('2030-06-06T13:00:00Z');
    const before = fake.requests.filter((c) => c.method === 'chat.postMessage').length;
    await system.runtime.queues.get(REPORTS_QUEUE).add(REPORTS_JOB.digest, {}, { jobId: 'scheduled-test' });
    const calls = await fake.waitFor(before + 1);
    expect(calls[before].body.text).toBe('Feedback digest for Thu 6 Jun 2030: 0 responses, 0 comments');
  });

  it("Slack's permanent errors end the job without retries; the preview needs no Slack", async () => {
    fake.fail({ method: 'chat.postMessage', error: 'channel_not_found' });
    await expect(postDigest(system.runtime, 'occ-fail')).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await postDigest({ ...system.runtime, config: { ...system.runtime.config, DIGEST_CHANNEL: undefined } }, 'occ-off')).toEqual({ status: 'off' });
    expect(digestAsText(await previewDigest(system.runtime))).toContain('Feedback digest · Thu 6 Jun 2030');
  });

  it('engagement by language and channel from the message log, outcomes and consent ledger', async () => {
    const at = new Date('2030-05-20T15:00:00Z');
    const since = new Date('2030-05-20T00:00:00Z');
    const until = new Date('2030-05-21T00:00:00Z');
    const vi = await person('sms', '+12125550199', 'vi', at, 2);
    const nolang = await person('web', 'never-picked-a-language', null, at, 1);
    // A reminder we sent (a notification), answered by the Vietnamese speaker afterwards.
    await db().insertInto('messages').values({ contact_id: vi.contact_id, identity_id: vi.id, channel: 'sms', direction: 'out', kind: 'notification', provider_id: null, body: 'x', key: 'k', payload: null, status: 'delivered', error_code: null, created_at: new Date('2030-05-20T14:00:00Z') }).execute();
    await conversationEnded(db(), { contactId: vi.contact_id, flowId: 'reg', outcome: 'completed', channel: 'sms', language: 'vi', at });
    await conversationEnded(db(), { contactId: nolang.contact_id, flowId: 'language', outcome: 'expired', channel: 'web', language: null, at });
    const rows = await engagementData(db(), since, until);
    expect(engagementFigures(rows)).toEqual([
      expect.objectContaining({ channel: 'sms', language: 'vi', people: 1, inbound: 2, notified: 1, replied: 1, completed: 1, replyRate: 1, completionRate: 1 }),
      expect.objectContaining({ channel: 'web', language: 'unknown', people: 1, inbound: 1, expired: 1, completionRate: 0 }),
    ]);
  });

  it('counts as reached only messages that left us: not scheduled, held, undelivered, suppressed or rehearsed ones', async () => {
    const since = new Date('2030-05-22T00:00:00Z');
    const until = new Date('2030-05-23T00:00:00Z');
    const out = (who: { id: string; contact_id: string }, status: string) =>
      db().insertInto('messages').values({ contact_id: who.contact_id, identity_id: who.id, channel: 'sms', direction: 'out', kind: 'notification', provider_id: null, body: 'x', key: 'k', payload: null, status, error_code: null, created_at: new Date('2030-05-22T10:00:00Z') }).execute();
    const waiting = await person('sms', '+12125550301', 'ko', since, 0);
    for (const status of ['scheduled', 'held', 'pending', 'undelivered', 'suppressed', 'failed', 'rehearsed']) await out(waiting, status);
    const reached = await person('sms', '+12125550302', 'ko', since, 0);
    await out(reached, 'sent');
    const rows = await engagementData(db(), since, until);
    expect(rows).toEqual([expect.objectContaining({ channel: 'sms', language: 'ko', reached: 1, notified: 1, replied: 0 })]);
  });

  it('is posted in SLACK_ORGANIZER_LANGUAGE (Spanish here); a language that is not shipped falls back to DEFAULT_LANGUAGE', async () => {
    clock = new Date('2030-06-07T13:00:00Z');
    const bo = await person('telegram', '4343', 'en', new Date('2030-06-07T01:00:00Z'));
    await insertFeedback(db(), { contactId: bo.contact_id, flowId: 'fb', question: 'overall', rating: 4, comment: 'Todo bien', channel: 'telegram', language: 'en', at: new Date('2030-06-07T01:00:00Z') });
    const spanish = { ...system.runtime, config: { ...system.runtime.config, SLACK_ORGANIZER_LANGUAGE: 'es' } };
    const before = fake.requests.filter((c) => c.method === 'chat.postMessage' && !c.error).length;
    expect((await postDigest(spanish, 'occ-es')).status).toBe('posted');
    const call = (await fake.waitFor(before + 1))[before];
    expect(call.body.text).toBe('Resumen de opiniones del vie, 7 jun 2030: 1 respuesta, 1 comentario');
    const blocks = call.body.blocks as any[];
    expect(blocks[0].text.text).toBe('Resumen de opiniones · vie, 7 jun 2030');
    const all = digestAsText({ text: String(call.body.text), blocks, summary: {} as any });
    expect(all).toContain('*1 respuesta*\nPor canal: Telegram 1\nPor idioma: English 1');
    expect(all).toContain('• fb: 4,0 / 5 (1 valoración)');
    expect(all).toContain('• Respuestas: 1 (▲1 respecto a 0)');
    expect(all).toContain('• Nuevo: opiniones en English (1)');
    expect(all).toContain('• English · Telegram: 1 persona');
    expect(all).toContain('*Comentarios más recientes* (1 de 1, tal como se escribieron)');
    expect(all).toContain('  “Todo bien”');

    const unshipped = { ...system.runtime, config: { ...system.runtime.config, SLACK_ORGANIZER_LANGUAGE: 'fr' } };
    expect((await previewDigest(unshipped)).text).toMatch(/^Feedback digest for Fri 7 Jun 2030: /);
  });
});
