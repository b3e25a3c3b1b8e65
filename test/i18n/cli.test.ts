import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { baseLocales, snapshot, writeLocales } from './fixtures';
import { HANG_GUARD_MS } from '../helpers/guard';

const root = join(__dirname, '../..');

/** Runs `civic-engage locales ...` as npm test does; resolves with the exit code and output, whatever the code. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'bin/civic-engage.js'), 'locales', ...args], { cwd: root, timeout: HANG_GUARD_MS });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

// Each run starts Node and tsx: seconds each on a busy 2-core machine.

describe('civic-engage locales (exit codes)', () => {
  let tmp: ReturnType<typeof writeLocales>;
  afterEach(() => tmp.cleanup());

  test('check: 0 on clean locales, with the segment table', async () => {
    tmp = writeLocales(baseLocales());
    const run = await cli('check', '--dir', tmp.dir);
    expect(run.stdout).toContain('SMS segments per text (budget 3');
    expect(run.stdout).toMatch(/locales check: 4 languages \(en, ar, es, zh\), \d+ texts in "en": 0 errors/);
    expect(run.code).toBe(0);
  });

  test('check: 1 with file:line errors; --budget turns long texts into errors', async () => {
    const locales = baseLocales();
    locales.es.system.help = 'Asistente de {{org}}.';
    tmp = writeLocales(locales);
    const run = await cli('check', '--dir', tmp.dir, '--budget', '1');
    expect(run.stdout).toContain(`${tmp.dir}/es/system.json:2: error: text "system.help" uses {{org}} in "es" but {{org_name}} in "en"`);
    expect(run.code).toBe(1);
    const usage = await cli('check', '--dir', tmp.dir, '--budget', 'lots');
    expect(usage.stderr).toContain('--budget must be a whole number');
    expect(usage.code).toBe(1);
  });

  test('export then import: 0; a broken import: 1 and nothing written', async () => {
    tmp = writeLocales(baseLocales());
    const file = join(tmp.root, 'es.csv');
    expect((await cli('export', '--format', 'csv', '--lang', 'es', '--out', file, '--dir', tmp.dir)).code).toBe(0);
    const ok = await cli('import', file, '--dir', tmp.dir);
    expect(ok.stdout).toContain('nothing to change');
    expect(ok.code).toBe(0);

    const before = snapshot(tmp.dir);
    writeFileSync(file, 'key,language,translation\r\nsystem.help,es,Asistente de {{org_nombre}}\r\n');
    const bad = await cli('import', file, '--dir', tmp.dir);
    expect(bad.stdout).toContain(`${file}:2: error: "system.help" (es) uses {{org_nombre}}`);
    expect(bad.code).toBe(1);
    expect(snapshot(tmp.dir)).toEqual(before);

    const wrongExt = await cli('import', join(tmp.root, 'es.json'), '--dir', tmp.dir);
    expect(wrongExt.stderr).toContain('.csv, .xlf or .xliff');
    expect(wrongExt.code).toBe(1);
  });
});
