/**
 * Translator.t and render per message, measured alone (CPU time of this process, median of 5):
 * the first-contact language menu renders every offered language.
 *
 * Usage: npx tsx bench/i18n-micro.ts (from the repository root)
 */
import { Translator } from '../src/i18n/translator';
const t = Translator.fromDir('locales', 'en');
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
function time(label: string, f: (i: number) => void, n = 50000) {
  for (let i = 0; i < 5000; i++) f(i);
  const r: number[] = [];
  for (let k = 0; k < 5; k++) { const t0 = cpu(); for (let i = 0; i < n; i++) f(i); r.push((cpu() - t0) / n); }
  r.sort((a, b) => a - b);
  console.log(`${label}: ${r[2].toFixed(2)} µs CPU per call (median of 5)`);
}
time('t(en, common.invalid)', () => t.t('en', 'common.invalid', {}));
time('render language menu (all languages)', () => t.render({ key: 'language.prompt', allLanguages: true } as never, 'en'));
time('render common.slow_down', () => t.render({ key: 'common.slow_down' } as never, 'es'));
