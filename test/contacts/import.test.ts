/**
 * Contacts import, on PGlite and on PostgreSQL: E.164 numbers, refused rows by line, all or
 * nothing, re-importing changes nothing, an opted-out person stays opted out, and who counts as
 * opted in for campaigns (src/contacts/consent.ts).
 */
import type { Kysely } from 'kysely';
import { mayReceiveCampaigns } from '../../src/contacts/consent';
import { importContacts, type ImportOptions } from '../../src/contacts/import';
import { problemText } from '../../src/contacts/problems';
import { Translator } from '../../src/i18n/translator';
import { recordConsent } from '../../src/store/consent';
import { findOrCreateIdentity } from '../../src/store/contacts';
import { openDb, type Db } from '../../src/store/db';
import { insertInbound } from '../../src/store/messages';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';

const NOW = new Date('2030-06-04T16:00:00Z');

const GOOD = [
  'Phone,Telegram ID,Name,Language,State,ZIP,Tags,Registered,Consent Source,Consent Date,Notes',
  '(212) 555-0123,,Ana,es-MX,california,94110,volunteer;Spanish speakers,no,rally sign-up sheet,2030-05-01,likes tacos',
  '+1 808 555 1234,,Kai,en,HI,96813,,yes,web form,2030-05-02T10:00:00Z,',
  ',987654321,Lee,en,TX,,volunteer,,telegram bot,2030-05-03,',
  '212-555-0199,123456789,Sam,,NY,,,,,,',
].join('\n');

