import type { Config } from '../config';
import type { EngineEnv } from '../engine/step';
import { electionFacts } from '../elections/facts';
import { checkFlows, formatIssues } from '../flows/check';
import { builtCodeKey, checkMemo } from '../flows/check-memo';
import { flowSetOf, loadFlowDir } from '../flows/loader';
import { localeView } from '../flows/locale-view';
import { ROLE_FLOWS } from '../flows/roles';
import { Translator } from '../i18n/translator';
import { readTopicDefinitions } from '../knowledge/load';
import { knowledgePort } from './knowledge';

/**
 * Loads locales, flows, the knowledge base and the organizer's election facts from disk and builds
 * the engine's environment (the server, `chat` and `flows test` share it). Throws if a flow is invalid.
 * With `rememberCheckIn` (the server's DATA_DIR), a passed check is remembered there and skipped
 * on a later start whose files and code are unchanged (src/flows/check-memo.ts).
 */
export function loadEngine(
  config: Pick<Config, 'FLOWS_DIR' | 'LOCALES_DIR' | 'DEFAULT_LANGUAGE' | 'ORG_NAME' | 'ORG_CONTACT'> & Partial<Pick<Config, 'ELECTIONS_FILE' | 'LANGUAGES' | 'KNOWLEDGE_DIR'>>,
  opts: { rememberCheckIn?: string; /** The compiled code's identity (default: dist/'s build stamp; none from the sources). */ codeKey?: string } = {},
) {
  const knowledgeDir = config.KNOWLEDGE_DIR ?? 'knowledge';
  const memo = checkMemo({
    dataDir: opts.rememberCheckIn,
    codeKey: opts.rememberCheckIn ? (opts.codeKey ?? builtCodeKey()) : undefined,
    dirs: [config.FLOWS_DIR, config.LOCALES_DIR, knowledgeDir],
    settings: { defaultLanguage: config.DEFAULT_LANGUAGE, languages: config.LANGUAGES ?? null },
  });
  const translator = Translator.fromDir(config.LOCALES_DIR, config.DEFAULT_LANGUAGE, config.LANGUAGES);
  const read = loadFlowDir(config.FLOWS_DIR);
  const topics = readTopicDefinitions(knowledgeDir);
  // The checks `flows check` runs (unknown target states, texts missing in a language, ...), before
  // XState compiles the flows: its own error names no file or line.
  if (!memo.passed()) {
    const errors = checkFlows(read, localeView(translator), ROLE_FLOWS, [], topics).filter((i) => i.severity === 'error');
    if (errors.length) throw new Error(`flows have errors (run "civic-engage flows check"):\n${formatIssues(errors)}`);
    memo.remember();
  }
  const { flows } = flowSetOf(read, translator.languages);
  const { facts, problem: electionsProblem } = electionFacts(config.ELECTIONS_FILE ?? 'data/elections.yaml');
  const env: EngineEnv = {
    flows,
    lexicon: translator,
    settings: { ...ROLE_FLOWS, vars: { org_name: config.ORG_NAME, org_contact: config.ORG_CONTACT }, facts },
    knowledge: knowledgePort(topics, translator),
  };
  return { translator, flows, env, electionsProblem };
}
