/**
 * The channel contract: what an adapter is given (ChannelContext), what it hands the core
 * (InboundMessage) and what it offers (ChannelAdapter). It sits below the core, which builds on
 * it, so it names the core's pieces by what channels use of them, not by importing them.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Config } from '../config';
import type { Lexicon } from '../engine/lexicon';
import type { MessageIntent, OutboundMessage } from '../engine/types';
import type { RouteDef, RouteRequest, RouteResponse } from '../http/route';
import type { Logger } from '../log';
import type { ChannelName } from './registry';

/** A message from a person, as every channel adapter hands it to the core. */
export interface InboundMessage {
  channel: ChannelName;
  /** Channel address: E.164 phone (sms), chat id (telegram), user id (slack), session id (web). */
  address: string;
  /** What the person typed; '' when they only pressed a button. */
  text: string;
  /** The value of a pressed button (a choice's `value`), when the channel has buttons. */
  payload?: string;
  /** A language the channel suggests (Telegram `language_code`, Slack locale, browser). */
  localeHint?: string;
  /** The provider's id of this message (Twilio MessageSid, Telegram update_id, ...), for dedupe. */
  providerId?: string;
  /** Display name from the channel, if any (never required). */
  displayName?: string;
  /** What a channel command means, when it is more than text (Telegram /stop, a deep link's flow). */
  intent?: MessageIntent;
}

/** The result of accepting an inbound message. */
export type AcceptResult = { status: 'accepted'; messageId: string; contactId: string } | { status: 'duplicate' };

/** What a channel reads of the texts: languages and word lists (the engine's Lexicon), a text, its direction (src/i18n/translator.ts). */
export interface ChannelTexts extends Lexicon {
  t(language: string, key: string, vars?: Record<string, string | number>): string;
  dir(language: string): 'ltr' | 'rtl';
  /** Every shipped language, offered or not. */
  readonly keywordLanguages: readonly string[];
  /**
   * Every text of one namespace (a page's own texts: `simulator`) in `language`, keyed as in the
   * default language's file, with `{{placeholders}}` left for the page to fill.
   */
  pageTexts(language: string, namespace: string): Record<string, string>;
}

/** Pacing per recipient across all workers (src/queue/recipient-pacer.ts keeps it in Redis). */
export interface RecipientPacing {
  /** One message per this many ms to one recipient, on average. */
  intervalMs: number;
  /** Messages that may go at once after a quiet spell. */
  burst: number;
}

/** What the core offers channel adapters. */
export interface ChannelContext {
  config: Config;
  log: Logger;
  now(): Date;
  /** Stores the message durably and queues it for processing; resolves only once both are done. */
  accept(message: InboundMessage): Promise<AcceptResult>;
  /**
   * Records a provider's delivery report on the message log (never moving a status back); with
   * `unreachable`, the address is marked unreachable (the carrier says it can never be delivered).
   * False when no such message.
   */
  updateDeliveryStatus(channel: ChannelName, providerId: string, status: string, errorCode?: string | null, opts?: { unreachable?: boolean }): Promise<boolean>;
  /** The messages of one channel address after a message id, oldest first (the simulator's view). */
  conversationLog(channel: ChannelName, address: string, afterId?: string): Promise<LoggedMessage[]>;
  translator: ChannelTexts;
  /**
   * What a channel may know of a person it answers itself, outside a conversation (a WhatsApp photo
   * without text: "I read text"): their language and whether they opted out; null when unknown.
   */
  recipient?(channel: ChannelName, address: string): Promise<{ language: string | null; optedOut: boolean } | null>;
  /**
   * The adapter, when it is on, of the channel whose addresses a provider writes as `<scheme>:...`
   * (registry `scheme`): a webhook shared by several channels of one provider hands a request that
   * is not its own to it (`ChannelAdapter.receive`).
   */
  adapterForScheme?(scheme: string): ChannelAdapter | undefined;
  /**
   * The shared Redis client, for a channel's own short-lived keys (Slack's event dedupe), under
   * `keyPrefix`. The system always gives them; a test of one adapter may not (then in memory).
   */
  redis?: Redis | Cluster;
  keyPrefix?: string;
}

/** A message as the message log shows it. */
export interface LoggedMessage {
  id: string;
  direction: 'in' | 'out';
  text: string;
  key: string | null;
  choices?: { value: string; label: string }[];
  status: string;
  at: string;
}

/** Who a message goes to. */
export interface SendTarget {
  address: string;
  contactId: string;
  identityId: string;
  language: string;
  timezone: string | null;
}

/** Whether a message answers someone who just wrote, or arrives on our initiative. */
export type MessageKind = 'reply' | 'notification' | 'consent';

/** Builds a channel's adapter from what the core offers; null when its settings are absent (the channel is off). */
export type ChannelFactory = (ctx: ChannelContext) => ChannelAdapter | null;

/** One channel: its routes in, its sending out. See src/channels/<name>/ for each, and src/channels/registry.ts for the list. */
export interface ChannelAdapter {
  readonly channel: ChannelName;
  /**
   * A campaign rehearsal's stand-in (src/channels/rehearsal): records instead of sending. deliver()
   * gives it rehearsal messages only, and gives rehearsal messages to nothing else.
   */
  readonly rehearsal?: boolean;
  routes(): RouteDef[];
  /**
   * Takes a provider's incoming-message request that reached another channel's webhook (one Twilio
   * Messaging Service posts SMS and WhatsApp to one URL): verified, parsed and answered as if it
   * had come to this channel's own route.
   */
  receive?(req: RouteRequest): Promise<RouteResponse>;
  /**
   * What stops a campaign on this channel before anything is sent (`campaign preview` and launch):
   * for each step's message key (none for a text written in the campaign) and the languages its
   * audience reads, a sentence per problem (WhatsApp: no approved template for that key and language).
   */
  campaignProblems?(steps: readonly { step: number; key?: string; languages: readonly string[] }[]): string[];
  /** Sends one rendered message; throws SendError (src/channels/errors.ts) on failure. */
  send(target: SendTarget, message: OutboundMessage): Promise<{ providerId?: string; status?: string }>;
  /**
   * After a crash mid-send: whether the provider already has this message for this recipient,
   * created since `since` (Twilio can list what was sent). Absent on channels that cannot tell
   * (the Telegram Bot API): there a crash in that instant can send a message twice.
   */
  findSent?(target: SendTarget, message: OutboundMessage, since: Date): Promise<{ providerId: string; status?: string } | null>;
  /** Pacing of this channel's outbound queue: at most `max` jobs per `duration` ms. */
  readonly limiter?: { max: number; duration: number };
  /** Pacing per recipient across all workers (Telegram: about one message per second per chat). */
  readonly recipientPacing?: RecipientPacing;
  /**
   * The replies to someone who just wrote are sent by the job that processed their message, right
   * after it, instead of by a send job each (src/runtime/send-inline.ts): for a channel whose send
   * is one quick call with no pacing of its own, and whose call times out well within the sweep's
   * 30 s. What cannot go at once is queued as before.
   */
  readonly inlineReplies?: boolean;
  /** When a message may not go now (quiet hours), the time it may; null to send now. */
  deferUntil?(target: SendTarget, kind: MessageKind, now: Date): Date | null;
  /** Background work (long polling, socket mode). */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
