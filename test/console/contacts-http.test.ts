/**
 * The contacts screens over plain HTTP (no browser, no workers): who may open every route, CSRF
 * on every action (the multipart upload included), the filters (a number as typed, masked in the
 * list), the import's all-or-nothing rule and attestation as on the CLI, the file erased once
 * imported and when it expires, the upload's size cap, forget with counts in the audit log and
 * nothing personal in it, the paging of the list and of a conversation.
 */
import { consoleDb } from '../../src/console/store/tables';
import { purgeExpiredUploads } from '../../src/console/store/contact-imports';
import { findOrCreateIdentity, updateContact } from '../../src/store/contacts';
import { recordConsent } from '../../src/store/consent';
import { eventually, type TestSystem } from '../helpers/system';
import { addAccount, Browserless, csrfOf, h1Of, startConsoleSystem, type Answer } from './helpers';

let system: TestSystem;
const db = () => system.runtime.db.kysely;
const client = (ip: string) => new Browserless(system.url!, { 'x-forwarded-for': ip });
const imports = () => system.runtime.db.kysely.withTables<{ console_contact_imports: { id: string; status: string; csv: Buffer | null; created_at: Date; expires_at: Date } }>();

/** Posts a file as the browser's upload form does (multipart), with the page's CSRF token unless `csrf` is false. */
async function upload(c: Browserless, csv: string, opts: { csrf?: boolean; name?: string } = {}): Promise<Answer> {
  const form = new FormData();
  if (opts.csrf !== false) form.append('_csrf', csrfOf((await c.get('/console/contacts/import')).body));
  form.append('file', new Blob([csv], { type: 'text/csv' }), opts.name ?? 'people.csv');
  const res = await fetch(`${system.url}/console/contacts/import`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...c.headers, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: form,
  });
  return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('location'), setCookies: [] };
}

/** A person on SMS, with a name, language, state and tags. */
async function person(phone: string, opts: { name: string; language?: string; state?: string; tags?: string[] }) {
  const { identity } = await findOrCreateIdentity(db(), 'sms', phone);
  await updateContact(db(), identity.contact_id, { language: opts.language ?? 'en', vars: { name: opts.name, ...(opts.state ? { state: opts.state } : {}) } });
  for (const tag of opts.tags ?? []) await db().insertInto('contact_tags').values({ contact_id: identity.contact_id, tag }).execute();
  return identity;
}

beforeAll(async () => {
  system = await startConsoleSystem('console-contacts-http', { IMPORT_MAX_ROWS: '20', IMPORT_MAX_RECORD_BYTES: '256' });
  await addAccount(system, 'ada@example.org', 'admin', 'Ada');
  await addAccount(system, 'otto@example.org', 'organizer', 'Otto');
  await addAccount(system, 'agnes@example.org', 'agent', 'Agnes');
});
afterAll(async () => system?.close());

it('lets organizers and admins open every contacts page, sends anonymous people to sign in and refuses agents', async () => {
  const someone = await person('+12125550150', { name: 'Role Check' });
  const organizer = client('198.51.100.40');
  await organizer.signIn('otto@example.org');
  expect((await upload(organizer, 'phone,name\n+12125550151,Uploaded\n')).status).toBe(303);
  const [row] = await imports().selectFrom('console_contact_imports').select('id').execute();
  const pages = ['/console/contacts', `/console/contacts/${someone.contact_id}`, `/console/contacts/${someone.contact_id}/export`, `/console/contacts/${someone.contact_id}/forget`, '/console/contacts/import', `/console/contacts/import/${row.id}`, `/console/contacts/import/${row.id}/progress`];
  const posts = [`/console/contacts/${someone.contact_id}/forget`, '/console/contacts/import', `/console/contacts/import/${row.id}`, `/console/contacts/import/${row.id}/discard`];

  const anonymous = client('198.51.100.41');
  for (const path of pages) {
    const res = await anonymous.get(path);
    expect([path, res.status, res.location]).toEqual([path, 303, `/console/sign-in?next=${encodeURIComponent(path)}`]);
  }
  for (const path of posts) expect([path, (await anonymous.request('POST', path, {})).status]).toEqual([path, 303]);
  // The upload reads no body for someone who is not signed in.
  const anonymousUpload = await upload(anonymous, 'phone\n+12125550152\n', { csrf: false });
  expect([anonymousUpload.status, anonymousUpload.location]).toEqual([303, '/console/sign-in']);

  const agent = client('198.51.100.42');
  await agent.signIn('agnes@example.org');
  for (const path of pages) expect([path, (await agent.get(path)).status]).toEqual([path, 403]);
  const agentPost = await agent.submit('/console', `/console/contacts/${someone.contact_id}/forget`, {});
  expect(agentPost.status).toBe(403);
  expect(h1Of((await agent.get('/console')).body)).not.toContain('Contacts');

  const admin = client('198.51.100.43');
  await admin.signIn('ada@example.org');
  for (const path of pages.slice(0, 5)) expect([path, (await admin.get(path)).status]).toEqual([path, 200]);
  // An upload is its uploader's: another account's preview is not found.
  expect((await admin.get(`/console/contacts/import/${row.id}`)).status).toBe(404);
  for (const path of pages) expect([path, (await organizer.get(path)).status]).toEqual([path, 200]);
  expect((await organizer.get('/console/contacts/import/nothing-here')).status).toBe(404);
  expect((await organizer.get('/console/contacts/not-a-uuid')).status).toBe(404);
});

