/** Locale fixtures for the translator tools, written to a fresh temp folder per test (independent of the shipped texts). */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Tree = Record<string, unknown>;
export type Locales = Record<string, Record<string, Tree>>;

const keywords = { stop: 'STOP,UNSUBSCRIBE', start: 'START,UNSTOP', help: 'HELP,INFO', menu: 'MENU', language: 'LANGUAGE', agent: 'AGENT' };

/** en, es, zh (one plural form) and ar (six), complete and clean. */
export function baseLocales(): Locales {
  return {
    en: {
      common: { yes: 'Yes', no: 'No', yes_words: 'yes,y,ok', no_words: 'no,n', number_words: 'one,two,three', skip: 'Reply SKIP to skip', skip_words: 'skip,pass' },
      keywords,
      system: { help: '{{org_name}} assistant. Reply STOP to opt out.', bye: 'Bye!' },
      shifts: { left_one: 'One spot left in {{title}}', left_other: '{{count}} spots left in {{title}}', title: 'Shifts' },
      slack: { home: { title: '*Shifts*', line: '*{{title}}*\n{{when}}' } },
    },
    es: {
      common: { yes: 'Sí', no: 'No', yes_words: 'si,s,vale', no_words: 'no,n', number_words: 'uno,dos,tres', skip: 'Responde OMITIR para omitir', skip_words: 'omitir' },
      keywords: { stop: 'PARAR,ALTO', start: 'COMENZAR', help: 'AYUDA', menu: 'MENÚ', language: 'IDIOMA', agent: 'HUMANO' },
      system: { help: 'Asistente de {{org_name}}. Responde PARAR para no recibir más.', bye: '¡Adiós!' },
      shifts: { left_one: 'Queda un lugar en {{title}}', left_many: 'Quedan {{count}} de lugares en {{title}}', left_other: 'Quedan {{count}} lugares en {{title}}', title: 'Turnos' },
      slack: { home: { title: '*Turnos*', line: '*{{title}}*\n{{when}}' } },
    },
    zh: {
      common: { yes: '是', no: '否', yes_words: '是,好', no_words: '否,不', number_words: '一,二,三', skip: '回复“跳过”', skip_words: '跳过' },
      keywords: { stop: '退订', start: '开始', help: '帮助', menu: '菜单', language: '语言', agent: '人工' },
      system: { help: '{{org_name}} 助手。回复“退订”停止接收。', bye: '再见！' },
      shifts: { left_other: '{{title}} 还剩 {{count}} 个名额', title: '班次' },
      slack: { home: { title: '*班次*', line: '*{{title}}*\n{{when}}' } },
    },
    ar: {
      common: { yes: 'نعم', no: 'لا', yes_words: 'نعم,اي', no_words: 'لا', number_words: 'واحد,اثنان,ثلاثة', skip: 'أرسل تخطي', skip_words: 'تخطي' },
      keywords: { stop: 'توقف', start: 'اشتراك', help: 'مساعدة', menu: 'القائمة', language: 'اللغة', agent: 'موظف' },
      system: { help: 'مساعد {{org_name}}. أرسل توقف لإيقاف الرسائل.', bye: 'مع السلامة!' },
      shifts: {
        left_zero: 'لا أماكن في {{title}}',
        left_one: 'مكان واحد في {{title}}',
        left_two: 'مكانان في {{title}}',
        left_few: '{{count}} أماكن في {{title}}',
        left_many: '{{count}} مكانًا في {{title}}',
        left_other: '{{count}} مكان في {{title}}',
        title: 'المناوبات',
      },
      slack: { home: { title: '*المناوبات*', line: '*{{title}}*\n{{when}}' } },
    },
  };
}

type OptOutLists = Partial<Record<'stop_phrases' | 'stop_fillers' | 'stop_negations', string>>;

/** The base languages with the opt-out lists (src/engine/opt-out.ts) in each; English's replaced by `english`. */
export function withOptOutLists(english: OptOutLists = {}): Locales {
  const l = baseLocales();
  const lists: Record<string, OptOutLists> = {
    en: { stop_phrases: 'stop texting', stop_fillers: 'please', stop_negations: "don't stop", ...english },
    es: { stop_phrases: 'no me manden*', stop_fillers: 'por favor', stop_negations: 'no pares' },
    zh: { stop_phrases: '不要再发', stop_fillers: '请', stop_negations: '不要停' },
    ar: { stop_phrases: 'لا ترسلوا', stop_fillers: 'من فضلك', stop_negations: 'لا تتوقفوا' },
  };
  for (const language of Object.keys(l)) l[language].keywords = { ...l[language].keywords, ...lists[language] };
  return l;
}

/** A fresh temp folder holding `locales/` written as the project writes it (2-space JSON, newline at the end). */
export function writeLocales(locales: Locales): { root: string; dir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'civic-locales-'));
  const dir = join(root, 'locales');
  for (const [language, namespaces] of Object.entries(locales)) {
    mkdirSync(join(dir, language), { recursive: true });
    for (const [ns, tree] of Object.entries(namespaces)) writeFileSync(join(dir, language, `${ns}.json`), `${JSON.stringify(tree, null, 2)}\n`);
  }
  return { root, dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Every file under `dir` with its bytes, to prove an import changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const language of readdirSync(dir)) {
    for (const file of readdirSync(join(dir, language))) out[`${language}/${file}`] = readFileSync(join(dir, language, file), 'utf8');
  }
  return out;
}

export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
