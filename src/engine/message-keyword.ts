import { classifyGlobal } from './keywords';
import type { Lexicon } from './lexicon';
import type { ClassifiedKeyword, MessageIntent } from './types';

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
