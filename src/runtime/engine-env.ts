import type { Config } from '../config';
import { FlowSet } from '../engine/flow-set';
import type { EngineEnv } from '../engine/step';
import type { ConversationState } from '../engine/types';
import { electionFacts } from '../elections/facts';
import { Translator } from '../i18n/translator';
import type { Db } from '../store/db';
import { getFlowVersion, saveFlowVersion } from '../store/flow-versions';

/** The special flows' ids (see docs/flows.md). */
export const ROLE_FLOWS = { defaultFlow: 'welcome', languageFlow: 'language', menuFlow: 'menu', handoffFlow: 'handoff' };

/** Loads locales and flows from disk and builds the engine's environment. Throws if a flow is invalid. */
export function loadEngine(config: Pick<Config, 'FLOWS_DIR' | 'LOCALES_DIR' | 'DEFAULT_LANGUAGE' | 'ORG_NAME' | 'ORG_CONTACT'> & Partial<Pick<Config, 'ELECTIONS_FILE' | 'LANGUAGES'>>) {
  const translator = Translator.fromDir(config.LOCALES_DIR, config.DEFAULT_LANGUAGE, config.LANGUAGES);
  const { flows, loaded } = FlowSet.fromDir(config.FLOWS_DIR, translator.languages);
  const errors = loaded.flatMap((f) => f.issues).filter((i) => i.severity === 'error');
  if (errors.length) {
    throw new Error(`flows have errors (run "civic-engage flows check"):\n${errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n')}`);
  }
  const { facts, problem: electionsProblem } = electionFacts(config.ELECTIONS_FILE ?? 'data/elections.yaml');
  const env: EngineEnv = {
    flows,
    lexicon: translator,
    settings: { ...ROLE_FLOWS, vars: { org_name: config.ORG_NAME, org_contact: config.ORG_CONTACT }, facts },
  };
  return { translator, flows, env, electionsProblem };
}

/** Stores the current version of every flow, so conversations on it survive later edits. */
export async function registerFlowVersions(db: Db, flows: FlowSet): Promise<void> {
  for (const flow of flows.all()) await saveFlowVersion(db.kysely, flow.def, flow.hash);
}

/** Makes sure the flow version a conversation is on is loaded (from the store, when it is an old one). */
export async function ensureFlowVersion(db: Db, flows: FlowSet, state: ConversationState | null): Promise<void> {
  if (!state || flows.version(state.flowId, state.flowHash)) return;
  const def = await getFlowVersion(db.kysely, state.flowId, state.flowHash);
  if (def) flows.addVersion(def, state.flowHash);
}
