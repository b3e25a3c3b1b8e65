/**
 * Tunes the decision per language on TRAINING data only and prints what each language would get:
 * `npx tsx test/knowledge/tune.ts [root]`; `WRITE=1` also rewrites the generated block of
 * src/knowledge/tuning.ts (the thresholds and the model). The held-out split is never read here.
 * About 2-4 minutes on the shared 2 cores (retrieval most of it, the grid ~1 min); `GRID=shipped` keeps the
 * shipped thresholds and only re-learns the model (~1.5 min); `CACHE=<file>` keeps the retrieval's
 * evidence there and reuses it (delete the file after changing examples, analyzers or weights).
 *
 * Training data, per language:
 * - the example lines themselves, cross-validated: in K folds, a fold's examples are taken out of
 *   the knowledge base, the matcher is rebuilt, and each taken-out line is matched as a message
 *   (its topic's line: in scope; a `not_covered` line: out of scope). This is data the matcher has
 *   not seen, and there are ~25 lines a topic and ~50 out-of-scope ones per language;
 * - the dev split of the test sets (every odd-numbered question). The examples were grown from the
 *   dev split's misses, so the dev split alone would now tune too loose; with the folds beside it
 *   the out-of-scope rate is measured on ~70 questions a language instead of ~18.
 * `TRAIN=examples` or `TRAIN=dev` uses one of the two only.
 *
 * Retrieval runs once per question; the grid search then replays the decision. The value of a
 * setting per language: the most right answers less OOS_PENALTY (2) times the share of
 * out-of-scope training questions answered (OOS_MAX, a share, makes that a hard limit as well; none
 * by default: the cross-validated not_covered lines are near-domain on purpose and harder than real
 * out-of-scope messages). Hard conditions of every choice (thresholds, answerAt, tieBreak): the
 * issue's done-when questions answered, and the messages that ask nothing (must-not-answer.ts:
 * greetings, fillers, gibberish with a number, as the behaviour tests assert them) given the
 * fallback, neither an answer nor a "did you mean"; the run prints how many of those the chosen
 * setting answers (0). The choice: the best
 * value (SELECT=best, the default; ties to the setting offering the right topic in a "did you mean"
 * most), or SELECT=plateau (tune-select.ts): among the settings within NEAR (default 0) of the best
 * value, the one whose grid neighbours score best on average (the cuts below: NEAR_CUT 0.003,
 * CUT_RADIUS 3 steps). tune-stability.ts measures how much either moves on perturbed training data:
 * the plateau was no steadier (docs/knowledge.md).
 *
 * Then the model (decide.ts): a logistic regression, pooled over the languages with one bias per
 * language (MODEL=unpooled: one per language), learns from the decision's FEATURES whether the
 * best-ranked topic is the right answer (1: in scope and ranked first; 0: out of scope, or another
 * topic first); features standardised while learning (L2 penalty L2, default 0.001), weights
 * written back in raw units. Its answer threshold (`answerAt`) per language, over the thresholds'
 * decision: the same objective, limits and choice, with at most OOS_MODEL (default 1) more
 * out-of-scope training questions answered.
 */
import { loadLocales } from '../../src/i18n/catalog';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadKnowledge } from '../../src/knowledge/load';
import { createMatcher } from '../../src/knowledge/matcher';
import { DEFAULT_TUNING } from '../../src/knowledge/tuning';
import type { Evidence } from '../../src/knowledge/types';
import { loadTestQuestions, OUT_OF_SCOPE, type TestQuestion } from './evaluate';
import { collect, notCoveredOf, optionsFromEnv, tune, type Item } from './tune-lib';

const root = process.argv[2] ?? process.cwd();
const base = loadKnowledge(`${root}/knowledge`, loadLocales(`${root}/locales`).catalog);
// RETRIEVAL='{"topicMix":0.7}' tries other retrieval weights (RANK_ONLY=1: print how often the right
// topic ranks first, and stop).
const untuned = { ...DEFAULT_TUNING, ...JSON.parse(process.env.RETRIEVAL ?? '{}'), languages: {} };
const notCovered = notCoveredOf(base);
// Options: OOS_PENALTY, OOS_MAX, OOS_MODEL, DOMINANCE (0: no dominance rule), STEP and CLOSE_FROM
// (the grid: 0.05 and 0.8; STEP=0.1 runs several times faster for a first look), L2, DROP=votes,classP
// (features left out of the model, to measure what each adds), SELECT, NEAR, NEAR_CUT, CUT_RADIUS, GRID=shipped, NO_TIE_BREAK;
// tried for a steadier cut and not kept (docs/knowledge.md, "How steady the choice is"): L2=0.03 (steadier
// with questions left out, not with example lines left out), CUT_SMOOTH (the
// out-of-scope count of the cut scans smoothed, a logit bandwidth: steadier, fewer right answers),
// CUT_SMOOTH_ALL, BAG (the model averaged over that many fits on nine tenths of the items: as steady as
// L2 0.03 alone, five times the time), CUT_PRECISION (answerAt from the mean probability of the model's
// extra answers: more out of scope answered).
// MODEL=unpooled learns a whole model per language from its own items alone (weights written one array a
// language), MODEL=shrunk per-language deltas on the pooled weights (SHRINK, their L2, default 0.01);
// compared by cross-validation (tune-cv.ts) and not the default (docs/knowledge.md, "Choices made by measurement").
const options = optionsFromEnv(process.env);

