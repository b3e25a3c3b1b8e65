import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { localesExportCommand, localesImportCommand } from '../../src/cli/locales';
import { loadLocales } from '../../src/i18n/catalog';
import { csvToUnits, unitsToCsv } from '../../src/i18n/exchange/csv';
import { exportUnits } from '../../src/i18n/exchange/units';
import { unitsToXliff, xliffToUnits } from '../../src/i18n/exchange/xliff';
import { checkLocaleTexts } from '../../src/i18n/locale-check';
import { localeTexts } from '../../src/i18n/locale-texts';
import { baseLocales, snapshot, withOptOutLists, writeLocales, type Locales } from './fixtures';

/** Texts a spreadsheet or an XML writer could mangle. */
function trickyLocales(): Locales {
  const l = baseLocales();
  l.en.system.tricky = 'Say "hi", then <b>&</b>\n  next line ';
  l.es.system.tricky = 'Di "hola", luego <b>&</b>\n  otra línea ';
  l.en.system.formula = '=1+2 is not a formula';
  l.es.system.formula = "'=no es una fórmula";
  l.zh.system.tricky = '说 "你好"，<b>&</b>\n  下一行 ';
  l.zh.system.formula = '-1 不是公式';
  l.ar.system.tricky = 'قل "مرحبا"\n  سطر ';
  l.ar.system.formula = '@ليست صيغة';
  return l;
}

let tmp: ReturnType<typeof writeLocales>;
let output: string;
const out = (text: string) => void (output += text);

beforeEach(() => {
  output = '';
});
afterEach(() => {
  tmp?.cleanup();
  process.exitCode = 0;
});

function exportTo(format: 'csv' | 'xliff', file: string, lang?: string[]): string {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write; // the "N strings written" line
  try {
    localesExportCommand({ dir: tmp.dir, format, out: file, lang });
  } finally {
    process.stderr.write = write;
  }
  return readFileSync(file, 'utf8');
}

function importFile(file: string, dryRun = false): number {
  process.exitCode = 0;
  localesImportCommand(file, { dir: tmp.dir, dryRun }, out);
  return Number(process.exitCode ?? 0);
}

