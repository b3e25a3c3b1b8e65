/**
 * The organizer commands, run in-process against the server's database (PostgreSQL here), and the
 * clear refusal when the server holds embedded PGlite (run as the real CLI, in a child process).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CliError } from '../../src/cli/errors';
import { contactExport, contactForget, type CommandIo } from '../../src/cli/contact';
import { feedbackDigest, feedbackEngagement, feedbackExport } from '../../src/cli/feedback';
import { loadConfig } from '../../src/config';
import { openDb } from '../../src/store/db';
import { startTestSystem, type TestSystem } from '../helpers/system';
import { converse, newPerson, writeContent } from '../feedback/harness';
import { HANG_GUARD_MS } from '../helpers/guard';


let system: TestSystem;
const person = newPerson('web', 'es');
const COMMENT = '+34 600 000 000 es mi número, ¡llámenme!';

function io(): CommandIo & { text(): string } {
  const chunks: string[] = [];
  return { config: system.config, out: (t) => void chunks.push(t), text: () => chunks.join('') };
}

beforeAll(async () => {
  system = await startTestSystem('cli', writeContent(), { postgres: true });
  expect(await converse(system, person, 'hola')).toEqual(['welcome.hello', 'menu.prompt']);
  expect(await converse(system, person, '2')).toEqual(['fb.ask']);
  expect(await converse(system, person, 'dos')).toEqual(['fb.comment']);
  expect(await converse(system, person, COMMENT)).toEqual(['fb.thanks']);
});
afterAll(() => system?.close());

describe('feedback commands', () => {
  it('export --format csv: neutralized, UTF-8 with BOM', async () => {
    const out = io();
    await feedbackExport(out, { since: '1d', format: 'csv' });
    expect(out.text().startsWith('\uFEFFid,created_at,local_time,flow,')).toBe(true);
    expect(out.text()).toContain(`,fb,overall,2,,"'+34 600 000 000 es mi número, ¡llámenme!",,web,es\r\n`);
  });

  it('export --format json --out file: as written, readable by the owner only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ce-cli-')), 'feedback.json');
    await feedbackExport(io(), { since: '1d', format: 'json', out: file });
    expect(JSON.parse(readFileSync(file, 'utf8')).feedback[0]).toMatchObject({ comment: COMMENT, rating: 2, language: 'es' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('bad options are clear errors', async () => {
    await expect(feedbackExport(io(), { since: 'last week' })).rejects.toThrow(CliError);
    await expect(feedbackExport(io(), { format: 'xlsx' })).rejects.toThrow('--format must be csv or json');
  });

  it('engagement and the digest preview', async () => {
    const eng = io();
    await feedbackEngagement(eng, { since: '1d' });
    expect(eng.text()).toMatch(/^web\s+es\s+1\s+4\s/m);
    const digest = io();
    await feedbackDigest(digest, {});
    expect(digest.text()).toContain('*1 response*');
    expect(digest.text()).toContain(`“${COMMENT}”`);
    await expect(feedbackDigest(io(), { post: true })).rejects.toThrow('set DIGEST_CHANNEL and SLACK_BOT_TOKEN');
  });
});

describe('contact commands', () => {
  it('export <channel:address>: everything stored', async () => {
    const out = io();
    await contactExport(out, `web:${person.address}`, {});
    const data = JSON.parse(out.text());
    expect(data.identities[0]).toMatchObject({ channel: 'web', address: person.address });
    expect(data.feedback[0].comment).toBe(COMMENT);
  });

  it('forget without --yes erases nothing; with --yes it does', async () => {
    const preview = io();
    expect(await contactForget(preview, `web:${person.address}`, {})).toBe(false);
    expect(preview.text()).toMatch(/1 address\(es\), 9 message\(s\), 1 feedback comment\(s\), 0 ticket\(s\)\.\nNothing was erased/);
    const done = io();
    expect(await contactForget(done, `web:${person.address}`, { yes: true })).toBe(true);
    expect(done.text()).toContain('Forgotten: 1 address(es), 9 message(s)');
    await expect(contactExport(io(), `web:${person.address}`, {})).rejects.toThrow(new CliError('no contact matches that reference'));
  });

  it.each([['not a phone'], ['sms:12'], ['00000000-0000-4000-8000-000000000000'], ['+12125550100']])('%j names no one: a clear error', async (who) => {
    await expect(contactExport(io(), who, {})).rejects.toThrow(CliError);
  });
});

describe('embedded PGlite held by the server', () => {
  it('the CLI says so clearly (and points to the admin API) instead of opening it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ce-pglite-'));
    const held = await openDb({ dataDir }); // the "server"
    try {
      const config = loadConfig({ DATA_DIR: dataDir, PORT: '3999', LOG_LEVEL: 'silent' });
      const err = await contactExport({ config, out: () => {} }, '+12125550100', {}).catch((e) => e);
      expect(err).toBeInstanceOf(CliError);
      expect(err.message).toContain('is open in another process');
      expect(err.message).toContain('http://127.0.0.1:3999/api/admin/contacts/');

      // The real command, as an organizer runs it: a message on stderr, exit code 1.
      const root = resolve(__dirname, '../..');
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      const run = promisify(execFile)(process.execPath, [join(root, 'bin/civic-engage.js'), 'feedback', 'export', '--since', '7d'], { cwd: root, env, timeout: HANG_GUARD_MS });
      const failed = await run.then(() => null, (e) => e);
      expect(failed?.code).toBe(1);
      expect(failed.stderr).toContain('PGlite allows one process at a time');
      expect(failed.stdout).toBe('');
    } finally {
      await held.close();
    }
    // Once the server has stopped, the command opens it.
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    await expect(contactExport({ config, out: () => {} }, '+12125550100', {})).rejects.toThrow('no contact matches that reference');
  });
});
