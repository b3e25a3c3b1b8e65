import { isIP } from 'node:net';
import { z } from 'zod';

/** An IPv4/IPv6 address, or one with a /prefix length (a CIDR). */
function isAddressOrCidr(value: string): boolean {
  const [address, bits, extra] = value.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const optional = z.string().trim().min(1).optional().catch(undefined);

/** Every setting, read from the environment (see .env.example for what each one means). */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: optional,
  /**
   * Whose X-Forwarded-For to believe for a client's address (rate limits, logs): "off" (default:
   * the connection's address), a hop count ("1": one proxy in front), or the proxies' addresses
   * and CIDRs, comma-separated ("10.0.0.0/8,127.0.0.1").
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('off')
    .transform((v, ctx): false | number | string[] => {
      if (['', 'off', 'false', 'no', '0'].includes(v.toLowerCase())) return false;
      if (/^\d+$/.test(v)) return Number(v);
      const list = v.split(',').map((a) => a.trim()).filter(Boolean);
      const bad = list.filter((a) => !isAddressOrCidr(a));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `"off", a number of proxy hops, or IP addresses/CIDRs separated by commas; not: ${bad.join(', ')}` });
      return list;
    }),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optional,
  /** Prepare small statements once per PostgreSQL connection (src/store/prepared.ts); false behind a pooler that cannot. */
  DATABASE_PREPARED_STATEMENTS: bool.default(true),
  /**
   * How long a new PostgreSQL connection may take before the statement waiting for it fails (a
   * webhook is then answered 503, which the provider retries; Twilio waits 15 s in all).
   */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  REDIS_URL: optional,
  /**
   * REDIS_URL is a node of a Redis Cluster (several, comma-separated, may be given): the queues use
   * an ioredis Cluster client. QUEUE_PREFIX must then be a hash tag ({...}) so every key of every
   * queue is on one slot, as BullMQ's multi-key scripts require.
   */
  REDIS_CLUSTER: bool.default(false),
  /**
   * The prefix of every queue key. Unset: named after this installation's database, `{ce-<id>}`
   * (a database from before that keeps `{ce}`): src/queue/prefix.ts.
   */
  QUEUE_PREFIX: z.string().regex(/^[^:]+$/, 'may not contain ":"').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FLOWS_DIR: z.string().default('flows'),
  LOCALES_DIR: z.string().default('locales'),
  /** Topic definitions of the knowledge base (their texts are in LOCALES_DIR/<lang>/knowledge.json). */
  KNOWLEDGE_DIR: z.string().default('knowledge'),
  DEFAULT_LANGUAGE: z.string().default('en'),
  /** Languages offered on first contact, comma-separated (e.g. "en,es,vi"); unset = every shipped one. */
  LANGUAGES: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((l) => l.trim()).filter(Boolean) : undefined)),
  DEFAULT_TIMEZONE: z.string().default('America/New_York'),
  ORG_NAME: z.string().default('Civic Engage (demo)'),
  ORG_CONTACT: z.string().default('the organizers of this campaign'),
  /**
   * The web simulator (/simulator, no sign-in). Unset: on only where it is harmless (no provider
   * channel configured and HOST a loopback address), off otherwise; true/false decide explicitly.
   * See simulatorMode() and docs/security.md.
   */
  SIMULATOR: bool.optional(),
  /** Simulator explicitly on beside real channels or on a public HOST: messages per minute from one client address. */
  SIMULATOR_RATE_PER_CLIENT: z.coerce.number().int().min(1).default(20),
  /** ... and from everyone together (each message creates rows and Redis timers). */
  SIMULATOR_RATE_TOTAL: z.coerce.number().int().min(1).default(200),
  /** Ctrl+C / SIGTERM: how long a clean stop may take (jobs finishing, connections closing) before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Jobs a worker process runs at once per queue (inbound processing, timers, shift reminders). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /**
   * Sends a worker process has in flight per channel (and the rehearsal stand-in). A send waits on its
   * provider and on the send path's one shared statement (src/runtime/send-batches.ts), not on a
   * database connection of its own, so it takes more in flight than the rest of the work: more sends
   * share each statement, and a process keeps its core busy (docs/scaling.md). The channel's limiter
   * still paces them.
   */
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** After a worker crash, its jobs are taken again within 1-2 of this (BullMQ's lock and stalled-job check). */
  WORKER_STALL_MS: z.coerce.number().int().min(5000).default(30_000),
  /**
   * A `worker` process: how far V8 lets the heap grow past what survived each full collection before
   * the next, in percent (100: to twice); 0 leaves it to V8 (up to 4 times). src/cli/run.ts.
   */
  WORKER_HEAP_GROWTH: z.coerce.number().int().min(0).max(300).default(100),
  SMS_SEGMENT_BUDGET: z.coerce.number().int().min(1).default(3),
  QUIET_HOURS_START: z.string().regex(/^\d\d:\d\d$/).default('08:00'),
  QUIET_HOURS_END: z.string().regex(/^\d\d:\d\d$/).default('21:00'),

  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_FROM: optional,
  TWILIO_MESSAGING_SERVICE_SID: optional,
  TWILIO_API_URL: optional,
  TWILIO_MPS: z.coerce.number().positive().default(1),
  /** WhatsApp through Twilio (docs/channels/whatsapp.md): the sender as `whatsapp:+1...`, or a Messaging Service with a WhatsApp sender. */
  TWILIO_WHATSAPP_FROM: optional,
  TWILIO_WHATSAPP_MESSAGING_SERVICE_SID: optional,
  /** Messages per second for the WhatsApp sender (Twilio's default for a WhatsApp sender is 80; start lower). */
  TWILIO_WHATSAPP_MPS: z.coerce.number().positive().default(10),
  /** The approved templates (Content API ContentSids) per message key and language, for sends outside WhatsApp's 24-hour window. */
  WHATSAPP_TEMPLATES: z.string().default('data/whatsapp-templates.yaml'),

  TELEGRAM_BOT_TOKEN: optional,
  TELEGRAM_WEBHOOK_SECRET: optional,
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
  TELEGRAM_API_URL: optional,
  /** Per chat: one message per this many ms on average, a step's replies (3) at once (Telegram asks ~1/s per chat). */
  TELEGRAM_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),

  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: optional,
  SLACK_HANDOFF_CHANNEL: optional,
  SLACK_SHIFTS_CHANNEL: optional,
  SLACK_ORGANIZERS: optional,
  /** Language of organizer-facing Slack posts (handoff tickets, organizer channel notices); unset = DEFAULT_LANGUAGE. */
  SLACK_ORGANIZER_LANGUAGE: optional,
  SHIFT_REMINDERS: z.string().regex(/^\s*\d+(ms|s|m|h|d|w)(\s*,\s*\d+(ms|s|m|h|d|w))*\s*$/, 'a comma-separated list of durations like 24h,2h').default('24h,2h'),
  SHIFT_FEEDBACK_AFTER: z.string().regex(/^\d+(ms|s|m|h|d|w)$/, 'a duration like 1h or 30m').default('1h'),
  /** How long a waitlisted volunteer has to take an offered spot before it goes to the next (never past the shift's start). */
  SHIFT_WAITLIST_OFFER_TTL: z.string().regex(/^(\d+(ms|s|m|h|d|w))+$/, 'a duration like 2h, 45m or 1h30m').default('2h'),

  ADMIN_TOKEN: optional,
  /** Bearer token for /metrics; unset = /metrics is open (it holds counts, never personal data). */
  METRICS_TOKEN: optional,

  /** Organizers' Slack channel for the feedback digest; unset = no digest. Needs SLACK_BOT_TOKEN. */
  DIGEST_CHANNEL: optional,
  /** When the digest is posted, "HH:MM" in DIGEST_TIMEZONE (default DEFAULT_TIMEZONE). */
  DIGEST_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)').default('09:00'),
  DIGEST_TIMEZONE: optional,
  /** Message bodies older than this many days are erased by a daily job; 0 keeps them forever. */
  RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  /** Key of the anonymous opt-out list (HMAC-SHA256 of channel:address); unset = a random key kept in the database. */
  PRIVACY_SECRET: optional,

  /** Sender identity at the end of every campaign message (e.g. "Ohio Voter Project"); unset = ORG_NAME. */
  ORG_SENDER: optional,
  /** The "Paid for by ..." disclaimer every campaign message carries; campaigns refuse to launch without it. */
  ORG_DISCLAIMER: optional,
  /** The organizer's election data (dates and links per state) that campaign texts name. */
  ELECTIONS_FILE: z.string().default('data/elections.yaml'),
  /** Contacts handed out per campaign fan-out job (one page of the audience). */
  CAMPAIGN_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Campaign sends waiting in a channel's queue before the fan-out waits for them to drain. */
  CAMPAIGN_BACKLOG: z.coerce.number().int().min(1).default(2000),
  /** How often running campaigns are checked (scheduled sends, deadlines, circuit breaker, completion), ms. */
  CAMPAIGN_TICK_MS: z.coerce.number().int().min(100).default(30_000),
  /** Circuit breaker defaults: pause a campaign when this share of the last WINDOW sends on a channel failed (after at least MIN). */
  CAMPAIGN_BREAKER_RATE: z.coerce.number().gt(0).max(1).default(0.25),
  CAMPAIGN_BREAKER_WINDOW: z.coerce.number().int().min(10).default(200),
  CAMPAIGN_BREAKER_MIN: z.coerce.number().int().min(1).default(50),
  /** Slack channel (id) told when a campaign pauses itself; unset = DIGEST_CHANNEL, else SLACK_HANDOFF_CHANNEL. */
  CAMPAIGN_ALERT_CHANNEL: optional,
  /** Price of one SMS segment, for `campaign preview` cost estimates (US long code, USD). */
  SMS_PRICE_PER_SEGMENT: z.coerce.number().min(0).default(0.0083),

  /**
   * Replies per person (identity): this many at once, refilled at this many per REPLY_WINDOW. Past
   * it, every message is still stored, the person gets one short notice, then nothing until they
   * slow down (src/queue/reply-limiter.ts). STOP, START and HELP are always answered. 0 = no limit.
   */
  REPLY_BURST: z.coerce.number().int().min(0).default(10),
  REPLY_WINDOW: z.string().regex(/^(\d+(ms|s|m|h))+$/, 'a duration like 60s or 2m').default('60s'),
  /** `contacts import` (CLI and admin API) refuses a file with a row longer than this many bytes, naming its line. */
  IMPORT_MAX_RECORD_BYTES: z.coerce.number().int().min(256).default(8192),
  /** ... or with more rows than this (split a bigger file). */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(100_000),
});

