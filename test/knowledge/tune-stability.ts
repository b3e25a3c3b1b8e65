/**
 * How much the tuning moves on small changes of the training data, for each way of picking a
 * setting (tune-select.ts): `CACHE=<file> npx tsx test/knowledge/tune-stability.ts [root]`.
 * Per seed, a random SHARE (0.1) of the training data is left out and the whole tuning (tune-lib.ts)
 * runs on the rest:
 * - MODE=items (default): a share of the training questions (example lines matched as messages, dev
 *   questions) is dropped from the cached evidence: quick, the indexes stay as they are;
 * - MODE=lines: a share of every topic's example lines is taken out of the knowledge base, and the
 *   retrieval runs again (the lines are then neither in the index nor questions): a full tuning's
 *   time a seed.
 * Then each tuning is counted on the WHOLE training data: how many settings change from the
 * tuning on the whole data, and how much its training right answers and out-of-scope answered
 * move. TRAINING data only (the held-out split is never read). SEEDS=1,2,3,4,5; SELECTIONS=best,plateau.
 * VARIANTS compares ways of learning the model and its cuts on the same perturbed data (the grid is
 * worked out once a seed): `name=JSON options` separated by `;`, e.g.
 * `VARIANTS='step={};smooth={"cutSmooth":0.5};l2={"l2":0.03}'` (options as in tune-lib.ts's TuneOptions).
 * ONLY=vi perturbs that language's data alone (either mode): how much the OTHER languages move when
 * one language's data changes (a model per language, `{"model":"unpooled"}`, should not move them).
 */
import { loadLocales } from '../../src/i18n/catalog';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadKnowledge } from '../../src/knowledge/load';
import { createMatcher } from '../../src/knowledge/matcher';
import { DEFAULT_TUNING } from '../../src/knowledge/tuning';
import type { Evidence } from '../../src/knowledge/types';
import { loadTestQuestions, type TestQuestion } from './evaluate';
import { collect, dropLines, measure, notCoveredOf, optionsFromEnv, tune, xorshift, type grid, type Item, type Tuned, type TuneOptions } from './tune-lib';
import type { Selection } from './tune-select';

const root = process.argv[2] ?? process.cwd();
const base = loadKnowledge(`${root}/knowledge`, loadLocales(`${root}/locales`).catalog);
const untuned = { ...DEFAULT_TUNING, languages: {} };
const notCovered = notCoveredOf(base);
const SHARE = Number(process.env.SHARE ?? 0.1);
const SEEDS = (process.env.SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const SELECTIONS = (process.env.SELECTIONS ?? 'best,plateau').split(',') as Selection[];
const MODE = process.env.MODE ?? 'items';
const ONLY = process.env.ONLY ? new Set(process.env.ONLY.split(',')) : undefined;
const asItems = (list: { q: TestQuestion; evidence: Evidence }[]): Record<string, Item[]> => {
  const out: Record<string, Item[]> = Object.fromEntries(base.languages.map((l) => [l, []]));
  for (const { q, evidence } of list) out[q.language]?.push({ q, evidence, scores: evidence.topics });
  return out;
};
const cacheFile = process.env.CACHE;
const whole =
  cacheFile && existsSync(cacheFile)
    ? asItems(JSON.parse(readFileSync(cacheFile, 'utf8')))
    : collect(base, untuned, loadTestQuestions(root), 5, 'both');
if (cacheFile && !existsSync(cacheFile)) writeFileSync(cacheFile, JSON.stringify(Object.values(whole).flat().map(({ q, evidence }) => ({ q, evidence }))));
const matcher = createMatcher(base, untuned);

// A language's whole setting: its thresholds, cuts and model.
const settingOf = (t: Tuned, l: string) => JSON.stringify({ ...t.chosen[l], answerAt: t.answerAt[l], tieBreak: t.tieBreak[l], bias: t.bias[l], weights: t.weights[l] });
const sum = (r: Record<string, { right: number; oosWrong: number }>) => Object.values(r).reduce((a, b) => ({ right: a.right + b.right, oosWrong: a.oosWrong + b.oosWrong }), { right: 0, oosWrong: 0 });

// The variants: a selection rule and model options each ("best" and "plateau" alone by default).
const VARIANTS: [name: string, how: Selection, options: Partial<TuneOptions>][] = process.env.VARIANTS
  ? process.env.VARIANTS.split(';').flatMap((v) => {
      const [name, json] = [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)];
      return SELECTIONS.map((how): [string, Selection, Partial<TuneOptions>] => [SELECTIONS.length > 1 ? `${how}/${name}` : name, how, JSON.parse(json)]);
    })
  : SELECTIONS.map((how) => [how, how, {}]);
const optionsOf = (how: Selection, extra: Partial<TuneOptions>): TuneOptions => ({ ...optionsFromEnv(process.env), selection: how, ...extra });

