import { classifyGlobal, type GlobalKeyword } from './keywords';
import type { Lexicon } from './lexicon';
import type { MessageIntent } from './types';

/** A message classified as a global keyword: which, and the word as recorded (STOP, or /stop for a channel command). */
export interface ClassifiedKeyword {
  keyword: GlobalKeyword;
  word: string;
}

/**
 * The global keyword a message is: a channel's command (Telegram /stop, Twilio's opt-out verdict:
 * `intent`), else its whole text, unless a button was pressed (a pressed choice is never a
 * keyword). Null when it is none. Pure. The inbound pipeline calls it once per message and passes
 * the result to step() with the message, so it is not classified again.
 */
export function messageKeyword(m: { text: string; payload?: string; intent?: MessageIntent }, lexicon: Lexicon): ClassifiedKeyword | null {
  if (m.intent?.keyword) return { keyword: m.intent.keyword, word: `/${m.intent.keyword}` };
  return m.payload ? null : classifyGlobal(m.text, lexicon);
}
