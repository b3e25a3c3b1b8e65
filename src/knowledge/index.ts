/**
 * The knowledge base matcher: questions in people's own words to topics, in every shipped
 * language. Build once with `createMatcher(loadKnowledge(dir, catalog))`, then call `match` and
 * `identifyLanguage` (pure, synchronous). See docs/knowledge.md.
 */
export { createMatcher, type KnowledgeMatcher } from './matcher';
export { loadKnowledge, knowledgeBase, readTopicDefinitions } from './load';
export { DEFAULT_TUNING, type Tuning } from './tuning';
export type { KnowledgeBase, KnowledgeTopic, LanguageGuess, MatchResult, TopicScore } from './types';
