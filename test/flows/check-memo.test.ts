import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../src/app/engine';
import { builtCodeKey, checkMemo } from '../../src/flows/check-memo';

const ROOT = join(__dirname, '..', '..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'check-memo-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function files(): { flows: string; locales: string } {
  const flows = join(dir, 'flows');
  const locales = join(dir, 'locales');
  mkdirSync(join(locales, 'en'), { recursive: true });
  mkdirSync(flows);
  writeFileSync(join(flows, 'a.yaml'), 'id: a\n');
  writeFileSync(join(locales, 'en', 'common.json'), '{"hi":"Hi"}');
  return { flows, locales };
}

describe('the flows check remembered between starts', () => {
  test('passes only for the same files, settings and code, once remembered', () => {
    const { flows, locales } = files();
    const data = join(dir, 'data');
    const memo = (over: Partial<{ codeKey: string | undefined; settings: unknown }> = {}) =>
      checkMemo({ dataDir: data, codeKey: 'code-1', dirs: [flows, locales], settings: { languages: ['en'] }, ...over });
    expect(memo().passed()).toBe(false);
    memo().remember();
    expect(memo().passed()).toBe(true);
    expect(statSync(join(data, 'flows-checked')).mode & 0o777).toBe(0o600);
    // Anything that shapes the check, changed: it runs again.
    expect(memo({ codeKey: 'code-2' }).passed()).toBe(false);
    expect(memo({ settings: { languages: ['en', 'es'] } }).passed()).toBe(false);
    writeFileSync(join(locales, 'en', 'common.json'), '{"hi":"Hello"}');
    expect(memo().passed()).toBe(false);
    writeFileSync(join(locales, 'en', 'common.json'), '{"hi":"Hi"}');
    expect(memo().passed()).toBe(true);
    writeFileSync(join(locales, 'en', 'extra.json'), '{}');
    expect(memo().passed()).toBe(false);
  });

  test('without the code identity (running the sources) or a data directory, nothing is remembered', () => {
    const { flows, locales } = files();
    const data = join(dir, 'data');
    const noCode = checkMemo({ dataDir: data, codeKey: undefined, dirs: [flows, locales], settings: {} });
    noCode.remember();
    expect(noCode.passed()).toBe(false);
    expect(existsSync(join(data, 'flows-checked'))).toBe(false);
    const noData = checkMemo({ dataDir: undefined, codeKey: 'code-1', dirs: [flows, locales], settings: {} });
    noData.remember();
    expect(noData.passed()).toBe(false);
  });

  test('a data directory that cannot be written means the next start checks again, without an error', () => {
    const { flows, locales } = files();
    const blocked = join(dir, 'file');
    writeFileSync(blocked, 'not a directory');
    const memo = checkMemo({ dataDir: join(blocked, 'data'), codeKey: 'code-1', dirs: [flows, locales], settings: {} });
    expect(() => memo.remember()).not.toThrow();
    expect(memo.passed()).toBe(false);
  });

  test('the build stamp names the compiled code; the sources have none', () => {
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    expect(builtCodeKey(dist)).toBeUndefined();
    writeFileSync(join(dist, '.build-stamp.json'), JSON.stringify({ format: 1, contentKey: 'abc' }));
    expect(builtCodeKey(dist)).toBe('abc');
    // This test runs the TypeScript sources: src/ has no stamp.
    expect(builtCodeKey()).toBeUndefined();
  });

  test('a start after a passed one skips the check, and a locale broken since fails the start again', () => {
    for (const d of ['flows', 'locales', 'knowledge']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
    const data = join(dir, 'data');
    const config = { FLOWS_DIR: join(dir, 'flows'), LOCALES_DIR: join(dir, 'locales'), KNOWLEDGE_DIR: join(dir, 'knowledge'), DEFAULT_LANGUAGE: 'en', ORG_NAME: 'Org', ORG_CONTACT: 'org.example' };
    loadEngine(config, { rememberCheckIn: data, codeKey: 'code-1' });
    const key = readFileSync(join(data, 'flows-checked'), 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}\n$/);
    loadEngine(config, { rememberCheckIn: data, codeKey: 'code-1' });
    // A Spanish text that loses its variable: the check runs again (the files changed) and fails the start.
    const file = join(dir, 'locales', 'es', 'campaign.json');
    const es = JSON.parse(readFileSync(file, 'utf8'));
    const withVariable = (o: Record<string, unknown>): [Record<string, unknown>, string] | undefined => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'string' && /{{\s*\w+\s*}}/.test(v)) return [o, k];
        const inner = v && typeof v === 'object' ? withVariable(v as Record<string, unknown>) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    const found = withVariable(es);
    expect(found).toBeDefined();
    found![0][found![1]] = 'sin variable';
    writeFileSync(file, JSON.stringify(es, null, 2));
    expect(() => loadEngine(config, { rememberCheckIn: data, codeKey: 'code-1' })).toThrow(/flows have errors/);
    expect(readFileSync(join(data, 'flows-checked'), 'utf8')).toBe(key);
  });
});