const cached = process.env.CACHE && existsSync(process.env.CACHE) ? (JSON.parse(readFileSync(process.env.CACHE, 'utf8')) as { q: TestQuestion; evidence: Evidence }[]) : undefined;
let items: Record<string, Item[]>;
if (cached) {
  items = Object.fromEntries(base.languages.map((l) => [l, []]));
  for (const { q, evidence } of cached) items[q.language]?.push({ q, evidence, scores: evidence.topics });
} else items = collect(base, untuned, loadTestQuestions(root), Number(process.env.FOLDS ?? 5), process.env.TRAIN ?? 'both');
if (process.env.CACHE && !cached) writeFileSync(process.env.CACHE, JSON.stringify(Object.values(items).flat().map(({ q, evidence }) => ({ q, evidence }))));
const matcher = createMatcher(base, untuned);

for (const [language, list] of Object.entries(items)) {
  const inScope = list.filter((d) => d.q.topic !== OUT_OF_SCOPE);
  const top = (n: number) => inScope.filter((d) => d.scores.slice(0, n).some((s) => s.topic === d.q.topic)).length / inScope.length;
  console.log(`${language}: ${inScope.length} in scope, ${list.length - inScope.length} out of scope; right topic first ${(100 * top(1)).toFixed(1)}%, among the first three ${(100 * top(3)).toFixed(1)}%`);
}
{
  const inScope = Object.values(items).flat().filter((d) => d.q.topic !== OUT_OF_SCOPE);
  const first = inScope.filter((d) => d.scores[0]?.topic === d.q.topic).length;
  console.log(`all languages: right topic first ${first} of ${inScope.length} (${((100 * first) / inScope.length).toFixed(1)}%)`);
  if (process.env.RANK_ONLY) process.exit(0);
}

const { chosen, weights, bias, answerAt, tieBreak, perLanguage, mustNotAnswered } = tune(items, matcher, notCovered, options, (line) => console.log(line));
console.log(`per language: ${Object.entries(perLanguage).map(([l, t]) => `${l} ${t.right}/${t.inScope} oos ${t.oosWrong}/${t.oos}`).join(', ')}`);
// A hard condition of every choice above, so 0 unless a language kept the shipped thresholds for want of an eligible setting.
console.log(`must-not-answer messages answered or offered choices (must be 0): ${Object.entries(mustNotAnswered).map(([l, texts]) => `${l} ${texts.length}${texts.length ? ` (${texts.map((t) => JSON.stringify(t)).join(', ')})` : ''}`).join(', ')}`);
const languages = Object.keys(items);
// Pooled: one array for every language; otherwise each language's own.
const shared = languages.every((l) => JSON.stringify(weights[l]) === JSON.stringify(weights[languages[0]]));
const weightLines = shared ? [`    weights: [${weights[languages[0]].join(', ')}],`] : ['    weights: {', ...languages.map((l) => `      ${l}: [${weights[l].join(', ')}],`), '    },'];

const generated = [
  '  // BEGIN generated',
  '  languages: {',
  ...languages.map((l) => `    ${l}: ${JSON.stringify(chosen[l]).replace(/"(\w+)":/g, '$1: ').replace(/,/g, ', ').replace(/^{/, '{ ').replace(/}$/, ' }')},`),
  '  },',
  '  model: {',
  ...weightLines,
  `    bias: { ${languages.map((l) => `${l}: ${bias[l]}`).join(', ')} },`,
  `    answerAt: { ${Object.entries(answerAt).map(([l, a]) => `${l}: ${a}`).join(', ')} },`,
  `    tieBreak: { ${Object.entries(tieBreak).map(([l, a]) => `${l}: ${a}`).join(', ')} },`,
  '  },',
  '  // END generated',
].join('\n');
console.log(generated);
if (process.env.WRITE) {
  const file = `${__dirname}/../../src/knowledge/tuning.ts`;
  const text = readFileSync(file, 'utf8');
  const replaced = text.replace(/ {2}\/\/ BEGIN generated[\s\S]*?\/\/ END generated/, generated);
  if (replaced === text) throw new Error('tuning.ts has no generated block to replace');
  writeFileSync(file, replaced);
  console.log('written to src/knowledge/tuning.ts');
}
