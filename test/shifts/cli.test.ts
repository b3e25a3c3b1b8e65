/**
 * `civic-engage shifts` as an organizer runs it (a real process on PostgreSQL): import a schedule,
 * sign up volunteers without Slack by phone, a full shift refused unless --waitlist, then listed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';

const run = promisify(execFile);
let pg: FreshDatabase;
beforeAll(async () => {
  pg = await freshDatabase();
});
afterAll(async () => pg?.drop());

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/civic-engage.js', 'shifts', ...args], { env: { ...process.env, DATABASE_URL: pg.url, LOG_LEVEL: 'error' } });
    return { code: 0, out: stdout + stderr };
  } catch (err: any) {
    return { code: err.code ?? 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

test('import, sign up by phone, a full shift only with --waitlist', async () => {
  const csv = join(mkdtempSync(join(tmpdir(), 'ce-shifts-')), 'shifts.csv');
  writeFileSync(csv, 'id,title,location,start,end,capacity,timezone\ntable-1,Registration table,Library,2099-06-04 10:00,2099-06-04 13:00,1,America/Chicago\n');
  expect((await cli('import', csv)).code).toBe(0);
  const list = JSON.parse((await cli('list', '--json')).out);
  const id = String(list[0].id);

  expect(await cli('signup', id, '--phone', '(212) 555-0101', '--name', 'Ana', '--lang', 'es')).toMatchObject({ code: 0, out: expect.stringContaining('signed up') });
  expect(await cli('signup', id, '--phone', '(212) 555-0102')).toMatchObject({ code: 1, out: expect.stringContaining('full') });
  expect(await cli('signup', id, '--phone', '(212) 555-0102', '--waitlist')).toMatchObject({ code: 0, out: expect.stringContaining('waitlist') });
  expect(await cli('signup', id, '--phone', 'not a phone')).toMatchObject({ code: 1, out: expect.stringContaining('not a phone number') });
});
