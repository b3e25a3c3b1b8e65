import { readFileSync } from 'node:fs';
import type { FlowDef } from '../engine/flow-schema';
import { FOLLOW_UP_KEY, INVALID_AGAIN_KEY } from '../engine/compile';
import { HELP_OPTED_OUT_KEY, STOP_CONFIRM_KEY } from '../engine/consent';
import { GLOBAL_KEYWORDS } from '../engine/keywords';
import type { FlowIssue, LoadedFlow } from './loader';
// The locale checks live with the texts (src/i18n); they are pure and know nothing of i18next.
import { checkLocaleTexts } from '../i18n/locale-check';
import type { LocaleTexts } from '../i18n/locale-texts';

/** What the check needs to know about the shipped texts (src/i18n provides it). */
export interface LocaleView {
  languages: readonly string[];
  defaultLanguage: string;
  /** Raw text of a key in a language, or undefined when missing. */
  raw(language: string, key: string): string | undefined;
  /** Every key of a language. */
  keys(language: string): string[];
  /** The file a key lives in, for positions. */
  fileOf(language: string, key: string): string | undefined;
  /** Every leaf of a language, strings or not (optional: defaults to `keys` with `raw`). */
  entries?(language: string): [string, unknown][];
  /** The line a key is written at (optional: defaults to the first line naming its last part). */
  lineOf?(language: string, key: string): number;
}

/** Extra checks a channel contributes (e.g. the SMS segment budget), run on every rendered text. */
export type TextCheck = (language: string, key: string, text: string) => string | null;

/** Texts the engine itself says, whatever the flows are. */
export const ENGINE_KEYS = [
  'system.opted_out',
  'system.opted_in',
  'system.help',
  HELP_OPTED_OUT_KEY,
  STOP_CONFIRM_KEY,
  'common.invalid',
  INVALID_AGAIN_KEY,
  'common.nudge',
  'common.expired',
  'common.yes_words',
  'common.no_words',
  'language.prompt',
  'language.native_name',
  ...GLOBAL_KEYWORDS.map((k) => `keywords.${k}`),
];

/** Texts the engine says for the questions flow, when there is one (the topics' own texts are checked by `locales check`). */
export const QUESTION_KEYS = ['questions.language_note', 'questions.no_state_facts', FOLLOW_UP_KEY];

/** What the check needs to know of a knowledge topic (knowledge/<id>.yaml): the flow offered after its answer. */
export interface TopicFollowUp {
  id: string;
  followUp?: string;
}

/** The flows with a special role; each must exist. */
export interface RoleFlows {
  defaultFlow: string;
  languageFlow: string;
  menuFlow: string;
  handoffFlow: string;
  questionsFlow?: string;
}

/**
 * Checks every flow and the shipped locales together: schema, unknown targets, unreachable states,
 * dead ends, missing texts in any language, and interpolation variables that differ between languages.
 * Pure apart from reading locale files for line numbers.
 */
export function checkFlows(loaded: LoadedFlow[], locales: LocaleView, roles: RoleFlows, textChecks: TextCheck[] = [], topics: TopicFollowUp[] = []): FlowIssue[] {
  const issues: FlowIssue[] = loaded.flatMap((f) => f.issues);
  const flowIds = new Set(loaded.filter((f) => f.def).map((f) => f.def!.id));
  for (const t of topics) {
    // A warning: the answer is still given, only without the offer (a flows folder may leave a flow out).
    if (t.followUp && !flowIds.has(t.followUp)) issues.push({ file: `knowledge/${t.id}.yaml`, line: 1, severity: 'warning', message: `follow_up: unknown flow "${t.followUp}": its answer offers none` });
  }
  const usedKeys = new Map<string, { file: string; line: number }>();

  for (const flow of loaded) {
    if (!flow.def) continue;
    const def = flow.def;
    const at = (path: (string | number)[]) => flow.lineOf(path);
    const err = (path: (string | number)[], message: string) => issues.push({ file: flow.file, line: at(path), severity: 'error', message });
    const useKey = (key: string | undefined, path: (string | number)[]) => {
      if (key && !usedKeys.has(key)) usedKeys.set(key, { file: flow.file, line: at(path) });
    };
    const checkTarget = (next: string, path: (string | number)[]) => {
      if (next.startsWith('@')) {
        if (!flowIds.has(next.slice(1))) err(path, `unknown flow "${next.slice(1)}"`);
      } else if (!def.states[next]) err(path, `unknown target state "${next}"`);
    };

    if (!def.states[def.start]) err(['start'], `unknown start state "${def.start}"`);
    useKey(def.keywords, ['keywords']);
    for (const [name, s] of Object.entries(def.states)) {
      const base = ['states', name];
      useKey(s.say, [...base, 'say']);
      useKey(s.invalid, [...base, 'invalid']);
      useKey(s.nudge, [...base, 'nudge']);
      s.choices?.forEach((c, i) => {
        useKey(c.label, [...base, 'choices', i, 'label']);
        useKey(c.match, [...base, 'choices', i, 'match']);
        checkTarget(c.next, [...base, 'choices', i, 'next']);
      });
      const values = (s.choices ?? []).map((c) => c.value ?? c.label.split('.').pop());
      const dup = values.find((v, i) => values.indexOf(v) !== i);
      if (dup) err([...base, 'choices'], `two choices have the value "${dup}"`);
      if (s.next) checkTarget(s.next, [...base, 'next']);
      (s.when ?? []).forEach((w, i) => checkTarget(w.next, [...base, 'when', i, 'next']));
      if (s.fail) checkTarget(s.fail, [...base, 'fail']);
      for (const [i, action] of (s.do ?? []).entries()) {
        if ('schedule' in action && !flowIds.has(action.schedule.flow)) err([...base, 'do', i], `unknown flow "${action.schedule.flow}"`);
      }
      const waits = !!(s.choices || s.input || s.language_menu);
      if (s.end && (s.next || waits)) err(base, `state "${name}" ends the conversation but also has a way on (next/choices/input)`);
      if (!s.end && !waits && !s.next) err(base, `state "${name}" has no way out: give it choices, an input with next, a next, or end: true`);
      if ((s.input || s.language_menu) && !s.next) err(base, `state "${name}" waits for ${s.input ? 'input' : 'a language'} but has no next`);
      if (s.language_menu && s.choices) err(base, `state "${name}": language_menu makes its own choices`);
      if (!s.say && waits) err(base, `state "${name}" waits for an answer but says nothing (add say)`);
      if ((s.save || s.answer || s.invalid || s.tries || s.fail) && !s.input && !s.choices && !s.language_menu) err(base, `state "${name}" has input options but no input`);
    }
    for (const name of unreachable(def)) err(['states', name], `unreachable state "${name}" (nothing leads to it from "${def.start}")`);
  }

  for (const [role, id] of Object.entries(roles)) {
    if (flowIds.has(id)) continue;
    // Questions in people's own words are optional: without their flow, free text gets the
    // flows' own answers (an organizer's flows folder from before the knowledge base).
    if (role === 'questionsFlow') issues.push({ file: 'flows/', line: 1, severity: 'warning', message: `the ${role} "${id}" has no flow file: questions in people's own words are not answered` });
    else issues.push({ file: 'flows/', line: 1, severity: 'error', message: `the ${role} "${id}" has no flow file` });
  }
  for (const key of ENGINE_KEYS) if (!usedKeys.has(key)) usedKeys.set(key, { file: '(engine)', line: 1 });
  if (roles.questionsFlow && flowIds.has(roles.questionsFlow)) for (const key of QUESTION_KEYS) if (!usedKeys.has(key)) usedKeys.set(key, { file: '(engine)', line: 1 });

  issues.push(...checkLocales(locales, usedKeys, textChecks));
  return issues;
}