export type Config = z.infer<typeof configSchema>;

/** True for addresses only this machine can reach (HOST, a client's address). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '::ffff:127.0.0.1' || host.startsWith('127.');
}

/** True when any provider channel (SMS, Telegram, Slack) has credentials: the system talks to real people. */
export function providerChannelsConfigured(c: Pick<Config, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TELEGRAM_BOT_TOKEN' | 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN'>): boolean {
  return !!(c.TWILIO_ACCOUNT_SID || c.TWILIO_AUTH_TOKEN || c.TELEGRAM_BOT_TOKEN || c.SLACK_BOT_TOKEN || c.SLACK_APP_TOKEN);
}

/**
 * Whether the web simulator runs, and how exposed it is. 'local': no provider channel and a
 * loopback HOST, so only this machine's user can reach it and nobody real is messaged (the default
 * there). 'public': switched on explicitly (SIMULATOR=true) beside real channels or on a public
 * HOST: rate limited per client and overall. 'off': SIMULATOR=false, or unset anywhere else.
 */
export function simulatorMode(c: Pick<Config, 'SIMULATOR' | 'HOST'> & Parameters<typeof providerChannelsConfigured>[0]): 'off' | 'local' | 'public' {
  if (c.SIMULATOR === false) return 'off';
  const harmless = !providerChannelsConfigured(c) && isLoopback(c.HOST);
  if (harmless) return 'local';
  return c.SIMULATOR === true ? 'public' : 'off';
}

