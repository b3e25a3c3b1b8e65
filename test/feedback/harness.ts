/**
 * Shared by the feedback, admin and privacy tests: content (the engine's fixture flows plus a
 * multiple-choice feedback flow and a flow that schedules a follow-up), drivers that talk to the
 * running system the way each provider does, and a whole-database text dump for "no trace" checks.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import twilio from 'twilio';
import type { Update } from 'grammy/types';
import { findIdentity } from '../../src/store/contacts';
import type { Database, Message } from '../../src/store/schema';
import { writeFixtureDirs } from '../engine/fixtures';
import { SlackClient } from '../channels/slack/slack-helpers';
import { eventually, type TestSystem } from '../helpers/system';

/** A multiple-choice feedback question (the kind docs/admin.md suggests shipping). */
export const CHOICE_FLOW = `
id: fb_choice
keywords: fbc.keywords
start: wait
states:
  wait:
    say: fbc.ask
    choices:
      - { label: fbc.too_long, next: thanks }
      - { label: fbc.fine, next: thanks }
      - { label: fbc.short, next: thanks }
  thanks:
    say: fbc.thanks
    do: [{ feedback: { question: wait_time, topic: polling_place } }]
    end: true
`;

/** A visit that asks for feedback a moment later (a follow-up through the timers queue). */
export const VISIT_FLOW = `
id: visit
keywords: visit.keywords
start: info
states:
  info:
    say: visit.info
    do: [{ schedule: { flow: fb, after: 400ms } }]
    end: true
`;

const EXTRA_LOCALES = {
  en: {
    fbc: { keywords: 'POLL', ask: 'How long did you wait?', too_long: 'Too long', fine: 'Fine', short: 'Short', thanks: 'Thank you!' },
    visit: { keywords: 'VISIT', info: 'Your polling place is open 7-8.' },
  },
  es: {
    fbc: { keywords: 'ENCUESTA', ask: '¿Cuánto esperaste?', too_long: 'Demasiado', fine: 'Normal', short: 'Poco', thanks: '¡Gracias!' },
    visit: { keywords: 'VISITA', info: 'Tu lugar de votación abre de 7 a 8.' },
  },
};

/** Writes the content for a test system; returns FLOWS_DIR and LOCALES_DIR settings. */
export function writeContent(): { FLOWS_DIR: string; LOCALES_DIR: string } {
  const { flowsDir, localesDir } = writeFixtureDirs({ fb_choice: CHOICE_FLOW, visit: VISIT_FLOW });
  for (const lang of Object.keys(EXTRA_LOCALES)) {
    // The Slack channel's own texts (shift screens, handoff), when it is on.
    const slack = join(__dirname, '../../locales', lang, 'slack.json');
    if (existsSync(slack)) copyFileSync(slack, join(localesDir, lang, 'slack.json'));
  }
  for (const [lang, namespaces] of Object.entries(EXTRA_LOCALES)) {
    for (const [ns, entries] of Object.entries(namespaces)) {
      mkdirSync(join(localesDir, lang), { recursive: true });
      writeFileSync(join(localesDir, lang, `${ns}.json`), JSON.stringify(entries));
    }
  }
  return { FLOWS_DIR: flowsDir, LOCALES_DIR: localesDir };
}

// ---- talking to the system as each provider does ------------------------------------------------

export const TWILIO = { ACCOUNT_SID: `AC${'7'.repeat(32)}`, AUTH_TOKEN: 'feedback-test-auth-token-0123', FROM: '+15005550006', PUBLIC_URL: 'https://engage.example.org' };
export const TELEGRAM = { TOKEN: '123456:feedback-test-token', SECRET: 'feedback_webhook_secret' };
export const SLACK = { BOT_TOKEN: 'xoxb-feedback-test', SIGNING_SECRET: 'feedback-signing-secret' };

/** The settings that turn SMS and Telegram on against the fakes, and the web simulator beside them (explicitly: off by default there). */
export function channelEnv(fakes: { twilioUrl?: string; telegramUrl?: string; slackApiUrl?: string }): Record<string, string> {
  return {
    SIMULATOR: 'true',
    // These tests drive many simulator sessions from 127.0.0.1: its limits are tested elsewhere.
    SIMULATOR_RATE_PER_CLIENT: '10000',
    SIMULATOR_RATE_TOTAL: '10000',
    ...(fakes.slackApiUrl ? { SLACK_BOT_TOKEN: SLACK.BOT_TOKEN, SLACK_SIGNING_SECRET: SLACK.SIGNING_SECRET, SLACK_API_URL: fakes.slackApiUrl } : {}),
    ...(fakes.twilioUrl
      ? { TWILIO_ACCOUNT_SID: TWILIO.ACCOUNT_SID, TWILIO_AUTH_TOKEN: TWILIO.AUTH_TOKEN, TWILIO_FROM: TWILIO.FROM, TWILIO_API_URL: fakes.twilioUrl, TWILIO_MPS: '100', PUBLIC_URL: TWILIO.PUBLIC_URL }
      : {}),
    ...(fakes.telegramUrl ? { TELEGRAM_BOT_TOKEN: TELEGRAM.TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM.SECRET, TELEGRAM_API_URL: fakes.telegramUrl } : {}),
  };
}

