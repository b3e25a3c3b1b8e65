/**
 * The console's page building blocks without a server: languages from Accept-Language, text in
 * a person's own language and direction, escaping, safe redirects after sign-in, and the XSS scan
 * of every template (@kitajs/html escapes attributes but not children: the scanner finds any
 * child that is not marked `safe`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fromAcceptLanguage, pickLanguage } from '../../src/console/i18n';
import { safeNext } from '../../src/console/render';
import { Text, textDirection } from '../../src/console/views/text';
import { ErrorSummary, TextField } from '../../src/console/views/components';
import type { PageContext } from '../../src/console/context';
import { Translator } from '../../src/i18n/translator';


const SHIPPED = ['en', 'es', 'zh', 'vi', 'ko', 'tl', 'ar'];

describe('the console language', () => {
  it('comes from Accept-Language among the shipped languages, by weight, matching the primary subtag', () => {
    expect(fromAcceptLanguage('es-MX,es;q=0.9,en;q=0.8', SHIPPED)).toBe('es');
    expect(fromAcceptLanguage('fr-CA, fr;q=0.9, vi;q=0.5, en;q=0.4', SHIPPED)).toBe('vi');
    expect(fromAcceptLanguage('en;q=0.2, ko', SHIPPED)).toBe('ko');
    expect(fromAcceptLanguage('zh-Hant-TW', SHIPPED)).toBe('zh');
    expect(fromAcceptLanguage('fr, de;q=0', SHIPPED)).toBeNull();
    expect(fromAcceptLanguage('*', SHIPPED)).toBeNull();
    expect(fromAcceptLanguage(undefined, SHIPPED)).toBeNull();
  });

  it('is the account’s choice first, then the browser’s, then the default', () => {
    const translator = Translator.fromDir('locales', 'en');
    expect(pickLanguage(translator, 'ar', 'es')).toBe('ar');
    expect(pickLanguage(translator, null, 'es-ES')).toBe('es');
    expect(pickLanguage(translator, 'xx', 'fr')).toBe('en');
    expect(translator.t('ar', 'console.sign_in.title')).toBe('تسجيل الدخول');
  });
});

describe('counts of people', () => {
  it('take the plural form of the page’s language: one person, two, a few, many', () => {
    const translator = Translator.fromDir('locales', 'en');
    const t = (language: string, key: string, count: number) => translator.t(language, `console-campaigns.${key}`, { count, channels: 'SMS' });
    expect(t('en', 'preview.total', 1)).toBe('1 person (channels on: SMS)');
    expect(t('en', 'preview.total', 4)).toBe('4 people (channels on: SMS)');
    expect(t('en', 'confirm.launch_body', 1)).toMatch(/^1 person will get it/);
    expect(t('es', 'confirm.launch_body', 1)).toMatch(/^1 persona lo recibirá/);
    expect(t('es', 'confirm.launch_body', 12)).toMatch(/^12 personas lo recibirán/);
    expect(t('tl', 'preview.total', 1)).toBe('1 tao (mga channel na naka-on: SMS)');
    expect(t('ar', 'preview.total', 1)).toMatch(/^شخص واحد/);
    expect(t('ar', 'preview.total', 2)).toMatch(/^شخصان/);
    expect(t('ar', 'confirm.rehearse_body', 5)).toMatch(/5 أشخاص/);
    expect(t('ar', 'confirm.rehearse_body', 11)).toMatch(/11 شخصاً/);
    expect(t('zh', 'preview.total', 1)).toBe('1 人（已开启的渠道：SMS）');
    // A text without plural forms is the same whatever the count.
    expect(t('en', 'confirm.pause_body', 3)).toBe('Messages not sent yet are held until you resume it.');
  });
});

describe('a person’s text', () => {
  it('carries its own lang and dir, and is escaped', () => {
    // (@kitajs/html escapes what HTML needs: < and & in text, " and & in attributes.)
    expect(Text({ lang: 'ar', children: 'مرحبا <b>' })).toBe('<span lang="ar" dir="rtl">مرحبا &lt;b></span>');
    expect(Text({ lang: 'zh', as: 'p', children: '你好' })).toBe('<p lang="zh" dir="ltr">你好</p>');
    expect(Text({ children: '"quoted" & <i>' })).toBe('<span dir="auto">&#34;quoted&#34; &amp; &lt;i></span>');
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('es')).toBe('ltr');
  });

  it('and every other value in a template is escaped, attributes included', () => {
    const field = TextField({ id: 'email', label: 'E-mail <script>', value: '"><script>alert(1)</script>', error: '<img src=x>' });
    expect(field).toContain('<label for="email">E-mail &lt;script></label>');
    expect(field).toContain('>&lt;img src=x></p>');
    // The quote that would close the attribute is escaped, so the rest stays inside it.
    expect(field).toContain('value="&#34;><script>alert(1)</script>"');
    expect(field).toContain('aria-describedby="email-error"');
    expect(field).toContain('aria-invalid="true"');
    const page = { t: () => 'There is a problem' } as unknown as PageContext;
    const summary = ErrorSummary({ page, errors: [{ field: 'x" onclick="y', message: '<b>bad</b>' }] });
    expect(summary).toContain('href="#x&#34; onclick=&#34;y"');
    expect(summary).toContain('>&lt;b>bad&lt;/b></a>');
  });
});

describe('after signing in', () => {
  it('goes only to a console page', () => {
    expect(safeNext('/console/audit?action=sign_in&page=2')).toBe('/console/audit?action=sign_in&page=2');
    expect(safeNext('/console')).toBe('/console');
    for (const evil of ['https://evil.example', '//evil.example', '/console//evil.example', '/\\evil.example', '/consolex', '/console/../admin', 'javascript:alert(1)', '']) {
      expect([evil, safeNext(evil)]).toEqual([evil, '/console']);
    }
  });
});

describe('the templates', () => {
  it('pass the @kitajs/html XSS scan', () => {
    const dir = path.join('src', 'console', 'views');
    const files = readdirSync(dir).filter((f) => f.endsWith('.tsx')).map((f) => path.join(dir, f));
    const run = spawnSync(process.execPath, [require.resolve('@kitajs/ts-html-plugin/dist/cli.js'), ...files], { encoding: 'utf8' });
    expect([run.status, `${run.stdout}${run.stderr}`.trim()]).toEqual([0, expect.stringContaining('No XSS vulnerabilities found')]);
  });
});
