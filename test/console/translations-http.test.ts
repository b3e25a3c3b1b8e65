/**
 * The translations section over plain HTTP, on a copy of locales/ (LOCALES_DIR): who may open
 * each route (anonymous → sign-in, agent → 403, organizer and admin → 200), CSRF on the upload
 * and the confirmation, a refused export, a file with a broken placeholder (its line, nothing
 * written), a file of the wrong type, one over the size cap, and a write that fails half-way
 * (nothing changed, a clear error).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleDb } from '../../src/console/store/tables';
import { TRANSLATION_UPLOAD_MAX_BYTES } from '../../src/console/settings';
import type { TestSystem } from '../helpers/system';
import { addAccount, Browserless, csrfOf, h1Of, startConsoleSystem, type Answer } from './helpers';

let system: TestSystem;
let localesDir: string;
const client = (ip: string) => new Browserless(system.url!, { 'x-forwarded-for': ip });

/** Posts a file as the upload form does (multipart), with the page's CSRF token unless `csrf` is false. */
async function upload(c: Browserless, name: string, content: string | Buffer, csrf = true): Promise<Answer> {
  const page = await c.get('/console/translations');
  const form = new FormData();
  if (csrf) form.append('_csrf', csrfOf(page.body));
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const res = await fetch(`${c.base}/console/translations/import`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...c.headers, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: form,
  });
  return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('location'), setCookies: [] };
}

/** The hidden fields of the preview's confirmation form. */
function confirmFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/console\/translations\/import\/confirm">(.*?)<\/form>/s.exec(html)?.[1] ?? '';
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1].replace(/&#34;/g, '"').replace(/&amp;/g, '&') ?? '';
  return { _csrf: value('_csrf'), name: value('name'), data: value('data') };
}

const csvOf = (rows: string[][]) => ['key,language,source,translation,note', ...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))].join('\r\n');

beforeAll(async () => {
  localesDir = mkdtempSync(join(tmpdir(), 'ce-console-locales-'));
  cpSync('locales', localesDir, { recursive: true });
  system = await startConsoleSystem('console-translations-http', { LOCALES_DIR: localesDir });
  await addAccount(system, 'olga@example.org', 'organizer', 'Olga');
  await addAccount(system, 'adam@example.org', 'admin', 'Adam');
  await addAccount(system, 'agata@example.org', 'agent', 'Agata');
});
afterAll(async () => {
  await system?.close();
  rmSync(localesDir, { recursive: true, force: true });
});

