import type { Config } from '../config';
import type { EngineEnv } from '../engine/step';
import { electionFacts } from '../elections/facts';
import { loadFlowSet } from '../flows/loader';
import { ROLE_FLOWS } from '../flows/roles';
import { Translator } from '../i18n/translator';
import { knowledgePort } from './knowledge';

/**
 * Loads locales, flows, the knowledge base and the organizer's election facts from disk and builds
 * the engine's environment (the server, `chat` and `flows test` share it). Throws if a flow is invalid.
 */
export function loadEngine(
  config: Pick<Config, 'FLOWS_DIR' | 'LOCALES_DIR' | 'DEFAULT_LANGUAGE' | 'ORG_NAME' | 'ORG_CONTACT'> & Partial<Pick<Config, 'ELECTIONS_FILE' | 'LANGUAGES' | 'KNOWLEDGE_DIR'>>,
) {
  const translator = Translator.fromDir(config.LOCALES_DIR, config.DEFAULT_LANGUAGE, config.LANGUAGES);
  const { flows, loaded } = loadFlowSet(config.FLOWS_DIR, translator.languages);
  const errors = loaded.flatMap((f) => f.issues).filter((i) => i.severity === 'error');
  if (errors.length) {
    throw new Error(`flows have errors (run "civic-engage flows check"):\n${errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n')}`);
  }
  const { facts, problem: electionsProblem } = electionFacts(config.ELECTIONS_FILE ?? 'data/elections.yaml');
  const env: EngineEnv = {
    flows,
    lexicon: translator,
    settings: { ...ROLE_FLOWS, vars: { org_name: config.ORG_NAME, org_contact: config.ORG_CONTACT }, facts },
    knowledge: knowledgePort(config.KNOWLEDGE_DIR ?? 'knowledge', translator),
  };
  return { translator, flows, env, electionsProblem };
}
