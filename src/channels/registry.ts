/**
 * Every channel the project has, in one list: its name, the facts the rest of the code asks about
 * it, and where its adapter is. `ChannelName` and every per-channel list (campaign audiences,
 * contact references, contacts file columns, organizers' channel names, phone masking) derive from
 * it, so adding a channel is a folder under src/channels/<name>, one entry here, its settings in
 * src/config.ts and its texts in locales/.
 *
 * This file loads no SDK: an adapter is imported when the system starts its channels, and only
 * when the configuration holds its provider's credentials, so the engine's callers, the CLI, the
 * features and a system without that channel (`start` with no credentials: the simulator only)
 * never load Twilio, grammY or Bolt.
 */
import type { Config } from '../config';
import type { ChannelFactory } from './types';

/** A column of a contacts file (src/contacts/rows.ts) that gives a person's address on a channel. */
export interface ContactsColumn {
  /** Its name, as the header and every message name it ("phone"). */
  readonly column: string;
  /** The header names organizers' exports give it, its own name included, lower case. */
  readonly aliases: readonly string[];
  /** For an 'id' channel: the form an id has (a numeric chat id: src/contacts/problems.ts says so when a cell is not one). */
  readonly id?: { readonly pattern: RegExp };
}

/** What the code outside a channel's folder may know about it. */
export interface ChannelInfo {
  /**
   * What an address is. 'phone': an E.164 number, masked as one wherever it is shown, read from
   * what organizers type, whose area code hints at a time zone, and which a carrier's verdict
   * ("unreachable") keeps marked even when a message comes from it. 'id': an id the provider gives
   * (a chat, a user, a browser session); a message from it shows that it can receive again.
   */
  readonly address: 'phone' | 'id';
  /** Reached by a campaign whose audience names no channels. */
  readonly defaultAudience?: boolean;
  /** A contacts file may give this channel's address. */
  readonly contacts?: ContactsColumn;
  /**
   * The scheme a provider writes before this channel's addresses when one webhook carries several
   * channels (Twilio: `whatsapp:+1...` on an SMS webhook shared through a Messaging Service). Another
   * channel's webhook that receives such an address hands the request to this channel (`receive`),
   * never answering it itself.
   */
  readonly scheme?: string;
  /**
   * True when the configuration holds some of this channel's provider credentials: only then is
   * the adapter (and its SDK) loaded and its factory asked, which decides whether the channel is on
   * and warns about half a configuration. Cheap, loads nothing. Absent: always asked.
   */
  credentials?(config: Config): boolean;
  /** Loads the adapter's factory (when the system starts its channels). */
  adapter(): Promise<ChannelFactory>;
}

/** Twilio's account and token, which SMS and WhatsApp both need (each factory checks its sender). */
function twilioCredentials(config: Config): boolean {
  return !!(config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN);
}

/** The channels, in the order the system starts them. */
export const CHANNELS = {
  /** The web simulator (/simulator): see simulatorMode() in src/config.ts. */
  web: { address: 'id', adapter: async () => (await import('./web/web-adapter')).createWebAdapter },
  /** SMS through Twilio. */
  sms: {
    address: 'phone',
    defaultAudience: true,
    contacts: { column: 'phone', aliases: ['phone', 'phone_number', 'mobile', 'cell', 'sms'] },
    credentials: twilioCredentials,
    adapter: async () => (await import('./sms/sms-adapter')).createSmsAdapter,
  },
  /**
   * WhatsApp through Twilio: its own identity for a number (its own consent), linked to the same
   * person's SMS identity only when a contacts file gives both. Not in a default audience: a
   * campaign reaches it only when named, with an approved template per message and language.
   */
  whatsapp: {
    address: 'phone',
    scheme: 'whatsapp',
    contacts: { column: 'whatsapp', aliases: ['whatsapp', 'whatsapp_number', 'whatsapp_phone', 'wa'] },
    credentials: twilioCredentials,
    adapter: async () => (await import('./whatsapp/whatsapp-adapter')).createWhatsAppAdapter,
  },
  /** Telegram through grammY. */
  telegram: {
    address: 'id',
    defaultAudience: true,
    contacts: {
      column: 'telegram_id',
      aliases: ['telegram_id', 'telegram', 'telegram_chat_id', 'chat_id'],
      id: { pattern: /^\d{1,16}$/ },
    },
    credentials: (config: Config) => !!config.TELEGRAM_BOT_TOKEN,
    adapter: async () => (await import('./telegram/telegram-adapter')).createTelegramAdapter,
  },
  /** Slack through Bolt: direct messages with the bot. */
  slack: {
    address: 'id',
    // Either of the two: the factory warns when only one is set.
    credentials: (config: Config) => !!(config.SLACK_BOT_TOKEN || config.SLACK_SIGNING_SECRET),
    adapter: async () => (await import('./slack/slack-adapter')).createSlackAdapter,
  },
} as const satisfies Record<string, ChannelInfo>;

/** The channels a contact can be reached on. */
export type ChannelName = keyof typeof CHANNELS;

/** Every channel name, in registry order. */
export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

/** True when `name` is one of the channels (a value read from the database or typed by someone). */
export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(CHANNELS, name);
}

/** The facts of a channel. */
export function channelInfo(name: ChannelName): ChannelInfo {
  return CHANNELS[name];
}

/** True when the channel's addresses are phone numbers (shown masked, never as typed). */
export function isPhoneChannel(name: string): boolean {
  return isChannelName(name) && CHANNELS[name].address === 'phone';
}

/** The channel whose addresses a provider writes as `<scheme>:...` ('whatsapp'), if any. */
export function channelOfScheme(scheme: string): ChannelName | undefined {
  return CHANNEL_NAMES.find((name) => (CHANNELS[name] as ChannelInfo).scheme === scheme.toLowerCase());
}

/** The channel a bare phone number means when nothing else says (an organizer typing "+1 212 ..."): the first phone channel. */
export const PHONE_CHANNEL = CHANNEL_NAMES.find((name) => CHANNELS[name].address === 'phone')!;
