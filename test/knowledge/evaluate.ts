/**
 * Measures a matcher on the natural-question test sets (`test/knowledge/questions/<lang>.yaml`):
 * per language, how often the right topic is answered, offered in a "did you mean", or missed.
 * Shared by the accuracy test, the tuning script and the benchmarks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KnowledgeMatcher } from '../../src/knowledge/matcher';
import type { MatchResult } from '../../src/knowledge/types';

/** The done-when questions, each as a first message: its language and the topic it must get. */
export const DONE_WHEN: [language: string, text: string, topic: string][] = [
  ['es', 'donde voto?', 'polling_place'],
  ['zh', '我需要带什么证件', 'id_requirements'],
  ['vi', 'có thể bỏ phiếu qua thư không', 'mail_ballot'],
  ['vi', 'co the bo phieu qua thu khong', 'mail_ballot'],
  ['ko', '투표소 어디예요', 'polling_place'],
  ['tl', 'pwede ba akong bumoto kahit lumipat ako', 'moved'],
  ['ar', 'هل أحتاج بطاقة هوية للتصويت', 'id_requirements'],
];

/** The key under which a test set lists questions no topic covers. */
export const OUT_OF_SCOPE = 'out_of_scope';

/** One test question: its language, the topic a volunteer would pick (or out_of_scope), its text. */
export interface TestQuestion {
  language: string;
  topic: string;
  text: string;
  /** Its position in its topic's list, from 0: the even positions (1st, 3rd, ...) are the dev split. */
  position: number;
}

/** Which questions to measure: dev (tuned on), held-out (never tuned on), or all. */
export type Split = 'dev' | 'held-out' | 'all';

/** True when a question belongs to the split: every odd-numbered question (1st, 3rd, ...) is dev. */
export function inSplit(q: TestQuestion, split: Split): boolean {
  return split === 'all' || (q.position % 2 === 0) === (split === 'dev');
}

/** Every test question present under `<root>/test/knowledge/questions/`, by language. */
export function loadTestQuestions(root: string): Record<string, TestQuestion[]> {
  const dir = join(root, 'test/knowledge/questions');
  const sets: Record<string, TestQuestion[]> = {};
  if (!existsSync(dir)) return sets;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const language = file.replace(/\.yaml$/, '');
    const parsed = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown[]>;
    sets[language] = Object.entries(parsed).flatMap(([topic, list]) =>
      (list ?? []).map((text, position) => ({ language, topic, text: String(text), position })),
    );
  }
  return sets;
}

/** The outcome of one question. */
export type Outcome = 'right' | 'choices' | 'fallback' | 'wrong' | 'wrong_choices';

/** How a result counts for a question: for out-of-scope ones, only `fallback` is right. */
export function outcomeOf(q: TestQuestion, r: MatchResult): Outcome {
  if (q.topic === OUT_OF_SCOPE) return r.kind === 'none' ? 'fallback' : r.kind === 'answer' ? 'wrong' : 'wrong_choices';
  if (r.kind === 'none') return 'fallback';
  if (r.kind === 'answer') return r.topic === q.topic ? 'right' : 'wrong';
  return r.topics.includes(q.topic) ? 'choices' : 'wrong_choices';
}

/** Counts for one language and split. */
export interface LanguageReport {
  language: string;
  /** In-scope questions and how they came out. */
  inScope: number;
  right: number;
  choices: number;
  fallback: number;
  wrong: number;
  wrongChoices: number;
  /** Out-of-scope questions: honest fallback, a "did you mean", a confident (wrong) answer. */
  outOfScope: number;
  oosFallback: number;
  oosChoices: number;
  oosWrong: number;
  /** The questions that did not come out right, for reading. */
  misses: { question: TestQuestion; result: MatchResult }[];
}

