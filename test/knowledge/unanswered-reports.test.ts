/**
 * What the assistant could not answer reaches the organizers: the digest's section "Questions I
 * could not answer" (pure, in several languages; and read from the database), the export as CSV
 * (safe in a spreadsheet) and JSON, through the CLI and GET /api/admin/questions/unanswered (behind
 * the admin token). No phone number ever reaches a report.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { buildDigest, digestAsText, type DigestData } from '../../src/feedback/digest';
import { previewDigest } from '../../src/feedback/digest-job';
import { Translator } from '../../src/i18n/translator';
import type { ReportTexts } from '../../src/i18n/organizer-texts';
import { groupUnanswered, TOP_GROUPS } from '../../src/knowledge/unanswered/group';
import { QUESTION_COLUMNS, questionsCsv, questionsJson } from '../../src/knowledge/unanswered/export';
import { recordUnanswered, type UnansweredRow } from '../../src/knowledge/unanswered/store';
import { questionsExport } from '../../src/cli/questions';
import { runRetention } from '../../src/privacy/module';
import type { Database } from '../../src/store/schema';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { writeContent } from '../feedback/harness';


const SHIPPED = Translator.fromDir(join(__dirname, '../../locales'), 'en');
const texts = (language: string): ReportTexts => ({ translator: SHIPPED, language });
const NOW = new Date('2030-06-04T13:00:00Z');
const PHONE_DIGITS = /\d{3}\D{0,3}\d{3}\D{0,3}\d{4}/;

let n = 0;
const row = (language: string, text: string, over: Partial<UnansweredRow> = {}): UnansweredRow => ({
  id: String(++n),
  created_at: new Date(NOW.getTime() - (100 - n) * 60_000),
  channel: 'sms',
  language,
  text,
  nearest_topic: null,
  ...over,
});

const emptyData = (unanswered: DigestData['unanswered']): DigestData => ({
  orgName: 'Test Org',
  timeZone: 'America/New_York',
  period: { start: new Date(NOW.getTime() - 86_400_000), end: NOW },
  feedback: { total: 0, byChannel: {}, byLanguage: {}, flows: [], choices: [], comments: [], commentCount: 0 },
  engagement: [],
  previous: null,
  languageNames: { en: 'English', es: 'Español', zh: '中文' },
  unanswered,
});

describe('the digest section "Questions I could not answer" (pure)', () => {
  const rows = [
    ...Array.from({ length: 3 }, () => row('es', '¿Puedo llevar a mi perro a votar?')),
    row('es', 'puedo llevar mi perro a votar', { nearest_topic: 'polling_place' }),
    row('es', '¿hay estacionamiento gratis? <!channel> *ya*'),
    ...['parking', 'buses to the polls', 'childcare while I vote', 'can I wear a hat', 'is there coffee', 'do I get a sticker'].map((t) => row('en', t)),
    row('zh', '投票站有停车场吗'),
  ];
  const unanswered = groupUnanswered(rows).languages.map((l) => ({ ...l, groups: l.groups.slice(0, TOP_GROUPS) }));

  it('shows the most-asked groups per language with counts and an example, as plain text', () => {
    const message = buildDigest(emptyData(unanswered), NOW, texts('en'));
    const text = digestAsText(message);
    expect(text).toContain('*Questions I could not answer*');
    expect(text).toContain('English · 6 questions, most asked first:');
    expect(text).toContain('Español · 5 questions, most asked first:');
    expect(text).toContain('4× “¿Puedo llevar a mi perro a votar?” (closest topic: polling_place)');
    expect(text).toContain('中文 · 1 question, most asked first:');
    // Five groups a language at most.
    const english = (message.blocks as any[]).find((b) => b.text?.text?.startsWith('English'));
    expect(english.text.type).toBe('plain_text');
    expect(english.text.text.split('\n')).toHaveLength(1 + TOP_GROUPS);
    // What people wrote is never markup.
    const mrkdwn = JSON.stringify((message.blocks as any[]).filter((b) => b.text?.type === 'mrkdwn'));
    expect(mrkdwn).not.toContain('<!channel>');
  });

  it('in every language the digest is written in', () => {
    for (const language of ['es', 'tl', 'vi', 'zh', 'ko', 'ar']) {
      const text = digestAsText(buildDigest(emptyData(unanswered), NOW, texts(language)));
      expect(text).not.toContain('slack.digest.');
      expect(text).toContain('¿Puedo llevar a mi perro a votar?');
    }
    expect(digestAsText(buildDigest(emptyData(unanswered), NOW, texts('es')))).toContain('*Preguntas que no supe responder*');
    expect(digestAsText(buildDigest(emptyData(unanswered), NOW, texts('ar')))).toContain('سؤال واحد');
  });

  it('says so when every question was answered, and leaves the section out when there is no data', () => {
    expect(digestAsText(buildDigest(emptyData([]), NOW, texts('en')))).toContain('Every question got an answer or a choice of topics.');
    expect(digestAsText(buildDigest(emptyData(undefined), NOW, texts('en')))).not.toContain('Questions I could not answer');
  });
});

describe('the export (pure)', () => {
  const rows = [row('en', '=HYPERLINK("http://evil.example","click") where do I vote'), row('en', 'call me 212 555 0142 about parking'), row('es', '¿hay estacionamiento?', { channel: 'telegram' })];

  it('CSV: BOM, header, every question with its group, formulas neutralised, no phone number', () => {
    const csv = questionsCsv(rows, 'America/New_York');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(QUESTION_COLUMNS.join(','));
    expect(lines).toHaveLength(rows.length + 2); // header, rows, final CRLF
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") where do I vote"`);
    expect(csv).toContain('call me [number] about parking');
    expect(csv).not.toMatch(PHONE_DIGITS);
  });

  it('JSON: the groups per language and every question, no phone number', () => {
    const json = JSON.parse(questionsJson(rows, 'America/New_York', { exportedAt: NOW }));
    expect(json.count).toBe(3);
    expect(json.languages.map((l: any) => [l.language, l.total])).toEqual([['en', 2], ['es', 1]]);
    expect(json.questions[2]).toMatchObject({ language: 'es', channel: 'telegram', text: '¿hay estacionamiento?', group: json.languages[1].groups[0].key });
    expect(JSON.stringify(json)).not.toMatch(PHONE_DIGITS);
  });
});

describe('from the database: digest, CLI and admin API', () => {
  const ADMIN_TOKEN = `adm_${randomBytes(24).toString('hex')}`;
  let system: TestSystem;
  const db = (): Kysely<Database> => system.runtime.db.kysely;
  const now = () => NOW;
  const contactId = (i: number) => `00000000-0000-4000-8000-00000000000${i}`;

  beforeAll(async () => {
    system = await startTestSystem('unanswered', { ...writeContent(), ADMIN_TOKEN, DEFAULT_TIMEZONE: 'America/New_York' }, { postgres: true, workers: false, now });
    for (const [i, [language, text]] of [
      ['es', '¿Puedo llevar a mi perro a votar? mi cel es 505-555-0199'],
      ['es', 'puedo llevar a mi perro a votar'],
      ['es', '¿Puedo llevar mi perro a votar?'],
      ['en', 'is there free parking at the polls'],
      ['en', 'is there parking at the polls?'],
      ['en', 'what is the weather'],
    ].entries()) {
      const id = contactId(i);
      await db().insertInto('contacts').values({ id, language, vars: '{}' }).execute();
      await db().insertInto('identities').values({ id: `sms-${id}`, contact_id: id, channel: 'sms', address: `+1505555010${i}`, opted_out_at: null, unreachable_at: null, unreachable_reason: null }).execute();
      await recordUnanswered(db(), { contactId: id, channel: 'sms', language, text, at: new Date(NOW.getTime() - (i + 1) * 3_600_000) });
    }
    // Older than the digest's day: not in it.
    await recordUnanswered(db(), { contactId: contactId(0), channel: 'sms', language: 'es', text: 'una pregunta vieja', at: new Date('2030-05-01T12:00:00Z') });
  });
  afterAll(() => system?.close());

  it('record → the digest shows the groups, most asked first', async () => {
    const text = digestAsText(await previewDigest(system.runtime));
    expect(text).toContain('*Questions I could not answer*');
    // Each wording was written once: the newest one without a number taken out is the example.
    expect(text).toContain('Español · 3 questions, most asked first:\n  3× “puedo llevar a mi perro a votar”');
    expect(text).toContain('English · 3 questions, most asked first:\n  2× “is there free parking at the polls”\n  1× “what is the weather”');
    expect(text).not.toContain('una pregunta vieja');
    expect(text).not.toMatch(PHONE_DIGITS);
  });

  it('GET /api/admin/questions/unanswered needs the admin token', async () => {
    const url = `${system.url}/api/admin/questions/unanswered?since=60d`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body.count).toBe(7);
    expect(body.languages[0]).toMatchObject({ language: 'es', total: 4 });
    expect(body.languages[0].groups[0]).toMatchObject({ count: 3, people: 3 });
    expect(JSON.stringify(body)).not.toMatch(PHONE_DIGITS);
    expect(JSON.stringify(body)).not.toContain('0000-4000-8000'); // no contact id
  });

  it('the admin API and the CLI give the same CSV; bad parameters are refused', async () => {
    const res = await fetch(`${system.url}/api/admin/questions/unanswered?since=7d&format=csv`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const fromApi = Buffer.from(await res.arrayBuffer()).toString('utf8');
    let fromCli = '';
    await questionsExport({ config: system.config, out: (t) => void (fromCli += t), now }, { since: '7d', format: 'csv' });
    expect(fromCli).toBe(fromApi);
    expect(fromCli.split('\r\n')).toHaveLength(1 + 6 + 1);
    expect(fromCli).not.toMatch(PHONE_DIGITS);
    for (const q of ['format=xml', 'since=yesterday', 'language=%3Cscript%3E']) {
      expect((await fetch(`${system.url}/api/admin/questions/unanswered?${q}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(400);
    }
    let json = '';
    await questionsExport({ config: system.config, out: (t) => void (json += t), now }, { since: '60d', format: 'json', language: 'en' });
    expect(JSON.parse(json).count).toBe(3);
  });

  it('contact forget through the admin API erases their questions; retention prunes the old ones', async () => {
    const before = await listQuestions();
    expect(before).toContain('what is the weather');
    const res = await fetch(`${system.url}/api/admin/contacts/${contactId(5)}/forget`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await listQuestions()).toEqual(before.filter((t) => t !== 'what is the weather'));

    expect(await listQuestions()).toContain('una pregunta vieja');
    await runRetention({ ...system.runtime, config: { ...system.runtime.config, RETENTION_DAYS: 30 } });
    const after = await listQuestions();
    expect(after).not.toContain('una pregunta vieja'); // 2030-05-01, more than 30 days before NOW
    expect(after).toHaveLength(5);
  });

  const listQuestions = async () => (await db().selectFrom('unanswered_questions').select('text').orderBy('id').execute()).map((r) => r.text);
});
