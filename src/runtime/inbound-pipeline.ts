/**
 * Where an inbound message goes, decided once per message inside the contact's transaction (the
 * runner, src/runtime/process-contact.ts, holds the contact's row lock), in this order:
 *
 *  1. STOP, START and HELP (in any shipped language, or a channel's /stop) go to the flows,
 *     always: nothing may shadow opting out, opting back in or asking for help;
 *  2. while a volunteer has the conversation (an open handoff ticket), the message is relayed to
 *     them (src/handoff works the `handoffs` queue) and the bot stays quiet;
 *  3. any other global keyword (MENU, LANGUAGE, AGENT) goes to the flows;
 *  4. the modules' inbound hooks, in module order, may claim it (a volunteer's "1" to a shift
 *     reminder by SMS: src/shifts/sms-answers.ts);
 *  5. otherwise the flows have it.
 *
 * The global keyword is classified here, once, and handed to the engine's step with the message.
 */
import type { Kysely } from 'kysely';
import { messageKeyword } from '../engine/message-keyword';
import type { ClassifiedKeyword, MessageIntent } from '../engine/types';
import type { GlobalKeyword } from '../engine/keywords';
import type { Lexicon } from '../engine/lexicon';
import type { PendingPrefetch } from '../store/conversations';
import type { Database, Identity, Message } from '../store/schema';
import type { Runtime } from './runtime';

/** Keywords that work whatever else is going on (a ticket open, a question asked). */
export const ALWAYS: readonly GlobalKeyword[] = ['stop', 'start', 'help'];

/** What a hook sees of one inbound message. */
export interface InboundContext {
  rt: Runtime;
  /** The contact's transaction: a hook that claims the message sets its status here. */
  tx: Kysely<Database>;
  message: Message;
  identity: Identity;
  /** What the hook's `prefetch` read for this message with the runner's read (null: nothing, or no prefetch). */
  prefetched: unknown;
}

/** A hook's claim: the message is the hook's; `afterCommit` runs once the transaction has committed. */
export interface InboundClaim {
  afterCommit?(): Promise<void>;
}

/**
 * A module's claim on some inbound messages before the flows see them (AppModule.inbound). Asked
 * only for messages that are not a global keyword, while no ticket is open. To take a message it
 * sets the message's status itself (in `ctx.tx`) and returns a claim; null leaves it to the flows.
 */
export interface InboundHook {
  name: string;
  /**
   * A look-up the hook needs for every message, read by the runner together with the pending
   * messages (one scalar expression over the message `m` and its identity `i`) instead of by a
   * statement of the hook's own per message; handed to `claim` as `ctx.prefetched`.
   */
  prefetch?: PendingPrefetch['select'];
  claim(ctx: InboundContext): Promise<InboundClaim | null>;
}

/** Where a message goes. */
export type InboundRoute =
  /** To the flows, with its keyword already classified (null: none). */
  | { to: 'engine'; keyword: ClassifiedKeyword | null }
  /** To the volunteer who has the conversation. */
  | { to: 'relay'; handoffId: string }
  /** A module's hook took it. */
  | { to: 'claimed'; by: string; claim: InboundClaim };

/** What the pipeline reads of a stored inbound message (its text, a pressed button, a channel command). */
export function storedEvent(message: Message): { text: string; payload?: string; localeHint?: string; intent?: MessageIntent } {
  const stored = (message.payload ?? {}) as { payload?: string; localeHint?: string; intent?: MessageIntent };
  return { text: message.body ?? '', payload: stored.payload, localeHint: stored.localeHint, intent: stored.intent };
}

/** Routes one inbound message through the stages above. */
export async function routeInbound(
  ctx: Omit<InboundContext, 'identity' | 'prefetched'> & { identity: Identity | undefined; lexicon: Lexicon; openHandoff: string | null; hooks: readonly InboundHook[]; prefetched?: Record<string, unknown> },
): Promise<InboundRoute> {
  const keyword = messageKeyword(storedEvent(ctx.message), ctx.lexicon);
  if (keyword && ALWAYS.includes(keyword.keyword)) return { to: 'engine', keyword };
  if (ctx.openHandoff) return { to: 'relay', handoffId: ctx.openHandoff };
  if (keyword) return { to: 'engine', keyword };
  const { identity } = ctx;
  if (identity) {
    for (const hook of ctx.hooks) {
      const claim = await hook.claim({ rt: ctx.rt, tx: ctx.tx, message: ctx.message, identity, prefetched: ctx.prefetched?.[hook.name] ?? null });
      if (claim) return { to: 'claimed', by: hook.name, claim };
    }
  }
  return { to: 'engine', keyword: null };
}
