/**
 * Lists the TRAINING misses of one or more languages, with why each is missed, for writing examples
 * and analyzer rules: `npx tsx test/knowledge/misses.ts zh ar` (`ONLY=examples|dev`).
 * Training data only, as tune.ts sees it: the example lines cross-validated in 5 folds (a fold's
 * lines taken out, the matcher rebuilt) and the DEV split (odd-numbered questions). The held-out
 * split is filtered out before anything is matched or printed.
 * Per miss: the outcome, the topic ranked first (and its coverage), the runner-up's share of its
 * score, the not_covered topic's share, and the message's analysis (its terms).
 */
import { loadLocales } from '../../src/i18n/catalog';
import { decide } from '../../src/knowledge/decide';
import { loadKnowledge } from '../../src/knowledge/load';
import { createMatcher } from '../../src/knowledge/matcher';
import { analyzerFor } from '../../src/knowledge/analyze';
import { DEFAULT_TUNING, thresholdsFor } from '../../src/knowledge/tuning';
import type { Evidence, KnowledgeBase } from '../../src/knowledge/types';
import { inSplit, loadTestQuestions, OUT_OF_SCOPE, outcomeOf, type TestQuestion } from './evaluate';

const root = process.cwd();
const wanted = process.argv.slice(2);
const full = loadKnowledge(`${root}/knowledge`, loadLocales(`${root}/locales`).catalog);
// Only the wanted languages and English (whose index adds its evidence to every other language).
const base: KnowledgeBase = { ...full, languages: full.languages.filter((l) => wanted.includes(l) || l === 'en') };
const notCovered = new Set(base.topics.filter((t) => t.kind === 'none').map((t) => t.id));
const untuned = { ...DEFAULT_TUNING, languages: {} };
const K = 5;
const ONLY = process.env.ONLY;
const items: { q: TestQuestion; evidence: Evidence; source: string }[] = [];

if (ONLY !== 'dev')
  for (let fold = 0; fold < K; fold++) {
    const without: KnowledgeBase = {
      ...base,
      topics: base.topics.map((t) => ({
        ...t,
        texts: Object.fromEntries(Object.entries(t.texts).map(([l, x]) => [l, { ...x, examples: x.examples.filter((_, i) => i % K !== fold) }])),
      })),
    };
    const matcher = createMatcher(without, untuned);
    for (const topic of base.topics)
      for (const language of wanted)
        topic.texts[language]?.examples.forEach((text, position) => {
          if (position % K !== fold) return;
          const q = { language, topic: notCovered.has(topic.id) ? OUT_OF_SCOPE : topic.id, text, position };
          items.push({ q, evidence: matcher.evidence(text, language), source: 'ex' });
        });
  }
if (ONLY !== 'examples') {
  const matcher = createMatcher(base, untuned);
  const sets = loadTestQuestions(root);
  for (const language of wanted)
    // The dev split only: held-out questions are dropped here, before anything else.
    for (const q of (sets[language] ?? []).filter((q) => inSplit(q, 'dev'))) items.push({ q, evidence: matcher.evidence(q.text, language), source: 'dev' });
}

const f2 = (x: number) => x.toFixed(2);
for (const language of wanted) {
  const t = thresholdsFor(DEFAULT_TUNING, language);
  const mine = items.filter((i) => i.q.language === language);
  const counts: Record<string, number> = {};
  const lines: string[] = [];
  for (const { q, evidence, source } of mine) {
    const r = decide(evidence, t, notCovered);
    const outcome = outcomeOf(q, r);
    const key = `${source}:${q.topic === OUT_OF_SCOPE ? 'oos' : 'in'}:${outcome}`;
    counts[key] = (counts[key] ?? 0) + 1;
    if (q.topic === OUT_OF_SCOPE ? outcome === 'fallback' : outcome === 'right') continue;
    const [top, second] = evidence.topics;
    const nc = evidence.topics.find((s) => notCovered.has(s.topic));
    const rank = evidence.topics.findIndex((s) => s.topic === q.topic);
    const own = evidence.topics[rank];
    const terms = analyzerFor(language).analyze(q.text).terms.filter((x) => x.weight >= 1).map((x) => x.term);
    lines.push(
      [
        `${source} ${outcome.padEnd(13)} want=${q.topic} rank=${rank < 0 ? '-' : rank + 1}${own ? ` cov=${f2(own.coverage)}` : ''}`,
        `top=${top?.topic ?? '-'} cov=${top ? f2(top.coverage) : '-'} ru=${top && second ? `${second.topic}:${f2(second.score / top.score)}` : '-'} nc=${top && nc ? f2(nc.score / top.score) : '-'} known=${f2(evidence.known)}`,
        `  ${q.text}`,
        `  terms: ${terms.join(' ')}`,
      ].join(' | '),
    );
  }
  console.log(`== ${language} ${JSON.stringify(t.model ? { ...t, model: { answerAt: t.model.answerAt } } : t)}`);
  console.log(Object.entries(counts).sort().map(([k, v]) => `${k} ${v}`).join(', '));
  console.log(lines.sort().join('\n'));
}
