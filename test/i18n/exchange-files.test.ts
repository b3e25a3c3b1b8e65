/** The translators' files end to end (src/i18n/exchange/files.ts) and the report per language (locale-report.ts), as the CLI and the console use them. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLocales } from '../../src/i18n/catalog';
import { checkImport, ExchangeError, exportLocales, LocaleWriteError, writeImport } from '../../src/i18n/exchange/files';
import { localeReport, summaryByLanguage } from '../../src/i18n/locale-report';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ce-exchange-files-'));
  cpSync('locales', dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const opts = () => ({ defaultLanguage: 'en', dir, budget: 3 });
const csv = (rows: string[][]) => Buffer.from(['key,language,translation', ...rows.map((r) => r.map((c) => `"${c}"`).join(','))].join('\n'));

it('exports the languages asked for and refuses the source language, a code that is none, or a format it does not write', () => {
  const loaded = loadLocales(dir, 'en');
  const out = exportLocales(loaded, { defaultLanguage: 'en', format: 'XLIFF', languages: ['vi'], budget: 3 });
  expect([out.format, out.fileName, out.languages]).toEqual(['xliff', 'translations-vi.xlf', ['vi']]);
  expect(exportLocales(loaded, { defaultLanguage: 'en', format: 'csv', budget: 3 }).languages).toEqual(loaded.languages.filter((l) => l !== 'en'));
  expect(() => exportLocales(loaded, { defaultLanguage: 'en', format: 'csv', languages: ['en'], budget: 3 })).toThrow(ExchangeError);
  expect(() => exportLocales(loaded, { defaultLanguage: 'en', format: 'csv', languages: ['pt_br'], budget: 3 })).toThrow(/not a language code/);
  expect(() => exportLocales(loaded, { defaultLanguage: 'en', format: 'docx', budget: 3 })).toThrow(/csv or xliff/);
});

it('plans an import by the file name’s extension, and lists each text it changes', () => {
  const loaded = loadLocales(dir, 'en');
  expect(() => checkImport('es.txt', csv([]), loaded, opts())).toThrow(ExchangeError);
  const { plan } = checkImport('es.csv', csv([['common.yes', 'es', 'Sí claro']]), loaded, opts());
  expect(plan!.writes.map((w) => [w.path, w.changes])).toEqual([[join(dir, 'es', 'common.json'), [{ key: 'common.yes', before: 'Sí', after: 'Sí claro' }]]]);
});

it('writes all or nothing: a file that cannot be written leaves every other one as it was, and no temporary file behind', () => {
  const loaded = loadLocales(dir, 'en');
  writeFileSync(join(dir, 'fr'), 'a file where the new language folder would go');
  const before = readFileSync(join(dir, 'es', 'common.json'), 'utf8');
  const { plan } = checkImport('two.csv', csv([['common.yes', 'es', 'Sí claro'], ['common.yes', 'fr', 'Oui']]), loaded, opts());
  expect(plan!.writes).toHaveLength(2);
  expect(() => writeImport(plan!.writes, 'test')).toThrow(LocaleWriteError);
  expect(readFileSync(join(dir, 'es', 'common.json'), 'utf8')).toBe(before);
  expect(readdirSync(join(dir, 'es')).filter((f) => f.endsWith('.tmp'))).toEqual([]);

  rmSync(join(dir, 'fr'));
  writeImport(plan!.writes, 'test');
  expect(JSON.parse(readFileSync(join(dir, 'es', 'common.json'), 'utf8')).yes).toBe('Sí claro');
  expect(existsSync(join(dir, 'fr', 'common.json'))).toBe(true);
});

it('reports each language’s problems by kind', () => {
  const file = join(dir, 'vi', 'common.json');
  const common = JSON.parse(readFileSync(file, 'utf8'));
  delete common.yes;
  common.nudge = `${common.nudge} {{extra}}`;
  writeFileSync(file, JSON.stringify(common, null, 2));
  const report = localeReport(dir, 'en', 3);
  const vi = summaryByLanguage(report).find((s) => s.language === 'vi')!;
  expect([vi.missing, vi.variables, vi.overBudget]).toEqual([1, 1, 0]);
  expect(vi.issues.map((i) => i.key).sort()).toEqual(['common.nudge', 'common.yes']);
  expect(summaryByLanguage(report).find((s) => s.language === 'es')!.issues).toEqual([]);
});