/** The shortest ADMIN_TOKEN accepted: it opens every contact's data. */
export const ADMIN_TOKEN_MIN = 32;
/** How to make a token (32 random bytes, 43 characters). */
export const MAKE_TOKEN = `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

/** Parses the environment; throws one readable error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema
    .superRefine((c, ctx) => {
      if (c.ADMIN_TOKEN !== undefined && c.ADMIN_TOKEN.length < ADMIN_TOKEN_MIN) {
        ctx.addIssue({ code: 'custom', path: ['ADMIN_TOKEN'], message: `is ${c.ADMIN_TOKEN.length} characters long; it must be at least ${ADMIN_TOKEN_MIN}. Make one with: ${MAKE_TOKEN}` });
      }
      if (c.REDIS_CLUSTER && !c.REDIS_URL) ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'REDIS_CLUSTER needs REDIS_URL: a node of the cluster (or several, comma-separated)' });
      if (c.REDIS_CLUSTER && c.QUEUE_PREFIX !== undefined && !/^\{[^{}]+\}$/.test(c.QUEUE_PREFIX)) {
        ctx.addIssue({ code: 'custom', path: ['QUEUE_PREFIX'], message: `on a Redis Cluster it must be a hash tag such as {ce}: "${c.QUEUE_PREFIX}" would spread a queue's keys over slots` });
      }
    })
    .safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