/** Runs every question of the split through the matcher in its own language. */
export function evaluate(matcher: KnowledgeMatcher, questions: TestQuestion[], split: Split): LanguageReport {
  const report: LanguageReport = {
    language: questions[0]?.language ?? '',
    inScope: 0, right: 0, choices: 0, fallback: 0, wrong: 0, wrongChoices: 0,
    outOfScope: 0, oosFallback: 0, oosChoices: 0, oosWrong: 0, misses: [],
  };
  for (const q of questions.filter((q) => inSplit(q, split))) {
    const result = matcher.match(q.text, q.language);
    const outcome = outcomeOf(q, result);
    if (q.topic === OUT_OF_SCOPE) {
      report.outOfScope++;
      if (outcome === 'fallback') report.oosFallback++;
      else if (outcome === 'wrong') report.oosWrong++;
      else report.oosChoices++;
      if (outcome !== 'fallback') report.misses.push({ question: q, result });
      continue;
    }
    report.inScope++;
    if (outcome === 'right') report.right++;
    else if (outcome === 'choices') report.choices++;
    else if (outcome === 'fallback') report.fallback++;
    else if (outcome === 'wrong') report.wrong++;
    else report.wrongChoices++;
    if (outcome !== 'right') report.misses.push({ question: q, result });
  }
  return report;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');

/** A report as one table row: language, right, "did you mean" with the right topic, fallback, wrong, out-of-scope. */
export function formatReports(reports: LanguageReport[], title = ''): string {
  const head = '| lang | questions | right | did you mean (right one in it) | fallback | wrong answer | wrong "did you mean" | out of scope | oos fallback | oos "did you mean" | oos wrong answer |';
  const rule = '|---|---|---|---|---|---|---|---|---|---|---|';
  const rows = reports.map((r) =>
    `| ${r.language} | ${r.inScope} | ${pct(r.right, r.inScope)} | ${pct(r.choices, r.inScope)} | ${pct(r.fallback, r.inScope)} | ${pct(r.wrong, r.inScope)} | ${pct(r.wrongChoices, r.inScope)} | ${r.outOfScope} | ${pct(r.oosFallback, r.outOfScope)} | ${pct(r.oosChoices, r.outOfScope)} | ${pct(r.oosWrong, r.outOfScope)} |`,
  );
  return [title, head, rule, ...rows].filter(Boolean).join('\n');
}

/** Language identification on one language's questions: identified right and confident, right but unsure, wrong. */
export interface LanguageIdReport {
  language: string;
  questions: number;
  confidentRight: number;
  unsureRight: number;
  wrong: number;
  misses: { question: TestQuestion; guess: { language: string; confident: boolean } }[];
}

/** Runs identifyLanguage over every question of the split (in-scope and out-of-scope alike). */
export function evaluateLanguageId(matcher: KnowledgeMatcher, questions: TestQuestion[], split: Split): LanguageIdReport {
  const report: LanguageIdReport = { language: questions[0]?.language ?? '', questions: 0, confidentRight: 0, unsureRight: 0, wrong: 0, misses: [] };
  for (const q of questions.filter((q) => inSplit(q, split))) {
    const guess = matcher.identifyLanguage(q.text);
    report.questions++;
    if (guess.language !== q.language) report.wrong++;
    else if (guess.confident) report.confidentRight++;
    else report.unsureRight++;
    if (guess.language !== q.language || !guess.confident) report.misses.push({ question: q, guess });
  }
  return report;
}

/** Language identification reports as a table. */
export function formatLanguageIdReports(reports: LanguageIdReport[], title = ''): string {
  const rows = reports.map((r) => `| ${r.language} | ${r.questions} | ${pct(r.confidentRight, r.questions)} | ${pct(r.unsureRight, r.questions)} | ${pct(r.wrong, r.questions)} |`);
  return [title, '| lang | questions | identified, confident | identified, unsure (menu) | wrong language |', '|---|---|---|---|---|', ...rows].filter(Boolean).join('\n');
}
