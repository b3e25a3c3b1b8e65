/**
 * Unanswered questions, on PGlite and on PostgreSQL: kept without phone numbers or e-mail
 * addresses, read back by window, shown in `contact export`, erased by `contact forget`, pruned by
 * retention; and grouped per language so the most-asked missing topics come first.
 */
import type { Kysely } from 'kysely';
import { forgetUnanswered, listUnanswered, pruneUnanswered, recordUnanswered, type UnansweredRow } from '../../src/knowledge/unanswered/store';
import { groupUnanswered, questionTerms } from '../../src/knowledge/unanswered/group';
import { scrubPersonal } from '../../src/knowledge/unanswered/scrub';
import { unansweredModule, unansweredPersonalData } from '../../src/knowledge/unanswered/module';
import { exportContact } from '../../src/privacy/export-contact';
import { forgetContact } from '../../src/privacy/forget';
import type { Database } from '../../src/store/schema';
import { describeOnBothDatabases } from '../helpers/databases';


const T0 = new Date('2030-06-04T13:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function newContact(db: Kysely<Database>, id: string): Promise<string> {
  await db.insertInto('contacts').values({ id, language: 'es', vars: '{}' }).execute();
  await db.insertInto('identities').values({ id: `sms-${id}`, contact_id: id, channel: 'sms', address: `+1212555${id.slice(-4)}`, opted_out_at: null, unreachable_at: null, unreachable_reason: null }).execute();
  return id;
}

describe('scrubPersonal: no phone number or address in what is kept', () => {
  it.each([
    ['call me at (212) 555-0142 please', 'call me at [number] please'],
    ['mi número es +1 212 555 0142', 'mi número es [number]'],
    ['رقمي ٢١٢٥٥٥٠١٤٢', 'رقمي [number]'],
    ['write to rosa.q@example.org ok', 'write to [email] ok'],
    ['where do I vote in 87501', 'where do I vote in 87501'], // a ZIP code stays
    ['election on 11/05/2030?', 'election on 11/05/2030?'], // a date stays
  ])('%j → %j', (input, expected) => {
    expect(scrubPersonal(input)).toBe(expected);
  });
});

describe('groupUnanswered (pure)', () => {
  let n = 0;
  const row = (language: string, text: string, over: Partial<UnansweredRow> = {}): UnansweredRow => ({ id: String(++n), created_at: at(n), channel: 'sms', language, text, nearest_topic: null, ...over });

  it('puts the same question in other words together, most asked first, per language', () => {
    const rows = [
      row('en', 'Can I bring my dog to vote?'),
      row('en', 'can i bring my dog to vote'),
      row('en', 'bring my dog when voting??', { nearest_topic: 'polling_place' }),
      row('en', 'what is the weather tomorrow'),
      row('es', '¿Puedo llevar a mi perro a votar?', { channel: 'telegram' }),
      row('es', 'puedo llevar mi perro a votar'),
      row('en', 'Can I bring my dog to vote?'),
    ];
    const report = groupUnanswered(rows);
    expect(report.languages.map((l) => [l.language, l.total])).toEqual([['en', 5], ['es', 2]]);
    const [dog, weather] = report.languages[0].groups;
    expect(dog).toMatchObject({ count: 4, people: 4, example: 'Can I bring my dog to vote?', nearestTopic: 'polling_place', channels: { sms: 4 } });
    expect(weather).toMatchObject({ count: 1, example: 'what is the weather tomorrow' });
    expect(report.languages[1].groups).toHaveLength(1);
    expect(report.languages[1].groups[0]).toMatchObject({ count: 2, channels: { telegram: 1, sms: 1 } });
    expect(report.groupOf.get(rows[2].id)).toBe(dog.key);
  });

  it('reads each language with its own analysis (no spaces in Chinese, particles in Korean)', () => {
    expect(questionTerms('我可以带狗去投票吗', 'zh')).toEqual(questionTerms('我可以带狗去投票吗？', 'zh'));
    const report = groupUnanswered([row('zh', '我可以带狗去投票吗'), row('zh', '可以带狗去投票吗'), row('ko', '투표소에 강아지 데려가도 되나요'), row('ko', '투표소 강아지 데려가도 돼요?')]);
    expect(report.languages.map((l) => l.groups.map((g) => g.count))).toEqual([[2], [2]]);
  });

  it('never shows a number in an example, even one stored before scrubbing', () => {
    const report = groupUnanswered([row('en', 'text me at 212-555-0142 about my ballot')]);
    expect(report.languages[0].groups[0].example).toBe('text me at [number] about my ballot');
  });
});