/** 1-based line where `needle` first appears in `text`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe.each(['csv', 'xliff'] as const)('%s round trip', (format) => {
  const ext = format === 'csv' ? 'csv' : 'xlf';

  test('export then import of the unchanged file changes no byte', () => {
    tmp = writeLocales(trickyLocales());
    const before = snapshot(tmp.dir);
    const file = join(tmp.root, `all.${ext}`);
    exportTo(format, file);
    expect(importFile(file)).toBe(0);
    expect(output).toContain('nothing to change');
    expect(snapshot(tmp.dir)).toEqual(before);
  });

  test('every text reads back exactly as written', () => {
    tmp = writeLocales(trickyLocales());
    const loaded = loadLocales(tmp.dir, 'en');
    const units = exportUnits(loaded.catalog, 'en', ['es', 'zh', 'ar'], 3);
    const text = format === 'csv' ? unitsToCsv(units) : unitsToXliff(units, 'en');
    const read = format === 'csv' ? csvToUnits(text) : xliffToUnits(text, 'en');
    expect(read.issues).toEqual([]);
    expect(read.units.map((u) => [u.language, u.key, u.translation, u.source])).toEqual(units.map((u) => [u.language, u.key, u.translation, u.source]));
  });

  test('a broken placeholder is refused with its line, and nothing is written', () => {
    tmp = writeLocales(baseLocales());
    const before = snapshot(tmp.dir);
    const file = join(tmp.root, `es.${ext}`);
    const text = exportTo(format, file, ['es']);
    // A plural form, and a text after a record that spans two lines (slack.home.line holds a line break).
    const broken = text
      .replace('Quedan {{count}} lugares en {{title}}', 'Quedan {{count}} lugares en {{titulo}}')
      .replace('Asistente de {{org_name}}', 'Asistente de {org_name}}')
      .replace('Turnos<', 'Turnos nuevos<')
      .replace(',Turnos,', ',Turnos nuevos,');
    expect(broken).not.toBe(text);
    writeFileSync(file, broken);
    const at = (key: string) => (format === 'csv' ? lineOf(broken, `\n${key},`) + 1 : lineOf(broken, `<trans-unit id="${key}"`));
    expect(importFile(file)).toBe(1);
    expect(output).toContain(`${file}:${at('shifts.left_other')}: error: "shifts.left_other" (es) uses {{count, titulo}} but the English text uses {{count, title}}`);
    expect(output).toContain(`${file}:${at('system.help')}: error: "system.help" (es) uses {{-}} but the English text uses {{org_name}}`);
    expect(output.match(/: error: /g)).toHaveLength(2);
    expect(output).toContain('nothing was written');
    expect(snapshot(tmp.dir)).toEqual(before);
  });

  test('a new language from an export of it: a new folder in the English key order, passing the check', () => {
    tmp = writeLocales(baseLocales());
    const file = join(tmp.root, `fr.${ext}`);
    const text = exportTo(format, file, ['fr']);
    const units = format === 'csv' ? csvToUnits(text).units : xliffToUnits(text, 'en').units;
    expect(units.every((u) => u.translation === '')).toBe(true);
    expect(units.map((u) => u.key)).toContain('shifts.left_many'); // French has a "many" form English lacks
    const translated = exportUnits(loadLocales(tmp.dir, 'en').catalog, 'en', ['fr'], 3).map((u) => ({ ...u, translation: `fr ${u.source}` }));
    writeFileSync(file, format === 'csv' ? unitsToCsv(translated) : unitsToXliff(translated, 'en'));
    expect(importFile(file)).toBe(0);
    expect(output).toContain('fr (new language)');
    expect(readFileSync(join(tmp.dir, 'fr', 'shifts.json'), 'utf8')).toBe(
      `${JSON.stringify({ left_one: 'fr One spot left in {{title}}', left_many: 'fr {{count}} spots left in {{title}}', left_other: 'fr {{count}} spots left in {{title}}', title: 'fr Shifts' }, null, 2)}\n`,
    );
    const texts = localeTexts(loadLocales(tmp.dir, 'en'), 'en', tmp.dir);
    expect(checkLocaleTexts(texts).filter((i) => i.language === 'fr')).toEqual([]);
  });
});

describe('CSV edited in a spreadsheet', () => {
  test('BOM, CRLF, quotes, commas, line breaks, reordered and extra columns, blank rows', () => {
    tmp = writeLocales(baseLocales());
    const csv =
      '\uFEFFlanguage,key,translation,comment from reviewer\r\n' +
      'es,system.bye,"¡Adiós, y ""gracias""!\nHasta pronto.",ok\r\n' +
      'es,common.skip,"Responde OMITIR, o ""PASAR""",\r\n' +
      ',,,\r\n' +
      'es,slack.home.title,*Turnos de la semana*,\r\n';
    const file = join(tmp.root, 'edited.csv');
    writeFileSync(file, csv);
    expect(importFile(file)).toBe(0);
    const system = JSON.parse(readFileSync(join(tmp.dir, 'es', 'system.json'), 'utf8'));
    expect(system.bye).toBe('¡Adiós, y "gracias"!\nHasta pronto.');
    expect(JSON.parse(readFileSync(join(tmp.dir, 'es', 'common.json'), 'utf8')).skip).toBe('Responde OMITIR, o "PASAR"');
    expect(JSON.parse(readFileSync(join(tmp.dir, 'es', 'slack.json'), 'utf8')).home.title).toBe('*Turnos de la semana*');
    expect(readFileSync(join(tmp.dir, 'es', 'system.json'), 'utf8')).toBe(
      `{\n  "help": "Asistente de {{org_name}}. Responde PARAR para no recibir más.",\n  "bye": "¡Adiós, y \\"gracias\\"!\\nHasta pronto."\n}\n`,
    );
  });

  test('semicolon-separated, as spreadsheets in comma-decimal locales save it', () => {
    tmp = writeLocales(baseLocales());
    const file = join(tmp.root, 'semi.csv');
    writeFileSync(file, '\uFEFFkey;language;source;translation;note\r\nsystem.bye;es;Bye!;"¡Chao; adiós!";\r\n');
    expect(importFile(file)).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'es', 'system.json'), 'utf8')).bye).toBe('¡Chao; adiós!');
  });

  test('UTF-16 ("Unicode Text") is read; a Windows code page file is refused with its line', () => {
    tmp = writeLocales(baseLocales());
    const file = join(tmp.root, 'utf16.csv');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('key\tlanguage\ttranslation\r\nsystem.bye\tes\t¡Adiós!\r\n', 'utf16le')]));
    expect(importFile(file)).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'es', 'system.json'), 'utf8')).bye).toBe('¡Adiós!');
    writeFileSync(file, Buffer.from('key,language,translation\r\nsystem.bye,es,\xa1Adi\xf3s!\r\n', 'latin1'));
    expect(importFile(file)).toBe(1);
    expect(output).toContain(`${file}:2: error: the file is not UTF-8`);
  });

  test('every problem of the file is reported with its line, and nothing is written', () => {
    tmp = writeLocales(baseLocales());
    const before = snapshot(tmp.dir);
    const file = join(tmp.root, 'bad.csv');
    writeFileSync(
      file,
      [
        'key,language,source,translation,note',
        'system.gone,es,,Texto,', // 2: unknown key
        'common.yes,es,,,', // 3: would remove a text
        'shifts.left_one,zh,,一个,', // 4: zh has no _one
        'system.bye,es-ES,,Adiós,', // 5: a variant of es
        'system.bye,en,,Bye,', // 6: the default language
        'keywords.stop,es,,"PARAR,SI",', // 7: "si" is a Spanish yes
        'system.bye,es,,Adiós,', // 8: fine
        'system.bye,es,,Chao,', // 9: twice
        'common.no,x_y,,no,', // 10: not a language code
      ].join('\r\n'),
    );
    expect(importFile(file)).toBe(1);
    const errors = output.split('\n').filter((l) => l.includes(': error: '));
    expect(errors.map((e) => e.slice(file.length + 1).split(': error: ')[0])).toEqual(['2', '3', '4', '5', '6', '7', '9', '10']);
    expect(output).toContain('unknown key "system.gone"');
    expect(output).toContain('an import never removes a text');
    expect(output).toContain('plural form "shifts.left_one" is not used in "zh"');
    expect(output).toContain('"es-ES" is not in locales/, but "es" is');
    expect(output).toContain('the default language');
    expect(output).toContain('keyword "si" of keywords.stop ("es") is also an answer word in common.yes_words');
    expect(output).toContain('is also on line 8');
    expect(output).toContain('"x_y" is not a language code');
    expect(snapshot(tmp.dir)).toEqual(before);
  });

  test('empty cells of a language not yet translated are left out, and --dry-run writes nothing', () => {
    tmp = writeLocales(baseLocales());
    const file = join(tmp.root, 'de.csv');
    writeFileSync(file, 'key,language,source,translation,note\r\nsystem.bye,de,Bye!,Tschüss!,\r\nsystem.help,de,,,\r\n');
    expect(importFile(file, true)).toBe(0);
    expect(output).toContain('would write');
    expect(existsSync(join(tmp.dir, 'de'))).toBe(false);
    expect(importFile(file)).toBe(0);
    expect(readFileSync(join(tmp.dir, 'de', 'system.json'), 'utf8')).toBe('{\n  "bye": "Tschüss!"\n}\n');
  });
});

describe('XLIFF from a CAT tool', () => {
  test('groups, a <target> with attributes, a version that is not 1.2', () => {
    tmp = writeLocales(baseLocales());
    const file = join(tmp.root, 'cat.xlf');
    writeFileSync(
      file,
      `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="system.json" source-language="en" target-language="es" datatype="plaintext">
    <body>
      <group id="g1">
        <trans-unit id="system.bye" xml:space="preserve">
          <source>Bye!</source>
          <target state="final">¡Hasta luego &amp; gracias!</target>
        </trans-unit>
      </group>
    </body>
  </file>
</xliff>
`,
    );
    expect(importFile(file)).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'es', 'system.json'), 'utf8')).bye).toBe('¡Hasta luego & gracias!');

    writeFileSync(file, '<?xml version="1.0"?>\n<xliff version="2.0" srcLang="en" trgLang="es"></xliff>\n');
    expect(importFile(file)).toBe(1);
    expect(output).toContain(`${file}:2: error: XLIFF version "2.0" is not supported`);
  });

  test('markup inside a target and a wrong source-language are refused with their lines', () => {
    tmp = writeLocales(baseLocales());
    const file = join(tmp.root, 'bad.xliff');
    writeFileSync(
      file,
      `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="system.json" source-language="de" target-language="es" datatype="plaintext">
    <body>
      <trans-unit id="system.bye">
        <source>Bye!</source>
        <target>¡<g id="1">Adiós</g>!</target>
      </trans-unit>
    </body>
  </file>
</xliff>
`,
    );
    expect(importFile(file)).toBe(1);
    expect(output).toContain(`${file}:3: error: source-language is "de", not "en"`);
    expect(output).toContain(`${file}:5: error: trans-unit "system.bye": the <target> holds markup`);
  });
});

describe('the opt-out lists in the exchange', () => {
  test.each(['csv', 'xliff'] as const)('%s: exported with what a translator must know, and round-tripped unchanged', (format) => {
    tmp = writeLocales(withOptOutLists({ stop_phrases: 'stop text*,remove me', stop_negations: "don't stop,bus stop,why did * stop" }));
    const before = snapshot(tmp.dir);
    const file = join(tmp.root, `es.${format === 'csv' ? 'csv' : 'xlf'}`);
    const text = exportTo(format, file, ['es']);
    for (const key of ['keywords.stop_phrases', 'keywords.stop_fillers', 'keywords.stop_negations']) expect(text).toContain(key);
    expect(text).toContain('a lone * stands for any one word');
    expect(text).toContain('no me manden*');
    expect(importFile(file)).toBe(0);
    expect(snapshot(tmp.dir)).toEqual(before);
  });

  test('an import that would make an everyday answer read as an opt-out is refused at its line', () => {
    tmp = writeLocales(withOptOutLists());
    const before = snapshot(tmp.dir);
    const file = join(tmp.root, 'es.csv');
    writeFileSync(file, ['key,language,source,translation,note', 'system.bye,es,,Adiós,', 'keywords.stop_phrases,es,,"no me manden*,vale",'].join('\r\n'));
    expect(importFile(file)).toBe(1);
    expect(output).toContain(`${file}:3: error: "vale" of common.yes_words ("es") reads as an opt-out ("vale" of keywords.stop_phrases ("es"))`);
    expect(snapshot(tmp.dir)).toEqual(before);
  });
});