const reference: Record<string, Tuned> = {};
const runs: Record<string, { seed: number; tuned: Tuned; counted: ReturnType<typeof measure> }[]> = {};
const wholeGrids: Record<string, ReturnType<typeof grid>> = {};
for (const [name, how, extra] of [...VARIANTS].sort((a) => (a[1] === 'plateau' ? -1 : 1))) {
  reference[name] = tune(whole, matcher, notCovered, optionsOf(how, extra), () => {}, wholeGrids);
  const c = sum(measure(whole, reference[name], notCovered));
  console.log(`${name}, whole training data: right ${c.right}, out of scope answered ${c.oosWrong}`);
  runs[name] = [];
}
for (const seed of SEEDS) {
  let items: Record<string, Item[]>;
  let m = matcher;
  if (MODE === 'lines') {
    const perturbed = dropLines(base, SHARE, seed, ONLY);
    items = collect(perturbed, untuned, loadTestQuestions(root), 5, 'both');
    m = createMatcher(perturbed, untuned);
  } else {
    // Seeded: the same seed leaves out the same questions.
    const random = xorshift(seed);
    items = Object.fromEntries(Object.entries(whole).map(([l, list]) => [l, ONLY && !ONLY.has(l) ? list : list.filter(() => random() >= SHARE)]));
  }
  // One grid a language for every variant (measured in full for the plateau).
  const grids: Record<string, ReturnType<typeof grid>> = {};
  for (const [name, how, extra] of [...VARIANTS].sort((a) => (a[1] === 'plateau' ? -1 : 1))) {
    const tuned = tune(items, m, notCovered, optionsOf(how, extra), () => {}, grids);
    const counted = measure(whole, tuned, notCovered);
    runs[name].push({ seed, tuned, counted });
    const c = sum(counted);
    const moved = base.languages.filter((l) => settingOf(tuned, l) !== settingOf(reference[name], l));
    console.log(`seed ${seed} ${name}: right ${c.right}, out of scope answered ${c.oosWrong} (on the whole data); settings changed: ${moved.join(' ') || 'none'}`);
  }
}

const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return `mean ${mean.toFixed(1)} sd ${sd.toFixed(1)} range ${Math.min(...xs)}..${Math.max(...xs)}`;
};
for (const [how] of VARIANTS) {
  const list = runs[how];
  const c = sum(measure(whole, reference[how], notCovered));
  console.log(`== ${how} (whole data: right ${c.right}, out of scope ${c.oosWrong}): ${list.length} seeds, ${MODE} mode, ${SHARE * 100}% left out${ONLY ? ` of ${[...ONLY].join(', ')} only` : ''}`);
  const changes = list.map((r) => base.languages.filter((l) => settingOf(r.tuned, l) !== settingOf(reference[how], l)).length);
  console.log(`  languages whose setting changed from the whole-data tuning: ${stats(changes)} of ${base.languages.length}`);
  const keys = ['minCoverage', 'answerCoverage', 'closeRatio', 'noneRatio'] as const;
  const shift = list.map((r) => base.languages.reduce((s, l) => s + keys.reduce((a, k) => a + Math.abs((r.tuned.chosen[l][k] ?? 0) - (reference[how].chosen[l][k] ?? 0)), 0), 0) / base.languages.length);
  console.log(`  thresholds' distance from the whole-data tuning (sum of |change| a language): ${list.map((_, i) => shift[i].toFixed(3)).join(' ')}`);
  const cuts = list.map((r) => base.languages.reduce((s, l) => s + Math.abs((r.tuned.answerAt[l] ?? 1.01) - (reference[how].answerAt[l] ?? 1.01)), 0) / base.languages.length);
  console.log(`  answerAt's mean |change|: ${cuts.map((x) => x.toFixed(3)).join(' ')}`);
  const ties = list.map((r) => base.languages.reduce((s, l) => s + Math.abs((r.tuned.tieBreak[l] ?? 1.01) - (reference[how].tieBreak[l] ?? 1.01)), 0) / base.languages.length);
  console.log(`  tieBreak's mean |change|: ${ties.map((x) => x.toFixed(3)).join(' ')}`);
  console.log(`  answerAt (whole data): ${JSON.stringify(reference[how].answerAt)}; tieBreak: ${JSON.stringify(reference[how].tieBreak)}`);
  console.log(`  training right on the whole data: ${stats(list.map((r) => sum(r.counted).right))}; out of scope answered: ${stats(list.map((r) => sum(r.counted).oosWrong))}`);
  const own = measure(whole, reference[how], notCovered);
  for (const l of base.languages)
    console.log(
      `  ${l}: right ${stats(list.map((r) => r.counted[l].right))} (whole data ${own[l].right}, mean |move| ${(list.reduce((s, r) => s + Math.abs(r.counted[l].right - own[l].right), 0) / list.length).toFixed(1)}); oos ${stats(list.map((r) => r.counted[l].oosWrong))}; distinct settings ${new Set(list.map((r) => settingOf(r.tuned, l))).size}`,
    );
}