/** States no path from the start reaches. */
function unreachable(def: FlowDef): string[] {
  const seen = new Set<string>();
  const queue = [def.start];
  while (queue.length) {
    const name = queue.pop()!;
    const s = def.states[name];
    if (!s || seen.has(name)) continue;
    seen.add(name);
    for (const next of [s.next, s.fail, ...(s.choices ?? []).map((c) => c.next), ...(s.when ?? []).map((w) => w.next)]) if (next && !next.startsWith('@')) queue.push(next);
  }
  return Object.keys(def.states).filter((n) => !seen.has(n));
}

/**
 * Locale problems: keys the flows use missing in a language (reported where the flow uses them),
 * then the checks `civic-engage locales check` runs (src/i18n/locale-check.ts: keys against the
 * default language, plural forms, variables, empty or non-string texts, keyword collisions), then
 * the channels' text checks as warnings. The one place both commands get their locale errors from.
 */
export function checkLocales(locales: LocaleView, usedKeys: Map<string, { file: string; line: number }>, textChecks: TextCheck[] = []): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const { languages } = locales;
  const texts = localeTextsOf(locales);

  for (const [key, where] of usedKeys) {
    for (const language of languages) {
      if (locales.raw(language, key) === undefined && locales.raw(language, `${key}_other`) === undefined) {
        issues.push({ ...where, severity: 'error', message: `text "${key}" is missing in "${language}" (locales/${language}/${key.split('.')[0]}.json)` });
      }
    }
  }
  for (const issue of checkLocaleTexts(texts)) {
    if (issue.kind === 'missing' && usedKeys.has(issue.key)) continue; // already reported where a flow uses it
    issues.push({ file: issue.file, line: issue.line, severity: issue.severity, message: issue.message });
  }
  for (const language of languages) {
    for (const key of locales.keys(language)) {
      const text = locales.raw(language, key);
      if (text === undefined) continue;
      for (const check of textChecks) {
        const message = check(language, key, text);
        if (message) issues.push({ file: texts.fileOf(language, key), line: texts.lineOf(language, key), severity: 'warning', message });
      }
    }
  }
  return issues;
}

/** The view src/i18n's checks read, over this module's LocaleView (which may lack leaves and lines). */
function localeTextsOf(locales: LocaleView): LocaleTexts {
  return {
    languages: locales.languages,
    defaultLanguage: locales.defaultLanguage,
    entries: (language) => locales.entries?.(language) ?? locales.keys(language).map((key): [string, unknown] => [key, locales.raw(language, key)]),
    fileOf: (language, key) => locales.fileOf(language, key) ?? `locales/${language}/${key.split('.')[0]}.json`,
    lineOf: (language, key) => locales.lineOf?.(language, key) ?? keyLine(locales.fileOf(language, key), key),
  };
}

/** 1-based line of a key's entry in a JSON locale file (the first line mentioning its last part). */
function keyLine(file: string | undefined, key: string): number {
  if (!file) return 1;
  try {
    const needle = `"${key.split('.').pop()}"`;
    const index = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
    return index + 1 || 1;
  } catch {
    return 1;
  }
}

/** Formats issues as `file:line: severity: message`, one a line. */
export function formatIssues(issues: FlowIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}: ${i.severity}: ${i.message}`).join('\n');
}