describeOnBothDatabases('unanswered questions store', (db) => {
  const k = () => db().kysely;
  const config = { PRIVACY_SECRET: 'unanswered-test-secret-0123456789' };

  it('keeps a question (scrubbed), reads it back by window, and skips empty text', async () => {
    const rosa = await newContact(k(), 'c-rosa-0001');
    await recordUnanswered(k(), { contactId: rosa, channel: 'sms', language: 'es', text: '¿Puedo votar con mi perro? llámame al 212 555 0142', at: at(1) });
    await recordUnanswered(k(), { contactId: rosa, channel: 'sms', language: 'es', text: '   ', at: at(2) });
    await recordUnanswered(k(), { contactId: rosa, channel: 'web', language: 'es', text: 'otra', at: at(90) });
    const rows = await listUnanswered(k(), { since: at(0), until: at(60) });
    expect(rows).toEqual([{ id: expect.any(String), created_at: at(1), channel: 'sms', language: 'es', text: '¿Puedo votar con mi perro? llámame al [number]', nearest_topic: null, contact_id: rosa }]);
    expect(await listUnanswered(k(), { language: 'en' })).toEqual([]);
  });

  it('records through the module hook the runner calls, in its transaction', async () => {
    const ana = await newContact(k(), 'c-ana-0002');
    await k()
      .transaction()
      .execute((tx) => unansweredModule.onUnanswered!(tx, { contactId: ana, channel: 'telegram', language: 'en', text: 'is there parking?', at: at(3) }));
    expect((await listUnanswered(k(), { language: 'en' })).map((r) => r.text)).toEqual(['is there parking?']);
  });

  it('shows in contact export and goes with contact forget; nobody else is touched', async () => {
    const leo = await newContact(k(), 'c-leo-0003');
    const kim = await newContact(k(), 'c-kim-0004');
    await recordUnanswered(k(), { contactId: leo, channel: 'sms', language: 'en', text: 'Leo asks about parking', at: at(4) });
    await recordUnanswered(k(), { contactId: kim, channel: 'sms', language: 'en', text: 'Kim asks about buses', at: at(5) });
    const deps = { db: k(), config, now: () => at(10), personalData: [unansweredPersonalData] };
    const exported = (await exportContact(deps, leo)) as { other: Record<string, { text: string }[]> };
    expect(exported.other.unanswered_questions.map((q) => q.text)).toEqual(['Leo asks about parking']);
    expect(await forgetContact(deps, leo)).toBeDefined();
    const left = (await listUnanswered(k())).map((r) => r.text);
    expect(left).toContain('Kim asks about buses');
    expect(left).not.toContain('Leo asks about parking');
    expect(await forgetUnanswered(k(), kim)).toBe(1);
  });

  it('retention prunes questions older than the cutoff', async () => {
    const eva = await newContact(k(), 'c-eva-0005');
    await recordUnanswered(k(), { contactId: eva, channel: 'sms', language: 'vi', text: 'cũ', at: new Date('2030-01-01T00:00:00Z') });
    await recordUnanswered(k(), { contactId: eva, channel: 'sms', language: 'vi', text: 'mới', at: at(6) });
    expect(await pruneUnanswered(k(), new Date('2030-03-01T00:00:00Z'))).toBe(1);
    expect((await listUnanswered(k(), { language: 'vi' })).map((r) => r.text)).toEqual(['mới']);
  });
});
