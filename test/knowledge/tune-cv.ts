/**
 * Compares ways of learning the decision's model by a CROSS-VALIDATED training measure:
 * `CACHE=<file> npx tsx test/knowledge/tune-cv.ts [root]`. In-sample training numbers favour more
 * parameters (a model per language has seven times the weights of the pooled one), so here each
 * language's training items (the same as tune.ts's: example lines cross-validated, dev split) are
 * split into K folds (K=5, seeded: SEED=1); per fold the whole tuning (tune-lib.ts: thresholds,
 * model, answerAt, tieBreak) runs on the other K-1 folds, and what it chose is counted on the fold
 * held back. Summed over the folds, per language: right answers, out-of-scope answered, and the
 * objective tune() maximises (right share less OOS_PENALTY times the out-of-scope share). Every
 * fold's tuning keeps tune()'s hard conditions (the done-when questions answered, the
 * must-not-answer messages given the fallback), so the candidates are compared among settings the
 * behaviour tests allow.
 * CANDIDATES: `name=JSON options` separated by `;` (options as in tune-lib.ts's TuneOptions), e.g.
 * `CANDIDATES='pooled={"model":"pooled"};unpooled={"model":"unpooled"};shrunk={"model":"shrunk","shrink":0.01}'`
 * (`"drop":["votes"]` leaves features out).
 * The grid of a fold is worked out once for every candidate. TRAINING data only (the held-out split
 * is never read).
 */
import { loadLocales } from '../../src/i18n/catalog';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadKnowledge } from '../../src/knowledge/load';
import { createMatcher } from '../../src/knowledge/matcher';
import { DEFAULT_TUNING } from '../../src/knowledge/tuning';
import type { Evidence } from '../../src/knowledge/types';
import { loadTestQuestions, type TestQuestion } from './evaluate';
import { collect, foldsOf, measure, notCoveredOf, optionsFromEnv, tune, type grid, type Item, type Totals, type TuneOptions } from './tune-lib';

const root = process.argv[2] ?? process.cwd();
const base = loadKnowledge(`${root}/knowledge`, loadLocales(`${root}/locales`).catalog);
const untuned = { ...DEFAULT_TUNING, languages: {} };
const notCovered = notCoveredOf(base);
const K = Number(process.env.K ?? 5);
const SEED = Number(process.env.SEED ?? 1);
const CANDIDATES: [name: string, options: Partial<TuneOptions>][] = (process.env.CANDIDATES ?? 'pooled={"model":"pooled"};unpooled={"model":"unpooled"};shrunk={"model":"shrunk"}')
  .split(';')
  .map((v) => {
    const extra = JSON.parse(v.slice(v.indexOf('=') + 1));
    // `drop` (features left out) is a list in JSON, a set in the options.
    return [v.slice(0, v.indexOf('=')), { ...extra, ...(extra.drop ? { drop: new Set(extra.drop) } : {}) }];
  });

const cacheFile = process.env.CACHE;
const asItems = (list: { q: TestQuestion; evidence: Evidence }[]): Record<string, Item[]> => {
  const out: Record<string, Item[]> = Object.fromEntries(base.languages.map((l) => [l, []]));
  for (const { q, evidence } of list) out[q.language]?.push({ q, evidence, scores: evidence.topics });
  return out;
};
const whole = cacheFile && existsSync(cacheFile) ? asItems(JSON.parse(readFileSync(cacheFile, 'utf8'))) : collect(base, untuned, loadTestQuestions(root), 5, 'both');
if (cacheFile && !existsSync(cacheFile)) writeFileSync(cacheFile, JSON.stringify(Object.values(whole).flat().map(({ q, evidence }) => ({ q, evidence }))));
const matcher = createMatcher(base, untuned);

const folds = foldsOf(whole, K, SEED);
const options = optionsFromEnv(process.env);
const totals: Record<string, Record<string, Totals>> = Object.fromEntries(CANDIDATES.map(([name]) => [name, {}]));
// The must-not-answer messages (must-not-answer.ts) each candidate's fold tunings answer: a hard condition of the tuning, so 0.
const mustNot: Record<string, number> = Object.fromEntries(CANDIDATES.map(([name]) => [name, 0]));
const started = Date.now();
for (let k = 0; k < K; k++) {
  const pick = (held: boolean) => Object.fromEntries(Object.entries(whole).map(([l, list]) => [l, list.filter((_, i) => (folds[l][i] === k) === held)]));
  const train = pick(false);
  const test = pick(true);
  const grids: Record<string, ReturnType<typeof grid>> = {};
  for (const [name, extra] of CANDIDATES) {
    const tuned = tune(train, matcher, notCovered, { ...options, ...extra }, () => {}, grids);
    const counted = measure(test, tuned, notCovered);
    mustNot[name] += Object.values(tuned.mustNotAnswered).reduce((n, texts) => n + texts.length, 0);
    for (const [l, t] of Object.entries(counted)) {
      const sum = (totals[name][l] ??= { right: 0, inScope: 0, oosWrong: 0, oos: 0 });
      sum.right += t.right;
      sum.inScope += t.inScope;
      sum.oosWrong += t.oosWrong;
      sum.oos += t.oos;
    }
    const c = Object.values(counted).reduce((a, b) => ({ right: a.right + b.right, oosWrong: a.oosWrong + b.oosWrong }), { right: 0, oosWrong: 0 });
    console.log(`fold ${k + 1}/${K} ${name}: right ${c.right}, out of scope answered ${c.oosWrong} (held-back fold; ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}

const value = (t: Totals) => t.right / t.inScope - options.oosPenalty * (t.oosWrong / Math.max(1, t.oos));
console.log(`== cross-validated (${K} folds, seed ${SEED}): per language right/inScope oos wrong/oos [objective]`);
for (const [name] of CANDIDATES) {
  const per = totals[name];
  const all = Object.values(per).reduce((a, b) => ({ right: a.right + b.right, inScope: a.inScope + b.inScope, oosWrong: a.oosWrong + b.oosWrong, oos: a.oos + b.oos }));
  console.log(`${name}: all ${all.right}/${all.inScope} oos ${all.oosWrong}/${all.oos}, must-not-answer messages answered ${mustNot[name]}; ${Object.entries(per).map(([l, t]) => `${l} ${t.right}/${t.inScope} oos ${t.oosWrong}/${t.oos} [${value(t).toFixed(4)}]`).join(', ')}`);
}
