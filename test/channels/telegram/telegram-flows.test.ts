/**
 * End to end over the shipped content: every flow in flows/*.yaml, in every language in locales/,
 * through the real system, real grammY and the fake Bot API. Each run opens the flow with its deep
 * link (/start <lang>_<flow>) and answers until the conversation ends or moves to another flow:
 * a choice by pressing its button (the first one, then the next one each time a question comes
 * back), an input by typing a valid answer. Every reply must arrive,
 * escaped, in the link's language; every question with choices must carry them as buttons.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Message, Update } from 'grammy/types';
import { escapeHtml } from '../../../src/channels/telegram/render';
import type { WaitInfo } from '../../../src/engine/compile';
import type { ConversationState, OutboundMessage } from '../../../src/engine/types';
import { loadLocales } from '../../../src/i18n/catalog';
import { findIdentity, getContact } from '../../../src/store/contacts';
import type { Message as StoredMessage } from '../../../src/store/schema';
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';

const ROOT = join(__dirname, '../../..');
const FLOWS_DIR = join(ROOT, 'flows');
const LOCALES_DIR = join(ROOT, 'locales');
const FLOW_IDS = readdirSync(FLOWS_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();
const LANGUAGES = FLOW_IDS.length ? loadLocales(LOCALES_DIR).languages : [];
/** Answers per run before giving up (no shipped flow asks this many questions). */
const MAX_STEPS = 15;

let fake: FakeTelegram;
let system: TestSystem;
let nextUpdateId = 1;
let nextMessageId = 1;
let nextChat = 500_000;
let nextCallback = 1;

beforeAll(async () => {
  if (!FLOW_IDS.length) return;
  fake = await startFakeTelegram({ token: '123:flows' });
  system = await startTestSystem(
    'telegram-flows',
    { FLOWS_DIR, LOCALES_DIR, TELEGRAM_BOT_TOKEN: '123:flows', TELEGRAM_WEBHOOK_SECRET: 'flows_secret', TELEGRAM_API_URL: fake.url },
    { postgres: true },
  );
});

afterAll(async () => {
  await system?.close();
  await fake?.close();
});

const db = () => system.runtime.db.kysely;

async function post(update: Update): Promise<void> {
  const res = await fetch(`${system.url}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'flows_secret' },
    body: JSON.stringify(update),
  });
  expect(res.status).toBe(200);
}

function type(chatId: number, text: string): Promise<void> {
  const from = { id: chatId, is_bot: false, first_name: 'Flow' };
  return post({ update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1, chat: { id: chatId, type: 'private', first_name: 'Flow' }, from, text } } as Update);
}

/** A valid typed answer for each input type, in the contact's language where words matter. */
function sampleAnswer(input: NonNullable<WaitInfo['input']>, lang: string): string {
  switch (input) {
    case 'text':
      return 'Looking forward to it';
    case 'number':
      return '3';
    case 'us_state':
      return 'CA';
    case 'zip':
      return '94110';
    case 'rating':
      return '4';
    case 'yes_no':
      return system.runtime.translator.words(lang, 'common.yes_words')[0];
    case 'email':
      return 'flow.test@example.org';
  }
}

/** Waits until every inbound message of the chat is processed and no reply is pending; returns the stored messages. */
async function settled(chatId: number): Promise<StoredMessage[]> {
  return eventually(async () => {
    const identity = await findIdentity(db(), 'telegram', String(chatId));
    if (!identity) return false;
    const rows = await db().selectFrom('messages').selectAll().where('identity_id', '=', identity.id).orderBy('id').execute();
    return rows.length > 0 && rows.every((r) => (r.direction === 'in' ? r.status !== 'received' : r.status !== 'pending')) && rows;
  });
}

/** Checks one stored reply: sent, in `lang`, and what Telegram got is its escaped text. */
function checkReply(row: StoredMessage, lang: string, chatId: number): Message.TextMessage {
  const translator = system.runtime.translator;
  expect(row.status).toBe('sent');
  const out = row.payload as OutboundMessage;
  const inLanguage = translator.render({ key: row.key!, vars: out.vars }, lang).text;
  const allLanguages = translator.render({ key: row.key!, vars: out.vars, allLanguages: true }, lang).text;
  expect([inLanguage, allLanguages]).toContain(row.body);
  const messageId = Number(row.provider_id!.split(':')[1]);
  const sent = fake.sent.find((m) => m.chat.id === chatId && m.message_id === messageId)!;
  expect(sent).toBeDefined();
  expect(sent.text).toBe(escapeHtml(row.body!)); // buttons, not numbered lines: every shipped value fits callback_data
  return sent;
}

const runs = FLOW_IDS.flatMap((flow) => LANGUAGES.map((lang) => [flow, lang] as const));

if (!runs.length) {
  it('has shipped flows and languages to run', () => {
    expect(FLOW_IDS.length).toBeGreaterThan(0);
  });
} else {
  it.each(runs)('%s in %s, with buttons', async (flowId, lang) => {
    const chatId = nextChat++;
    const translator = system.runtime.translator;
    const seen = new Set<string>();
    const visits = new Map<string, number>();
    let steps = 0;
    await type(chatId, `/start ${lang}_${flowId}`);
    for (; steps < MAX_STEPS; steps++) {
      const rows = await settled(chatId);
      const fresh = rows.filter((r) => r.direction === 'out' && !seen.has(r.id));
      for (const r of rows) seen.add(r.id);
      expect(fresh.length).toBeGreaterThan(0); // every message gets an answer
      const sent = fresh.map((r) => checkReply(r, lang, chatId));

      const identity = (await findIdentity(db(), 'telegram', String(chatId)))!;
      expect((await getContact(db(), identity.contact_id))!.language).toBe(lang);
      const row = await db().selectFrom('conversations').select('state').where('contact_id', '=', identity.contact_id).executeTakeFirst();
      const state = (row?.state ?? null) as ConversationState | null;
      if (!state || (steps > 0 && state.flowId !== flowId)) break; // ended, or handed over to another flow
      const wait = system.runtime.flows.version(state.flowId, state.flowHash)?.waits.get(state.value);
      if (!wait) break;

      if (wait.choices.length) {
        const withKeyboard = sent.filter((m) => m.reply_markup);
        expect(withKeyboard).toHaveLength(1);
        const buttons = withKeyboard[0].reply_markup!.inline_keyboard.flat() as { text: string; callback_data: string }[];
        expect(buttons.map((b) => b.callback_data)).toEqual(wait.choices.map((c) => c.value));
        expect(buttons.map((b) => b.text)).toEqual(wait.choices.map((c) => translator.t(c.language ?? lang, c.labelKey)));
        // Stay in the link's language on a language menu; otherwise take the next choice each time
        // the question comes back, so a loop ("another question?") leads somewhere new.
        const visit = `${state.flowId}.${state.value}`;
        const count = visits.get(visit) ?? 0;
        visits.set(visit, count + 1);
        const choice = wait.choices.find((c) => c.language === lang) ?? wait.choices[count % wait.choices.length];
        const pressId = `flow-cq${nextCallback++}`;
        await post({
          update_id: nextUpdateId++,
          callback_query: { id: pressId, from: { id: chatId, is_bot: false, first_name: 'Flow' }, chat_instance: 'ci', data: choice.value, message: withKeyboard[0] },
        } as Update);
        expect(fake.requests.some((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === pressId)).toBe(true);
      } else if (wait.input) {
        await type(chatId, sampleAnswer(wait.input, lang));
      } else break;
    }
    expect(steps).toBeLessThan(MAX_STEPS);
  });
}
