import type { Config } from '../config';
import type { ChannelName, InboundMessage, OutboundMessage } from '../engine/types';
import type { Translator } from '../i18n/translator';
import type { Logger } from '../log';
import type { RecipientPacing } from '../queue/recipient-pacer';

/** A request as the HTTP layer hands it to a channel route: the raw body is kept for signatures. */
export interface RouteRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  query: Record<string, string | undefined>;
}

export interface RouteResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; an object as JSON. */
  body?: string | object;
}

/** A route a channel declares; src/http mounts it (channels never import the server). */
export interface RouteDef {
  method: 'GET' | 'POST';
  path: string;
  handler(req: RouteRequest): Promise<RouteResponse>;
}

/** The result of accepting an inbound message. */
export type AcceptResult = { status: 'accepted'; messageId: string; contactId: string } | { status: 'duplicate' };

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
  translator: Translator;
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

/** One channel: its routes in, its sending out. See src/channels/<name>/ for each. */
export interface ChannelAdapter {
  readonly channel: ChannelName;
  routes(): RouteDef[];
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
  /** When a message may not go now (quiet hours), the time it may; null to send now. */
  deferUntil?(target: SendTarget, kind: MessageKind, now: Date): Date | null;
  /** Background work (long polling, socket mode). */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
