/**
 * Tunes the decision thresholds on the DEV split only and prints what each language would get:
 * `npx tsx test/knowledge/tune.ts [root]`. Retrieval runs once per question; the grid search then
 * replays the decision. The held-out split is never read here.
 */
import { loadLocales } from '../../src/i18n/catalog';
import { decide, type DecisionThresholds } from '../../src/knowledge/decide';
import { loadKnowledge } from '../../src/knowledge/load';
import { createMatcher } from '../../src/knowledge/matcher';
import { DEFAULT_TUNING } from '../../src/knowledge/tuning';
import { inSplit, loadTestQuestions, OUT_OF_SCOPE, outcomeOf } from './evaluate';

const root = process.argv[2] ?? process.cwd();
const maxOosWrong = Number(process.env.MAX_OOS_WRONG ?? 0.03);
const base = loadKnowledge(`${root}/knowledge`, loadLocales(`${root}/locales`).catalog);
const env = (name: string, fallback: number) => (process.env[name] !== undefined ? Number(process.env[name]) : fallback);
const matcher = createMatcher(base, {
  ...DEFAULT_TUNING,
  englishWeight: env('EN_WEIGHT', DEFAULT_TUNING.englishWeight),
  topicMix: env('MIX', DEFAULT_TUNING.topicMix),
  inexactCredit: env('INEXACT', DEFAULT_TUNING.inexactCredit),
  indexAnswers: env('ANSWERS', DEFAULT_TUNING.indexAnswers ? 1 : 0) === 1,
});
const notCovered = new Set(base.topics.filter((t) => t.kind === 'none').map((t) => t.id));
const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => +(from + i * step).toFixed(3));

for (const [language, all] of Object.entries(loadTestQuestions(root))) {
  if (!base.languages.includes(language)) continue;
  const dev = all.filter((q) => inSplit(q, 'dev')).map((q) => ({ q, scores: matcher.scores(q.text, language) }));
  const inScope = dev.filter((d) => d.q.topic !== OUT_OF_SCOPE);
  const oos = dev.filter((d) => d.q.topic === OUT_OF_SCOPE);
  const top1 = inScope.filter((d) => d.scores[0]?.topic === d.q.topic).length / inScope.length;
  const top3 = inScope.filter((d) => d.scores.slice(0, 3).some((s) => s.topic === d.q.topic)).length / inScope.length;
  let best: { t: DecisionThresholds; right: number; oosWrong: number; choices: number } | undefined;
  for (const minCoverage of range(0.1, 0.6, 0.025))
    for (const answerCoverage of range(minCoverage, 0.8, 0.025))
      for (const closeRatio of range(0.6, 0.95, 0.05)) {
        const t = { minCoverage, answerCoverage, closeRatio };
        const right = inScope.filter((d) => outcomeOf(d.q, decide(d.scores, t, notCovered)) === 'right').length / inScope.length;
        const oosWrong = oos.filter((d) => outcomeOf(d.q, decide(d.scores, t, notCovered)) === 'wrong').length / Math.max(1, oos.length);
        const choices = inScope.filter((d) => outcomeOf(d.q, decide(d.scores, t, notCovered)) === 'choices').length / inScope.length;
        if (oosWrong > maxOosWrong) continue;
        if (!best || right > best.right + 1e-9 || (Math.abs(right - best.right) < 1e-9 && choices > best.choices)) best = { t, right, oosWrong, choices };
      }
  console.log(language, `top1 ${(100 * top1).toFixed(1)}% top3 ${(100 * top3).toFixed(1)}%`, best ? `best ${JSON.stringify(best.t)} right ${(100 * best.right).toFixed(1)}% choices ${(100 * best.choices).toFixed(1)}% oosWrong ${(100 * best.oosWrong).toFixed(1)}%` : 'no setting within the out-of-scope limit');
}