it('lets organizers and admins in, sends anonymous people to sign in and refuses agents', async () => {
  const gets = ['/console/translations', '/console/translations/export?lang=es&format=csv'];
  for (const path of gets) {
    const anonymous = await client('198.51.100.60').get(path);
    expect([path, anonymous.status, anonymous.location]).toEqual([path, 303, `/console/sign-in?next=${encodeURIComponent(path)}`]);
  }
  const anonymousConfirm = await client('198.51.100.60').request('POST', '/console/translations/import/confirm', { name: 'x.csv', data: '' });
  expect([anonymousConfirm.status, anonymousConfirm.location]).toEqual([303, '/console/sign-in']);

  // An upload without access is refused before its body is read.
  const anonymousUpload = await upload(client('198.51.100.60'), 'es.csv', 'key,language,translation\r\n', false);
  expect([anonymousUpload.status, anonymousUpload.location]).toEqual([303, '/console/sign-in']);

  const agent = client('198.51.100.61');
  await agent.signIn('agata@example.org');
  for (const path of gets) expect([path, (await agent.get(path)).status]).toEqual([path, 403]);
  const home = await agent.get('/console');
  const csrf = csrfOf(home.body);
  expect((await agent.request('POST', '/console/translations/import/confirm', { _csrf: csrf, name: 'x.csv', data: Buffer.from('key').toString('base64') })).status).toBe(403);
  const form = new FormData();
  form.append('_csrf', csrf);
  form.append('file', new Blob(['key,language,translation\r\n']), 'x.csv');
  const multipart = await fetch(`${agent.base}/console/translations/import`, { method: 'POST', redirect: 'manual', headers: { ...agent.headers, cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, body: form });
  expect(multipart.status).toBe(403);

  for (const [email, ip] of [
    ['olga@example.org', '198.51.100.62'],
    ['adam@example.org', '198.51.100.63'],
  ]) {
    const c = client(ip);
    await c.signIn(email);
    const page = await c.get('/console/translations');
    expect([email, page.status, h1Of(page.body)]).toEqual([email, 200, 'Translations']);
    const csv = await c.get('/console/translations/export?lang=es&format=csv');
    expect([email, csv.status, csv.headers.get('content-disposition')]).toEqual([email, 200, 'attachment; filename="translations-es.csv"']);
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('key,language,source,translation,note');
    const xliff = await c.get('/console/translations/export?lang=ko&format=xliff');
    expect([xliff.status, xliff.headers.get('content-disposition')]).toEqual([200, 'attachment; filename="translations-ko.xlf"']);
    expect(xliff.body).toContain('target-language="ko"');
  }
  const actions = await consoleDb(system.runtime.db.kysely).selectFrom('console_audit_log').select('action').where('action', '=', 'translations_exported').execute();
  expect(actions).toHaveLength(4);
});

it('refuses an upload or a confirmation without its CSRF token', async () => {
  const c = client('198.51.100.64');
  await c.signIn('olga@example.org');
  const forged = await upload(c, 'es.csv', csvOf([['common.yes', 'es', 'Yes', 'Sí', '']]), false);
  expect([forged.status, h1Of(forged.body)]).toEqual([403, 'This form has expired']);
  const confirm = await c.request('POST', '/console/translations/import/confirm', { name: 'es.csv', data: Buffer.from(csvOf([['common.yes', 'es', 'Yes', 'Sip', '']])).toString('base64') });
  expect([confirm.status, h1Of(confirm.body)]).toEqual([403, 'This form has expired']);
  expect(JSON.parse(readFileSync(join(localesDir, 'es/common.json'), 'utf8')).yes).toBe('Sí');
});

it('refuses a bad export, a broken placeholder (with its line), a wrong file type and a file over the cap, writing nothing', async () => {
  const c = client('198.51.100.65');
  await c.signIn('olga@example.org');
  const english = await c.get('/console/translations/export?lang=en&format=csv');
  expect(english.status).toBe(400);
  expect(english.body).toContain('Choose a language from the list.');
  const format = await c.get('/console/translations/export?lang=es&format=docx');
  expect([format.status, format.body.includes('Choose a format from the list.')]).toEqual([400, true]);

  const before = readFileSync(join(localesDir, 'es/console.json'), 'utf8');
  const broken = await upload(c, 'es.csv', csvOf([['console.home.title', 'es', 'Welcome, {{name}}', 'Bienvenida, {{nombre}}', '']]));
  expect([broken.status, h1Of(broken.body)]).toEqual([400, 'Check the import']);
  expect(broken.body).toContain('This file cannot be imported');
  expect(broken.body).toMatch(/Line 2<\/strong>: <span lang="en">&#34;console.home.title&#34; \(es\) uses \{\{nombre\}\}/);
  expect(broken.body).not.toContain('action="/console/translations/import/confirm"');
  expect(readFileSync(join(localesDir, 'es/console.json'), 'utf8')).toBe(before);

  const wrongType = await upload(c, 'es.txt', 'hello');
  expect([wrongType.status, wrongType.body.includes('The file must end in .csv, .xlf or .xliff.')]).toEqual([400, true]);
  const empty = await upload(c, 'es.csv', '');
  expect([empty.status, empty.body.includes('Choose a file to upload.')]).toEqual([400, true]);
  const tooLarge = await upload(c, 'es.csv', Buffer.alloc(TRANSLATION_UPLOAD_MAX_BYTES + 1, 0x41));
  expect([tooLarge.status, tooLarge.body.includes('The file is larger than 4 MB')]).toEqual([413, true]);
});

it('changes nothing when the locale files cannot be written, and says so', async () => {
  const c = client('198.51.100.66');
  await c.signIn('olga@example.org');
  // A new language whose folder cannot be made (a file stands where it would go), after a Spanish change.
  writeFileSync(join(localesDir, 'fr'), 'not a folder');
  const before = readFileSync(join(localesDir, 'es/common.json'), 'utf8');
  const previewed = await upload(c, 'two.csv', csvOf([['common.yes', 'es', 'Yes', 'Sí claro', ''], ['common.yes', 'fr', 'Yes', 'Oui', '']]));
  expect([previewed.status, h1Of(previewed.body)]).toEqual([200, 'Check the import']);
  const failed = await c.request('POST', '/console/translations/import/confirm', confirmFields(previewed.body));
  expect(failed.status).toBe(409);
  expect(failed.body).toContain('The locale files could not be written (ENOTDIR)');
  expect(readFileSync(join(localesDir, 'es/common.json'), 'utf8')).toBe(before);
  rmSync(join(localesDir, 'fr'));
  const actions = await consoleDb(system.runtime.db.kysely).selectFrom('console_audit_log').select('action').where('action', '=', 'translations_imported').execute();
  expect(actions).toHaveLength(0);
});

it('imports a whole export of every language (over a megabyte): only the text changed in it is written', async () => {
  const c = client('198.51.100.67');
  await c.signIn('adam@example.org');
  const exported = await c.get('/console/translations/export?format=csv');
  expect(exported.status).toBe(200);
  expect(Buffer.byteLength(exported.body)).toBeGreaterThan(1024 * 1024);
  const koFile = join(localesDir, 'ko/common.json');
  const before = JSON.parse(readFileSync(koFile, 'utf8'));
  const edited = exported.body.replace(/^common\.skip,ko,("?)([^,\r\n]*)\1,("?)([^,\r\n]*)\3,/m, (_m, _q1, source, q2, ko) => `common.skip,ko,${source},${q2}${ko} (건너뛰기)${q2},`);
  expect(edited).not.toBe(exported.body);
  const previewed = await upload(c, 'all.csv', edited);
  expect([previewed.status, h1Of(previewed.body)]).toEqual([200, 'Check the import']);
  expect(previewed.body).toContain('data-key="common.skip"');
  const done = await c.request('POST', '/console/translations/import/confirm', confirmFields(previewed.body));
  expect([done.status, done.location]).toEqual([303, '/console/translations?imported=1']);
  expect(JSON.parse(readFileSync(koFile, 'utf8'))).toEqual({ ...before, skip: `${before.skip} (건너뛰기)` });
  const audit = await consoleDb(system.runtime.db.kysely).selectFrom('console_audit_log').select(['action', 'detail']).where('action', '=', 'translations_imported').execute();
  expect(audit).toHaveLength(1);
  expect(audit[0].detail).toMatchObject({ files: 1, changed: 1 });
});