it('refuses every action without its CSRF token', async () => {
  const someone = await person('+12125550160', { name: 'Csrf Check' });
  const organizer = client('198.51.100.44');
  await organizer.signIn('otto@example.org');
  const forged = await organizer.request('POST', `/console/contacts/${someone.contact_id}/forget`, {});
  expect([forged.status, h1Of(forged.body)]).toEqual([403, 'This form has expired']);
  expect(await db().selectFrom('contacts').select('id').where('id', '=', someone.contact_id).executeTakeFirst()).toBeDefined();
  const before = (await imports().selectFrom('console_contact_imports').select('id').execute()).length;
  expect((await upload(organizer, 'phone\n+12125550161\n', { csrf: false })).status).toBe(403);
  expect((await imports().selectFrom('console_contact_imports').select('id').execute()).length).toBe(before);
  expect((await upload(organizer, 'phone\n+12125550161\n')).status).toBe(303);
  const [latest] = await imports().selectFrom('console_contact_imports').select('id').orderBy('created_at', 'desc').limit(1).execute();
  expect((await organizer.request('POST', `/console/contacts/import/${latest.id}`, {})).status).toBe(403);
  expect((await organizer.request('POST', `/console/contacts/import/${latest.id}/discard`, {})).status).toBe(403);
});

it('filters by a number as typed, name, tag, language, state, channel and consent, with numbers masked in the list', async () => {
  const ana = await person('+13125550170', { name: 'Ana Filtered', language: 'es', state: 'IL', tags: ['rally'] });
  await recordConsent(db(), ana, 'opt_out', { source: 'keyword', word: 'ALTO', at: new Date() });
  await person('+13125550171', { name: 'Bo Filtered', language: 'en', state: 'TX' });
  const organizer = client('198.51.100.45');
  await organizer.signIn('otto@example.org');
  const names = async (q: string) => {
    const body = (await organizer.get(`/console/contacts?${q}`)).body;
    return [...body.matchAll(/<span lang="[a-z]+" dir="[a-z]+">([^<]*Filtered)<\/span>/g)].map((m) => m[1]).sort();
  };
  expect(await names('name=filtered')).toEqual(['Ana Filtered', 'Bo Filtered']);
  expect(await names(`number=${encodeURIComponent('(312) 555-0170')}`)).toEqual(['Ana Filtered']);
  expect(await names('name=filtered&tag=rally')).toEqual(['Ana Filtered']);
  expect(await names('name=filtered&language=en')).toEqual(['Bo Filtered']);
  expect(await names('name=filtered&state=Texas')).toEqual(['Bo Filtered']);
  expect(await names('name=filtered&consent=opted_out')).toEqual(['Ana Filtered']);
  expect(await names('name=filtered&consent=no_opt_in&channel=sms')).toEqual(['Bo Filtered']);
  expect(await names('name=filtered&channel=telegram')).toEqual([]);
  const list = (await organizer.get('/console/contacts?name=filtered')).body;
  expect(list).toContain('+1******0170');
  expect(list).not.toContain('3125550170');
  const bad = await organizer.get('/console/contacts?number=hello');
  expect(bad.body).toContain('This is not a phone number, a contact id or channel:address.');
});

