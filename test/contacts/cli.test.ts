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
