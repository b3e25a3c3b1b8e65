/**
 * The knowledge base as the engine's port (EngineEnv.knowledge): topics from `knowledge/` and their
 * texts from the loaded locales, joined and indexed once, on the first question (building every
 * language's index takes most of a second, which start-up and commands that never match need not
 * pay; the joined texts, every example line of every language, are 0.4 MiB of heap that a campaign
 * worker, asked no question, need not hold).
 */
import type { KnowledgeMatch, KnowledgePort, KnowledgeTopicInfo } from '../engine/types';
import type { KnowledgeTopic } from '../knowledge/types';
import { knowledgeBase } from '../knowledge/load';
import type { KnowledgeMatcher } from '../knowledge/matcher';
import type * as Matcher from '../knowledge/matcher';
import type { Translator } from '../i18n/translator';

/**
 * Builds the port over the topic definitions of `knowledge/` (readTopicDefinitions: read at
 * start-up, so a bad file fails it) and the translator's locales, whose texts are joined to them
 * and indexed later. The catalog never changes after start-up: a later join reads what one now would.
 */
export function knowledgePort(definitions: Omit<KnowledgeTopic, 'texts'>[], translator: Translator): KnowledgePort {
  const catalog = translator.locales.catalog;
  // As knowledgeBase() decides them: the languages with a `knowledge` namespace.
  const languages = Object.keys(catalog).filter((l) => catalog[l]?.knowledge);
  const topics = new Map<string, KnowledgeTopicInfo>(
    definitions.map((t) => {
      // answer_state is said only when every variable it names is known (checked the same in every language).
      const stateText = t.tailor ? translator.text(translator.defaultLanguage, `knowledge.${t.id}.answer_state`) : undefined;
      const stateVars = stateText ? [...stateText.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]) : undefined;
      return [t.id, { kind: t.kind, ...(t.tailor ? { tailor: t.tailor } : {}), ...(stateVars ? { stateVars } : {}), ...(t.followUp ? { followUp: t.followUp } : {}) }];
    }),
  );
  let matcher: KnowledgeMatcher | undefined;
  let building: Promise<void> | undefined;
  // The matcher's code (the analyzers, MiniSearch, the language identifier) is loaded with the
  // index, on the first question: a process that is asked none (a campaign worker) never loads it.
  const code = () => require('../knowledge/matcher') as typeof Matcher;
  const get = () => (matcher ??= code().createMatcher(knowledgeBase(definitions, catalog)));
  return {
    // One language at a time, the event loop free between them: a server's webhooks, its database
    // connections' timers and its other jobs go on while the first question's index is built.
    prepare: () =>
      matcher || !languages.length
        ? Promise.resolve()
        : (building ??= code()
            .createMatcherInSteps(knowledgeBase(definitions, catalog), () => new Promise((resolve) => setImmediate(resolve)))
            .then((built) => void (matcher ??= built))),
    match(text: string, language: string): KnowledgeMatch {
      if (!languages.includes(language)) return { kind: 'none', asked: false };
      const m = get();
      // Only everyday function words ("ok", "gracias", "xin chào") are no question, whatever they resemble.
      const units = m.index(language)?.analyzer.analyze(text).units ?? [];
      if (!units.some((w) => w >= 1)) return { kind: 'none', asked: false };
      const found = m.match(text, language);
      if (found.kind !== 'none') return found;
      // A question the base does not cover ("what's the weather?"), not a stray word ("pizza"):
      // a question mark, or more than one word. The topic that ranked best all the same (a
      // `not_covered` one included: it says the line declines such questions) is kept with it,
      // so organizers see which topic an example line would extend.
      return { kind: 'none', asked: units.length > 1 || /[?？؟]/.test(text), ...(found.nearest ? { nearest: found.nearest } : {}) };
    },
    // Without any language's texts (locales without knowledge.json) there is nothing to tell apart.
    identifyLanguage: (text) => (languages.length ? get().identifyLanguage(text) : { language: translator.defaultLanguage, confident: false }),
    topic: (id) => topics.get(id),
  };
}