/** One person on one channel, as the test drives them. */
export interface Person {
  channel: 'web' | 'sms' | 'telegram' | 'slack';
  address: string;
  /** A language the channel suggests (web `lang`, Telegram `language_code`, Slack locale: set it on the fake); SMS has none. */
  hint?: string;
}

let updateId = 90_000;
let phoneSeq = 0;
let slackSeq = 0;
/** One Slack client per system: its sequence keeps event ids and message ts unique (Slack dedupes on them). */
const slackClients = new WeakMap<object, SlackClient>();

/** A fresh person on `channel`. */
export function newPerson(channel: Person['channel'], hint?: string): Person {
  if (channel === 'sms') return { channel, address: `+1212555${String(3000 + (++phoneSeq % 6000)).padStart(4, '0')}` };
  if (channel === 'telegram') return { channel, address: String(700_000_000 + Math.floor(Math.random() * 1e8)), hint };
  if (channel === 'slack') return { channel, address: `U0FB${randomBytes(3).toString('hex').toUpperCase()}${++slackSeq}`, hint };
  return { channel, address: `t-${randomBytes(8).toString('hex')}`, hint };
}

/** Sends one message from the person the way their provider would. */
export async function sendAs(system: TestSystem, p: Person, text: string): Promise<void> {
  let res: Response;
  if (p.channel === 'web') {
    res = await fetch(`${system.url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session: p.address, text, ...(p.hint ? { lang: p.hint } : {}) }) });
  } else if (p.channel === 'sms') {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const params = { MessageSid: sid, SmsSid: sid, AccountSid: TWILIO.ACCOUNT_SID, From: p.address, To: TWILIO.FROM, Body: text, NumMedia: '0', ApiVersion: '2010-04-01' };
    const path = '/webhooks/twilio/sms';
    const signature = twilio.getExpectedTwilioSignature(TWILIO.AUTH_TOKEN, `${TWILIO.PUBLIC_URL}${path}`, params);
    res = await fetch(`${system.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
  } else if (p.channel === 'slack') {
    // A direct message to the bot, signed as Slack signs it (with the system's clock).
    let slack = slackClients.get(system);
    if (!slack) slackClients.set(system, (slack = new SlackClient(system.url!, system.runtime.now)));
    res = await slack.event({ type: 'message', channel_type: 'im', channel: `D${p.address.slice(1)}`, user: p.address, text, ts: slack.ts() }, { secret: SLACK.SIGNING_SECRET });
  } else {
    const chat = Number(p.address);
    const from = { id: chat, is_bot: false, first_name: 'Test', ...(p.hint ? { language_code: p.hint } : {}) };
    const update = { update_id: ++updateId, message: { message_id: updateId, date: 1, chat: { id: chat, type: 'private', first_name: 'Test' }, from, text } } as Update;
    res = await fetch(`${system.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM.SECRET }, body: JSON.stringify(update) });
  }
  if (res.status >= 300) throw new Error(`${p.channel} webhook answered ${res.status}: ${await res.text()}`);
}

/** The person's stored messages, oldest first. */
export async function messagesOf(db: Kysely<Database>, p: Pick<Person, 'channel' | 'address'>): Promise<Message[]> {
  const identity = await findIdentity(db, p.channel, p.address);
  if (!identity) return [];
  return db.selectFrom('messages').selectAll().where('identity_id', '=', identity.id).orderBy('id').execute();
}

/** Waits until everything the person sent is processed and nothing for them is pending. */
export async function settled(db: Kysely<Database>, p: Person, minIn = 1): Promise<Message[]> {
  return eventually(async () => {
    const rows = await messagesOf(db, p);
    const busy = rows.some((m) => (m.direction === 'in' ? m.status === 'received' : m.status === 'pending'));
    return rows.filter((m) => m.direction === 'in').length >= minIn && !busy && rows;
  }, 15_000);
}

/** Sends a message and returns the keys of the replies it caused (once the system is done). */
export async function converse(system: TestSystem, p: Person, text: string): Promise<string[]> {
  const db = system.runtime.db.kysely;
  const before = await messagesOf(db, p);
  const inBefore = before.filter((m) => m.direction === 'in').length;
  await sendAs(system, p, text);
  const rows = await settled(db, p, inBefore + 1);
  return rows.slice(before.length).filter((m) => m.direction === 'out').map((m) => m.key ?? '');
}

/** Every row of every table in the public schema, as JSON text, one line per row. */
export async function dumpDatabase(db: Kysely<any>): Promise<string> {
  const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const lines: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<{ row: unknown }>`SELECT row_to_json(t)::text AS row FROM ${sql.table(table_name)} t`.execute(db);
    for (const r of rows.rows) lines.push(`${table_name}: ${r.row}`);
  }
  return lines.join('\n');
}
