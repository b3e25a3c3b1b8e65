/**
 * Tunes language identification on the DEV split only: `npx tsx test/knowledge/tune-language.ts [root]`
 * (rebuilds the matcher for each of 144 settings: about 8 minutes on 2 cores).
 * Objective: most questions identified confidently and rightly, with the unclear greetings and
 * one-word messages ("hi", "ok", "?") still unsure.
 */
import { loadLocales } from '../../src/i18n/catalog';
import { loadKnowledge } from '../../src/knowledge/load';
import { createMatcher } from '../../src/knowledge/matcher';
import { DEFAULT_TUNING } from '../../src/knowledge/tuning';
import { evaluateLanguageId, loadTestQuestions } from './evaluate';

const root = process.argv[2] ?? process.cwd();
const base = loadKnowledge(`${root}/knowledge`, loadLocales(`${root}/locales`).catalog);
const sets = Object.values(loadTestQuestions(root)).filter((qs) => ['en', 'es', 'tl', 'vi'].includes(qs[0].language));
const unclear = ['hi', 'ok', '?', 'hello', 'hey', 'yes', 'thanks', 'k', 'no', 'help me', '👍'];
const results: string[] = [];
for (const indexWeight of [0, 0.25, 0.5, 1, 1.5, 2])
  for (const switchRatio of [0.5, 0.6, 0.7, 0.8, 0.9, 1])
    for (const minEvidence of [0.1, 0.2, 0.3, 0.5]) {
      const matcher = createMatcher(base, { ...DEFAULT_TUNING, identify: { ...DEFAULT_TUNING.identify, indexWeight, switchRatio, minEvidence } });
      const reports = sets.map((qs) => evaluateLanguageId(matcher, qs, 'dev'));
      const total = reports.reduce((n, r) => n + r.questions, 0);
      const ok = reports.reduce((n, r) => n + r.confidentRight, 0);
      const falseClear = unclear.filter((t) => matcher.identifyLanguage(t).confident).length;
      results.push(`${(100 * ok / total).toFixed(1)}% falseClear=${falseClear} ${JSON.stringify({ indexWeight, switchRatio, minEvidence })} ${reports.map((r) => `${r.language}:${(100 * r.confidentRight / r.questions).toFixed(1)}`).join(' ')}`);
    }
console.log(results.sort().reverse().slice(0, 15).join('\n'));