it('imports all or nothing as the CLI does: a refused row is listed by line and nothing is written; consent needs the attestation', async () => {
  const organizer = client('198.51.100.46');
  await organizer.signIn('otto@example.org');
  const refused = await upload(organizer, 'phone,name,language\n+14155550180,Good Row,es\n555-12,Bad Row,en\n');
  expect(refused.status).toBe(303);
  const preview = await organizer.get(refused.location!);
  expect(preview.body).toContain('Nothing can be imported from this file');
  expect(preview.body).toMatch(/<td data-label="Line">3<\/td>\s*<td data-label="Why">phone &#34;555-12&#34; is not a valid phone number/);
  // An organizer whose browser asks for Spanish reads why in Spanish.
  const spanish = new Browserless(system.url!, { ...organizer.headers, 'accept-language': 'es' });
  for (const [k, v] of organizer.cookies) spanish.cookies.set(k, v);
  expect((await spanish.get(refused.location!)).body).toMatch(/<td data-label="Línea">3<\/td>\s*<td data-label="Motivo">phone &#34;555-12&#34; no es un número de teléfono válido/);
  expect(preview.body).not.toContain('Import 2 rows');
  // Pressing Import anyway changes nothing.
  const forcedId = refused.location!.split('/').pop()!;
  await organizer.submit(refused.location!, refused.location!, {});
  expect((await imports().selectFrom('console_contact_imports').select('status').where('id', '=', forcedId).executeTakeFirstOrThrow()).status).toBe('previewed');
  expect(await db().selectFrom('identities').select('id').where('address', '=', '+14155550180').executeTakeFirst()).toBeUndefined();

  const good = await upload(organizer, 'phone,name,consent_source,consent_date\n+14155550181,Consent One,rally sheet,2026-01-05\n+14155550182,Consent Two,rally sheet,2026-01-05\n+14155550183,No Consent,,\n');
  const page = await organizer.get(good.location!);
  expect(page.body).toContain('Import 3 rows');
  expect(page.body).toContain('2 rows say the person opted in');
  // No attestation: refused, nothing written.
  const unattested = await organizer.submit(good.location!, good.location!, { attested_by: '' });
  expect(unattested.status).toBe(400);
  expect(unattested.body).toContain('Tick the box to attest that these people opted in.');
  expect(unattested.body).toContain('Write the name of who attests.');
  expect(await db().selectFrom('identities').select('id').where('address', '=', '+14155550181').executeTakeFirst()).toBeUndefined();

  const started = await organizer.submit(good.location!, good.location!, { attest: 'yes', attested_by: 'Otto Organizer' });
  expect([started.status, started.location]).toEqual([303, good.location]);
  const id = good.location!.split('/').pop()!;
  await eventually(async () => (await imports().selectFrom('console_contact_imports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status === 'done');
  const done = await organizer.get(good.location!);
  expect(done.body).toContain('The file was imported (3 rows)');
  // The file is erased once imported; the import is recorded with who attested.
  expect((await imports().selectFrom('console_contact_imports').select('csv').where('id', '=', id).executeTakeFirstOrThrow()).csv).toBeNull();
  const record = await db().selectFrom('contact_imports').selectAll().where('file_name', '=', 'people.csv').executeTakeFirstOrThrow();
  expect([record.attested_by, record.created]).toEqual(['Otto Organizer', 3]);
  const optIns = await db().selectFrom('consent_events').select('source').where('source', '=', 'import:rally sheet').execute();
  expect(optIns).toHaveLength(2);
  const audit = await consoleDb(db()).selectFrom('console_audit_log').selectAll().where('action', '=', 'contacts_imported').executeTakeFirstOrThrow();
  expect(JSON.stringify(audit)).not.toContain('4155550181');
  expect(audit.detail).toMatchObject({ rows: 3, created: 3, attested_by: 'Otto Organizer' });
});

it('an import cut short (the server stopped while it ran) says that nothing was imported, and offers a new upload', async () => {
  const organizer = client('198.51.100.49');
  await organizer.signIn('otto@example.org');
  const uploaded = await upload(organizer, 'phone,name\n+14155550190,Cut Short\n');
  const id = uploaded.location!.split('/').pop()!;
  // As a server that died mid-import leaves it: running, with nobody running it and no progress in Redis.
  await imports().updateTable('console_contact_imports').set({ status: 'running' }).where('id', '=', id).execute();
  const page = await organizer.get(uploaded.location!);
  expect(h1Of(page.body)).toBe('Nothing was imported');
  expect(page.body).toContain('The import did not finish (the server stopped, or the database refused it). Nothing was imported. Upload the file again.');
  expect(page.body).toContain('href="/console/contacts/import"');
  expect((await imports().selectFrom('console_contact_imports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('failed');
  expect(await db().selectFrom('identities').select('id').where('address', '=', '+14155550190').executeTakeFirst()).toBeUndefined();
});

it('refuses a file over the CLI caps, and erases uploads that expire or are discarded', async () => {
  const organizer = client('198.51.100.47');
  await organizer.signIn('otto@example.org');
  // IMPORT_MAX_RECORD_BYTES 256 × (IMPORT_MAX_ROWS 20 + the header) = 5,376 bytes.
  const big = await upload(organizer, `phone\n${'+12125550199\n'.repeat(500)}`);
  expect(big.status).toBe(413);
  expect(big.body).toContain('This file is larger than 5.4 kB. Split it and import each part.');

  const kept = await upload(organizer, 'phone\n+12125550190\n');
  const id = kept.location!.split('/').pop()!;
  const discarded = await organizer.submit(kept.location!, `${kept.location}/discard`, {});
  expect(discarded.status).toBe(303);
  expect(await imports().selectFrom('console_contact_imports').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();

  const left = await upload(organizer, 'phone\n+12125550191\n');
  const leftId = left.location!.split('/').pop()!;
  await purgeExpiredUploads(db(), new Date(Date.now() + 2 * 3600_000));
  expect(await imports().selectFrom('console_contact_imports').select('id').where('id', '=', leftId).executeTakeFirst()).toBeUndefined();
});

it('forgets a contact after the confirmation that gives the counts, and audits counts only', async () => {
  const gone = await person('+12125550195', { name: 'Forget Me', tags: ['door'] });
  await db().insertInto('messages').values({ contact_id: gone.contact_id, identity_id: gone.id, channel: 'sms', direction: 'in', kind: 'reply', body: 'hello', status: 'processed' }).execute();
  const organizer = client('198.51.100.48');
  await organizer.signIn('otto@example.org');
  const confirm = await organizer.get(`/console/contacts/${gone.contact_id}/forget`);
  expect(h1Of(confirm.body)).toBe('Forget this person?');
  expect(confirm.body).toContain('1 address (phone number or chat id)');
  expect(confirm.body).toContain('1 message<');
  expect(confirm.body).toContain('1 tag<');
  const exported = await organizer.get(`/console/contacts/${gone.contact_id}/export`);
  expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="contact-${gone.contact_id}.json"`);
  expect(JSON.parse(exported.body).identities[0].address).toBe('+12125550195');
  const res = await organizer.submit(`/console/contacts/${gone.contact_id}/forget`, `/console/contacts/${gone.contact_id}/forget`, {});
  expect([res.status, res.location]).toEqual([303, '/console/contacts?forgotten=1']);
  expect(await db().selectFrom('contacts').select('id').where('id', '=', gone.contact_id).executeTakeFirst()).toBeUndefined();
  const audit = await consoleDb(db()).selectFrom('console_audit_log').selectAll().where('action', '=', 'contact_forgotten').executeTakeFirstOrThrow();
  expect(audit.detail).toEqual({ addresses: 1, conversation_lines: 1, feedback_notes: 0, tickets: 0 });
  expect(JSON.stringify(audit)).not.toMatch(/2125550195|Forget Me|hello/);
  expect((await organizer.get(`/console/contacts/${gone.contact_id}`)).status).toBe(404);
});

it('pages the list (50 contacts a page) and a conversation (50 messages a page, newest last)', async () => {
  const ids: string[] = [];
  for (let n = 0; n < 52; n++) {
    const identity = await person(`+1415555${String(2000 + n)}`, { name: `Paged ${n}`, tags: ['paged'] });
    ids.push(identity.contact_id);
  }
  const organizer = client('198.51.100.49');
  await organizer.signIn('otto@example.org');
  const rowsOf = (html: string) => [...html.matchAll(/<th scope="row"/g)].length;
  const first = await organizer.get('/console/contacts?tag=paged');
  expect([rowsOf(first.body), first.body.includes('52 contacts match; showing 1 to 50.'), /href="\/console\/contacts\?tag=paged&(amp;)?page=2" rel="next"/.test(first.body)]).toEqual([50, true, true]);
  const second = await organizer.get('/console/contacts?tag=paged&page=2');
  expect([rowsOf(second.body), second.body.includes('rel="next"'), second.body.includes('52 contacts match; showing 51 to 52.')]).toEqual([2, false, true]);

  const talker = await person('+14155553000', { name: 'Talker' });
  const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, n));
  await db()
    .insertInto('messages')
    .values(Array.from({ length: 55 }, (_, n) => ({ contact_id: talker.contact_id, identity_id: talker.id, channel: 'sms', direction: 'in' as const, kind: 'reply', body: `line ${n}`, status: 'processed', created_at: at(n), updated_at: at(n) })))
    .execute();
  const lines = (html: string) => [...html.matchAll(/>line (\d+)<\/p>/g)].map((m) => Number(m[1]));
  const newest = await organizer.get(`/console/contacts/${talker.contact_id}`);
  expect(lines(newest.body)).toEqual(Array.from({ length: 50 }, (_, n) => n + 5));
  expect(newest.body).toContain(`href="/console/contacts/${talker.contact_id}?history=2#history" rel="next"`);
  const older = await organizer.get(`/console/contacts/${talker.contact_id}?history=2`);
  expect(lines(older.body)).toEqual([0, 1, 2, 3, 4]);
});