describe.each([['pglite'], ['postgres']])('contacts import (%s)', (kind) => {
  let db: Db;
  let pg: FreshDatabase | undefined;
  beforeAll(async () => {
    pg = kind === 'postgres' ? await freshDatabase() : undefined;
    db = await openDb({ databaseUrl: pg?.url, dataDir: ':memory:' });
  });
  afterAll(async () => {
    await db?.close();
    await pg?.drop();
  });

  const k = () => db.kysely as Kysely<any>;
  const run = (csv: string, opts: Partial<ImportOptions> = {}, now = NOW) =>
    importContacts({ db: db.kysely, config: {}, languages: ['en', 'es'], now: () => now }, csv, { fileName: 'contacts.csv', attestedBy: 'Organizer Olga', ...opts });
  /** Everything an import may touch, to compare before and after. */
  const snapshot = async () => ({
    contacts: await k().selectFrom('contacts').select(['id', 'language', 'timezone', 'vars', 'updated_at']).orderBy('id').execute(),
    identities: await k().selectFrom('identities').select(['id', 'channel', 'address', 'opted_out']).orderBy('id').execute(),
    consent: await k().selectFrom('consent_events').select(['identity_id', 'action', 'source', 'created_at']).orderBy('id').execute(),
    tags: await k().selectFrom('contact_tags').selectAll().orderBy('contact_id').orderBy('tag').execute(),
  });

  test('bad rows are reported by line and why, and nothing is written', async () => {
    const csv = [
      'phone,telegram_id,name,language,state,zip,tags,consent_source,consent_date',
      '(212) 555-0101,,Ok,en,CA,,,form,2030-05-01',
      '555-12,,Bad phone,en,CA,,,,',
      ',,No address,en,,,,,',
      '212-555-0102,,Bad lang,xx,Narnia,1234,,form,',
      '"212-555-0103",,"Two',
      'lines",en,CA,,,form,2030-07-01',
      '212-555-0101,,Same as line 2,en,CA,,,,',
    ].join('\n');
    const report = await run(csv);
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => [e.line, e.errors])).toEqual([
      [3, [{ code: 'phone_invalid', vars: { column: 'phone', value: '555-12' } }]],
      [4, [{ code: 'address_required', vars: { columns: ['phone', 'whatsapp', 'telegram_id'] } }]],
      [5, [expect.objectContaining({ code: 'language_unknown', vars: { value: 'xx', languages: ['en', 'es'] } }), { code: 'state_invalid', vars: { value: 'Narnia' } }, { code: 'zip_invalid', vars: { value: '1234' } }, { code: 'consent_source_without_date' }]],
      [6, [{ code: 'consent_date_future', vars: { value: '2030-07-01' } }]],
      [8, [{ code: 'duplicate', vars: { line: 2, columns: ['phone', 'whatsapp', 'telegram_id'] } }]],
    ]);
    // In words: English for the command line and the admin API, the organizer's language in the console.
    const translator = Translator.fromDir('locales', 'en');
    const words = (language: string) => report.errors.map((e) => e.errors.map((p) => problemText((key, vars) => translator.t(language, key, vars), language, p)));
    expect(words('en')).toEqual([
      ['phone "555-12" is not a valid phone number (write +<country code> for numbers outside the US)'],
      ['a phone, whatsapp, or telegram_id is required'],
      ['language "xx" is not one of the shipped languages (en or es)', 'state "Narnia" is not a US state or territory', 'zip "1234" is not a 5-digit ZIP code', 'consent_source is given without consent_date'],
      ['consent_date "2030-07-01" is in the future'],
      ['the same person as line 2 (same phone, whatsapp, or telegram_id)'],
    ]);
    expect(words('es')[4]).toEqual(['la misma persona que la línea 2 (mismo phone, whatsapp o telegram_id)']);
    expect(words('zh')[0]).toEqual(['phone“555-12”不是有效的电话号码（美国以外的号码请写 +<国家代码>）']);
    expect(words('ar')[1]).toEqual(['يلزم phone أو whatsapp أو telegram_id']);
    expect(report.created).toBe(0);
    expect(await k().selectFrom('contacts').select('id').execute()).toEqual([]);
  });

  test('consent columns need someone to attest them; the header needs an address column', async () => {
    const unattested = await run(GOOD, { attestedBy: undefined });
    expect(unattested.ok).toBe(false);
    expect(unattested.fileErrors).toEqual([{ code: 'attest_needed' }]);
    const noAddress = await run('name,language\nAna,es');
    expect(noAddress.fileErrors).toEqual([{ code: 'no_address_column', vars: { columns: ['phone', 'whatsapp', 'telegram_id'] } }]);
    expect(await k().selectFrom('contacts').select('id').execute()).toEqual([]);
  });

  test('a good file: E.164 numbers, languages, states, tags, consent dated as the file says', async () => {
    const report = await run(GOOD);
    expect(report).toMatchObject({ ok: true, rows: 4, created: 4, updated: 0, unchanged: 0, optIns: 3, ignoredColumns: ['Notes'] });
    const ana = await k()
      .selectFrom('identities as i')
      .innerJoin('contacts as c', 'c.id', 'i.contact_id')
      .select(['c.id', 'c.language', 'c.vars', 'i.id as identity_id'])
      .where('i.channel', '=', 'sms')
      .where('i.address', '=', '+12125550123')
      .executeTakeFirstOrThrow();
    expect(ana.language).toBe('es');
    expect(ana.vars).toEqual({ name: 'Ana', state: 'CA', zip: '94110', registered: 'no' });
    const tags = await k().selectFrom('contact_tags').select('tag').where('contact_id', '=', ana.id).orderBy('tag').execute();
    expect(tags.map((t) => t.tag)).toEqual(['spanish speakers', 'volunteer']);
    const consent = await k().selectFrom('consent_events').select(['action', 'source', 'created_at']).where('identity_id', '=', ana.identity_id).execute();
    expect(consent.map((c) => [c.action, c.source, new Date(c.created_at).toISOString()])).toEqual([['opt_in', 'import:rally sign-up sheet', '2030-05-01T00:00:00.000Z']]);
    // Sam has a phone and a Telegram id: one contact, two identities, no consent given.
    const sam = await k().selectFrom('identities').select(['contact_id', 'channel']).where('address', 'in', ['+12125550199', '123456789']).execute();
    expect(sam).toHaveLength(2);
    expect(new Set(sam.map((s) => s.contact_id)).size).toBe(1);
  });

  test('re-importing the same file changes nothing', async () => {
    const before = await snapshot();
    const report = await run(GOOD, {}, new Date(NOW.getTime() + 3_600_000));
    expect(report).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 4, optIns: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await k().selectFrom('contact_imports').select('id').execute()).toHaveLength(1);
  });

  test('an opted-out person stays opted out, whatever a later file says', async () => {
    const { identity } = await findOrCreateIdentity(db.kysely, 'sms', '+18085551234');
    await recordConsent(db.kysely, identity, 'opt_out', { word: 'STOP', source: 'keyword', at: NOW });
    const report = await run(['phone,name,consent_source,consent_date', '+18085551234,Kai again,canvass,2030-06-01'].join('\n'));
    expect(report).toMatchObject({ ok: true, updated: 1, keptOptedOut: 1, optIns: 0 });
    const after = await k().selectFrom('identities').select('opted_out').where('id', '=', identity.id).executeTakeFirstOrThrow();
    expect(after.opted_out).toBe(true);
    expect(await mayReceiveCampaigns(db.kysely, identity.id)).toBe(false);
  });

  test('who may receive campaigns: an attested opt-in, or writing to us; not a bare import', async () => {
    const withConsent = await findOrCreateIdentity(db.kysely, 'sms', '+12125550123');
    expect(await mayReceiveCampaigns(db.kysely, withConsent.identity.id)).toBe(true);
    const bare = await findOrCreateIdentity(db.kysely, 'sms', '+12125550199');
    expect(await mayReceiveCampaigns(db.kysely, bare.identity.id)).toBe(false);
    // Sam texts in: that is an opt-in (the message log is the record).
    await insertInbound(db.kysely, { contactId: bare.identity.contact_id, identityId: bare.identity.id, channel: 'sms', providerId: `SM${'1'.repeat(32)}`, body: 'hi' });
    expect(await mayReceiveCampaigns(db.kysely, bare.identity.id)).toBe(true);
  });

  test('tells the rows read after each batch (for the console progress bar), and counts the rows that carry consent', async () => {
    const rows = Array.from({ length: 1200 }, (_, n) => `+1312555${String(1000 + n).padStart(4, '0')},Person ${n},${n < 3 ? 'rally sheet' : ''},${n < 3 ? '2030-05-01' : ''}`);
    const seen: number[] = [];
    const report = await run(['phone,name,consent_source,consent_date', ...rows].join('\n'), { onProgress: (done) => seen.push(done) });
    expect([report.ok, report.created, report.consentRows]).toEqual([true, 1200, 3]);
    // A batch is 500 rows; the last call is the whole file.
    expect(seen).toEqual([500, 1000, 1200]);
  });
});
