/**
 * Which texts are lists of what people type rather than messages: global keywords
 * (`keywords.stop`), a flow's start words (`register.keywords`), answer words (`common.yes_words`,
 * `common.number_words`) and choice matches (`faq.match_mail`). All are comma-separated and matched
 * against the whole message after `normalizeWords`.
 */
import { GLOBAL_KEYWORDS, type GlobalKeyword } from '../engine/keywords';
import { normalizeWords } from '../engine/inputs/normalize';

const last = (key: string) => key.slice(key.lastIndexOf('.') + 1);

/** The global keyword a key defines (`keywords.stop` -> `stop`), or null. */
export function globalKeywordOf(key: string): GlobalKeyword | null {
  const [ns, entry, ...rest] = key.split('.');
  return ns === 'keywords' && !rest.length && (GLOBAL_KEYWORDS as readonly string[]).includes(entry) ? (entry as GlobalKeyword) : null;
}

/** True for word lists that answer a question or pick a choice or flow (not the global keywords). */
export function isAnswerWordList(key: string): boolean {
  if (key.startsWith('keywords.') || key.startsWith('slack.')) return false; // Slack commands are arguments of /shifts, not whole messages
  const entry = last(key);
  return entry.endsWith('_words') || entry.startsWith('match_') || entry === 'keywords';
}

/**
 * True for a knowledge topic's example questions (`knowledge.<topic>.examples`): one question per
 * line, what people might ask; they teach the question matcher and are never sent.
 */
export function isExampleList(key: string): boolean {
  return key.startsWith('knowledge.') && key.endsWith('.examples');
}

/** True for any comma-separated list of what people type (global keywords included). */
export function isWordList(key: string): boolean {
  return key.startsWith('keywords.') || isAnswerWordList(key);
}

/** The entries of a list as the matcher sees them (split on commas, normalised, empty ones dropped). */
export function listWords(text: string): string[] {
  return text.split(',').map(normalizeWords).filter(Boolean);
}
