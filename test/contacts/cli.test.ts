/** `civic-engage contacts import` as an organizer sees it: the report, refused rows by line, the exit status. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contactsImport } from '../../src/cli/contacts';
import { loadConfig } from '../../src/config';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';

let pg: FreshDatabase;
beforeAll(async () => {
  pg = await freshDatabase();
});
afterAll(async () => pg?.drop());

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ce-contacts-')), name);
  writeFileSync(path, text);
  return path;
}

test('a file with a bad row imports nothing and says which line and why; a good one reports counts', async () => {
  const config = loadConfig({ DATABASE_URL: pg.url, LOCALES_DIR: 'locales' });
  let out = '';
  const io = { config, out: (t: string) => void (out += t), now: () => new Date('2030-06-04T16:00:00Z') };
  const bad = await contactsImport(io, file('bad.csv', 'phone,language,consent_source,consent_date\n+12125550123,en,form,2030-05-01\n12,fr,,\n'), { attest: 'Olga' });
  expect(bad.ok).toBe(false);
  expect(out).toContain('bad.csv: NOTHING WAS IMPORTED (2 rows read)');
  expect(out).toContain('  line 3: phone "12" is not a valid phone number');
  expect(out).toMatch(/ {2}line 3: language "fr" is not one of the shipped languages \(en/);

  out = '';
  const good = await contactsImport(io, file('good.csv', 'phone,language,consent_source,consent_date\n+12125550123,en,form,2030-05-01\n(212) 555-0124,es,form,2030-05-01\n'), { attest: 'Olga' });
  expect(good.ok).toBe(true);
  expect(out).toBe('good.csv: 2 rows imported: 2 new contacts, 0 updated, 0 unchanged; 2 opt-ins recorded.\n');
});

// Regression (issue #13): `contacts import` had no record-size or row cap: a runaway quote or a
// huge file was read whole. Both caps are settings and the error names the line.
test('a row over IMPORT_MAX_RECORD_BYTES or a file over IMPORT_MAX_ROWS imports nothing and names the line', async () => {
  const config = loadConfig({ DATABASE_URL: pg.url, LOCALES_DIR: 'locales', IMPORT_MAX_RECORD_BYTES: '1024', IMPORT_MAX_ROWS: '3' });
  let out = '';
  const io = { config, out: (t: string) => void (out += t), now: () => new Date('2030-06-04T16:00:00Z') };
  const huge = await contactsImport(io, file('huge.csv', `phone,name\n+12125550131,Ann\n+12125550132,"${'x'.repeat(5000)}"\n+12125550133,Bo\n`), {});
  expect(huge.ok).toBe(false);
  expect(out).toContain('huge.csv: NOTHING WAS IMPORTED');
  expect(out).toMatch(/line 3: a row longer than 1,024 bytes \(IMPORT_MAX_RECORD_BYTES\)/);

  out = '';
  const unclosed = await contactsImport(io, file('unclosed.csv', `phone,name\n+12125550134,"Cy\n${'+12125550135,Di\n'.repeat(200)}`), {});
  expect(unclosed.ok).toBe(false);
  expect(out).toMatch(/line 2: a row longer than 1,024 bytes/);

  out = '';
  const many = await contactsImport(io, file('many.csv', `phone\n${[1, 2, 3, 4, 5].map((i) => `+1212555014${i}`).join('\n')}\n`), {});
  expect(many.ok).toBe(false);
  expect(out).toContain('line 5: more than 3 rows (IMPORT_MAX_ROWS)');
  expect(out).toContain('(4 rows read)');
});
