/**
 * The classifier alone on TRAINING data (examples cross-validated in K folds, plus the dev split
 * with every line learned): how often its most probable class is the right topic, and how often an
 * out-of-scope line's is `not_covered`. For choosing ClassifierOptions quickly:
 * `OPTS='{"alpha":0.1}' npx tsx test/knowledge/classifier-cv.ts`. The held-out split is never read.
 */
import { loadLocales } from '../../src/i18n/catalog';
import { analyzerFor } from '../../src/knowledge/analyze';
import { trainClassifier, type ClassifierOptions } from '../../src/knowledge/classifier';
import { loadKnowledge } from '../../src/knowledge/load';
import { DEFAULT_TUNING } from '../../src/knowledge/tuning';
import { inSplit, loadTestQuestions, OUT_OF_SCOPE } from './evaluate';

const root = process.argv[2] ?? process.cwd();
const base = loadKnowledge(`${root}/knowledge`, loadLocales(`${root}/locales`).catalog);
const opts: ClassifierOptions = { ...DEFAULT_TUNING.classifier, ...JSON.parse(process.env.OPTS ?? '{}') };
const K = 5;
const dev = loadTestQuestions(root);
const none = new Set(base.topics.filter((t) => t.kind === 'none').map((t) => t.id));
let totalRight = 0;
let totalIn = 0;
for (const language of base.languages) {
  const analyzer = analyzerFor(language);
  const lines = base.topics.flatMap((t) => {
    const x = t.texts[language];
    return x ? [x.title, ...x.examples].map((text, i) => ({ topic: t.id, text, fold: i === 0 ? -1 : (i - 1) % K, analysis: analyzer.analyze(text) })) : [];
  });
  const questions: { topic: string; analysis: ReturnType<typeof analyzer.analyze>; fold: number }[] = [];
  for (let fold = 0; fold < K; fold++) for (const l of lines.filter((l) => l.fold === fold)) questions.push({ topic: none.has(l.topic) ? OUT_OF_SCOPE : l.topic, analysis: l.analysis, fold });
  for (const q of (dev[language] ?? []).filter((q) => inSplit(q, 'dev'))) questions.push({ topic: q.topic, analysis: analyzer.analyze(q.text), fold: -2 });
  const models = new Map<number, ReturnType<typeof trainClassifier>>();
  for (const fold of [-2, 0, 1, 2, 3, 4]) models.set(fold, trainClassifier(lines.filter((l) => l.fold !== fold), opts));
  let right = 0, inScope = 0, oosRight = 0, oos = 0, devRight = 0, devIn = 0;
  for (const q of questions) {
    const best = models.get(q.fold)!.classify(q.analysis)[0]?.topic;
    if (q.topic === OUT_OF_SCOPE) { oos++; if (best && none.has(best)) oosRight++; continue; }
    inScope++;
    if (best === q.topic) right++;
    if (q.fold === -2) { devIn++; if (best === q.topic) devRight++; }
  }
  totalRight += right; totalIn += inScope;
  console.log(`${language}: right ${(100 * right / inScope).toFixed(1)}% of ${inScope} (dev ${(100 * devRight / devIn).toFixed(1)}%), out-of-scope -> not_covered ${oosRight} of ${oos}`);
}
console.log(`all: right ${(100 * totalRight / totalIn).toFixed(1)}% ${JSON.stringify(opts)}`);
