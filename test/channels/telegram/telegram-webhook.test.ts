/**
 * The Telegram channel through the real system (HTTP, PGlite, Redis, workers) and real grammY,
 * the Bot API played by test/helpers/fake-telegram.ts. Flows and texts are the engine's fixtures
 * (test/engine/fixtures.ts) plus a small `echo` flow, so these tests do not move with shipped content.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message, Update } from 'grammy/types';
import { JOB, jobIds, outboundQueue } from '../../../src/queue/jobs';
import { consentHistory } from '../../../src/store/consent';
import { findIdentity, getIdentity } from '../../../src/store/contacts';
import { insertOutbound } from '../../../src/store/messages';
import { writeFixtureDirs } from '../../engine/fixtures';
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';

const SECRET = 'webhook_secret-123';
const ECHO_FLOW = `
id: echo
start: ask
states:
  ask: { say: echo.ask, input: text, save: name, next: hi }
  hi: { say: echo.hi, end: true }
`;

let fake: FakeTelegram;
let system: TestSystem;
let nextUpdateId = 5000;
let nextMessageId = 1;
let nextChat = 100_000;
let nextCallback = 1;

beforeAll(async () => {
  fake = await startFakeTelegram({ token: '123:test' });
  const { flowsDir, localesDir } = writeFixtureDirs({ echo: ECHO_FLOW });
  for (const [lang, echo] of Object.entries({ en: { ask: 'Your name?', hi: 'Hi {{name}}!' }, es: { ask: '¿Tu nombre?', hi: '¡Hola {{name}}!' } })) {
    mkdirSync(join(localesDir, lang), { recursive: true });
    writeFileSync(join(localesDir, lang, 'echo.json'), JSON.stringify(echo));
  }
  system = await startTestSystem('telegram-webhook', {
    FLOWS_DIR: flowsDir,
    LOCALES_DIR: localesDir,
    TELEGRAM_BOT_TOKEN: '123:test',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_URL: fake.url,
  }, { postgres: true });
});

afterAll(async () => {
  await system?.close();
  await fake?.close();
});

const db = () => system.runtime.db.kysely;
const chat = () => nextChat++;

function textUpdate(chatId: number, text: string, languageCode?: string): Update {
  const from = { id: chatId, is_bot: false, first_name: 'Test', ...(languageCode ? { language_code: languageCode } : {}) };
  return { update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1, chat: { id: chatId, type: 'private', first_name: 'Test' }, from, text } } as Update;
}

function pressUpdate(sent: Message, data: string): Update {
  const from = { id: sent.chat.id, is_bot: false, first_name: 'Test' };
  return { update_id: nextUpdateId++, callback_query: { id: `cq${nextCallback++}`, from, chat_instance: 'ci', data, message: sent } } as Update;
}

async function post(body: unknown, secret: string | null = SECRET): Promise<Response> {
  return fetch(`${system.url}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const sentTo = (chatId: number) => fake.sent.filter((m) => m.chat.id === chatId);
const callsFor = (chatId: number, method = 'sendMessage') => fake.requests.filter((c) => c.method === method && Number(c.body.chat_id) === chatId);

/** Waits until the chat has `count` messages from the bot; returns them. */
function received(chatId: number, count: number): Promise<Message.TextMessage[]> {
  return eventually(async () => sentTo(chatId).length >= count && sentTo(chatId), 10_000);
}

/** The chat's stored messages, oldest first. */
async function stored(chatId: number) {
  const identity = await findIdentity(db(), 'telegram', String(chatId));
  if (!identity) return [];
  return db().selectFrom('messages').selectAll().where('identity_id', '=', identity.id).orderBy('id').execute();
}

/** Waits until every inbound message of the chat is processed and no reply is pending. */
async function settled(chatId: number) {
  return eventually(async () => {
    const rows = await stored(chatId);
    return rows.length > 0 && rows.every((r) => (r.direction === 'in' ? r.status !== 'received' : r.status !== 'pending')) && rows;
  });
}

describe('webhook authentication (X-Telegram-Bot-Api-Secret-Token)', () => {
  it.each([
    ['right', 200, SECRET, true],
    ['wrong', 401, 'webhook_secret-124', false],
    ['wrong length', 401, 'x', false],
    ['missing', 401, null, false],
  ])('%s secret -> %i', async (_name, status, secret, storedIt) => {
    const chatId = chat();
    const res = await post(textUpdate(chatId, 'hello', 'en'), secret);
    expect(res.status).toBe(status);
    if (storedIt) await received(chatId, 1);
    expect((await stored(chatId)).length > 0).toBe(storedIt);
  });
});

describe('webhook bodies', () => {
  it.each([
    ['not JSON', 400, '{"update_id": 1, "message": '],
    ['empty', 400, ''],
    ['a JSON array', 400, '[]'],
    ['JSON null', 400, 'null'],
    ['update_id not a number', 400, '{"update_id": "x"}'],
    ['an update kind we do not handle', 200, { update_id: 77, edited_message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, text: 'x' } }],
    ['a message of an unexpected shape', 200, { update_id: 78, message: { chat: 'nope' } }],
    ['a group message', 200, { update_id: 79, message: { message_id: 1, date: 1, chat: { id: -100, type: 'group', title: 'G' }, text: 'hi' } }],
  ])('%s -> %i, nothing stored, no crash', async (_name, status, body) => {
    const before = await db().selectFrom('messages').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await post(body);
    expect(res.status).toBe(status);
    const after = await db().selectFrom('messages').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await fetch(`${system.url}/healthz`)).status).toBe(200);
  });

  it('answers 503 when the message cannot be stored or queued, and the redelivery then goes through', async () => {
    const chatId = chat();
    const update = textUpdate(chatId, 'hello', 'en');
    const queues = system.runtime.queues;
    const original = queues.get.bind(queues);
    const spy = jest.spyOn(queues, 'get').mockImplementation((name: string) => {
      if (name === 'inbound') throw new Error('redis down');
      return original(name);
    });
    try {
      expect((await post(update)).status).toBe(503);
    } finally {
      spy.mockRestore();
    }
    // Telegram redelivers the same update. Here it was stored before the queue failed, so the store
    // calls it a duplicate and the maintenance sweep queues it; a fresh update is processed at once.
    expect((await post(update)).status).toBe(200);
    expect((await post(textUpdate(chatId, 'hello again', 'en'))).status).toBe(200);
    await received(chatId, 1);
  });
});

describe('receiving', () => {
  it('processes the same update twice once', async () => {
    const chatId = chat();
    const update = textUpdate(chatId, 'hello', 'en');
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    await settled(chatId);
    const rows = await stored(chatId);
    expect(rows.filter((r) => r.direction === 'in')).toHaveLength(1);
    expect(sentTo(chatId).length).toBe(rows.filter((r) => r.direction === 'out').length);
  });

  it('offers choices as buttons; a press is answered, becomes payload + label, and removes the keyboard; typed answers work too', async () => {
    const chatId = chat();
    // No language_code: first contact gets the language menu, in every language, with a button each.
    await post(textUpdate(chatId, 'hi'));
    const [menu] = await received(chatId, 1);
    expect(menu.reply_markup).toEqual({ inline_keyboard: [[{ text: 'English', callback_data: 'lang_en' }, { text: 'Español', callback_data: 'lang_es' }]] });
    expect(menu.text).toBe('Pick a language\nElige un idioma');

    const press = pressUpdate(menu, 'lang_es');
    expect((await post(press)).status).toBe(200);
    const answered = fake.requests.filter((c) => c.method === 'answerCallbackQuery');
    expect(answered.map((c) => c.body.callback_query_id)).toContain(press.callback_query!.id);
    expect(callsFor(chatId, 'editMessageReplyMarkup')).toEqual([expect.objectContaining({ status: 200, body: expect.objectContaining({ message_id: menu.message_id }) })]);
    const inbound = (await stored(chatId)).filter((r) => r.direction === 'in');
    expect(inbound[1]).toMatchObject({ body: 'Español', payload: { payload: 'lang_es' } });

    // A double tap on the same keyboard: answered, but one answer per question.
    const again = pressUpdate(menu, 'lang_en');
    expect((await post(again)).status).toBe(200);
    expect(fake.requests.some((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === again.callback_query!.id)).toBe(true);
    expect((await stored(chatId)).filter((r) => r.direction === 'in')).toHaveLength(2);

    // Spanish from now on: welcome, then the menu with its buttons.
    const replies = await received(chatId, 3);
    const texts = replies.slice(1).map((m) => m.text);
    expect(texts.sort()).toEqual(['Hola de Test Org', 'Menú']);
    const menuMsg = replies.slice(1).find((m) => m.reply_markup)!;
    expect(menuMsg.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Registrarse', callback_data: 'register' }], [{ text: 'Califícanos', callback_data: 'rate' }]],
    });
    expect(callsFor(chatId).every((c) => c.body.parse_mode === 'HTML')).toBe(true);

    // A typed answer: the number of the choice.
    await post(textUpdate(chatId, '2'));
    const [, , , rate] = await received(chatId, 4);
    expect(rate.text).toBe('Califica 1-5');
  });

  it('reads a deep link with language and flow: /start es_reg starts reg in Spanish', async () => {
    const chatId = chat();
    await post(textUpdate(chatId, '/start es_reg', 'en'));
    const [first] = await received(chatId, 1);
    expect(first.text).toBe('¿Qué estado?');
    const identity = await findIdentity(db(), 'telegram', String(chatId));
    const contact = await db().selectFrom('contacts').selectAll().where('id', '=', identity!.contact_id).executeTakeFirstOrThrow();
    expect(contact.language).toBe('es');
    const [inbound] = (await stored(chatId)).filter((r) => r.direction === 'in');
    expect(inbound.payload).toMatchObject({ intent: { keyword: 'start', language: 'es', flow: 'reg' }, localeHint: 'en' });
  });

  it('uses language_code as a hint for a new contact', async () => {
    const chatId = chat();
    await post(textUpdate(chatId, 'hola', 'es-MX'));
    const replies = await received(chatId, 2);
    expect(replies.map((m) => m.text).sort()).toEqual(['Hola de Test Org', 'Menú']);
  });
});

describe('/stop and consent', () => {
  it('records /stop in the consent ledger; a notification queued before it is suppressed at send time', async () => {
    const chatId = chat();
    await post(textUpdate(chatId, '/start', 'en'));
    await received(chatId, 2);
    await settled(chatId);
    const identity = (await findIdentity(db(), 'telegram', String(chatId)))!;
    // A reminder stored and queued for later, before the person opts out.
    const reminderId = await insertOutbound(db(), {
      contactId: identity.contact_id,
      identityId: identity.id,
      channel: 'telegram',
      kind: 'notification',
      body: 'Reminder: vote',
      key: 'welcome.hello',
      payload: { text: 'Reminder: vote', key: 'welcome.hello' },
    });

    await post(textUpdate(chatId, '/stop'));
    const replies = await received(chatId, 3);
    expect(replies[2].text).toBe('Bye from Test Org');
    expect((await getIdentity(db(), identity.id))!.opted_out).toBe(true);
    const ledger = await consentHistory(db(), identity.contact_id);
    expect(ledger).toEqual([expect.objectContaining({ action: 'opt_out', word: '/stop', channel: 'telegram' })]);

    // The reminder comes due now.
    await system.runtime.queues.get(outboundQueue('telegram')).add(JOB.send, { messageId: reminderId }, { jobId: jobIds.send(reminderId) });
    const reminder = await eventually(async () => {
      const row = (await stored(chatId)).find((r) => r.id === reminderId);
      return row?.status === 'suppressed' && row;
    });
    expect(reminder.error_code).toBe('opted_out');
    expect(sentTo(chatId).map((m) => m.text)).not.toContain('Reminder: vote');

    // /start opts back in.
    await post(textUpdate(chatId, '/start'));
    await received(chatId, 4);
    expect((await getIdentity(db(), identity.id))!.opted_out).toBe(false);
  });
});

describe('sending', () => {
  it('escapes HTML: a name typed as "<b>x</b> & co" is shown as text, not markup', async () => {
    const chatId = chat();
    await post(textUpdate(chatId, '/start en_echo', 'en'));
    await received(chatId, 1);
    await post(textUpdate(chatId, '<b>x</b> & co'));
    const replies = await received(chatId, 2);
    expect(replies[1].text).toBe('Hi &lt;b&gt;x&lt;/b&gt; &amp; co!');
    const call = callsFor(chatId).at(-1)!;
    expect(call.body).toMatchObject({ parse_mode: 'HTML', text: 'Hi &lt;b&gt;x&lt;/b&gt; &amp; co!' });
  });

  it('on 429 waits retry_after, then delivers', async () => {
    const chatId = chat();
    fake.fail({ method: 'sendMessage', chatId, status: 429, retryAfter: 1, times: 1 });
    // One reply (reg's first question), so the second call can only be its retry.
    await post(textUpdate(chatId, '/start en_reg', 'en'));
    await received(chatId, 1);
    const rows = await settled(chatId);
    const calls = callsFor(chatId);
    expect(calls[0].status).toBe(429);
    expect(calls[1].status).toBe(200);
    expect(calls[1].at.getTime() - calls[0].at.getTime()).toBeGreaterThanOrEqual(900);
    expect(rows.filter((r) => r.direction === 'out').every((r) => r.status === 'sent')).toBe(true);
  });

  // Issue #13 (real Bot API payload shapes): a photo with a caption was ignored, and a voice note,
  // sticker, location or contact got nothing. The caption is the text; the rest get one answer,
  // in the person's language, that the assistant reads text and how to reach a person.
  it.each<[string, Record<string, unknown>, string]>([
    ['a photo with a caption', { photo: [{ file_id: 'AgAD1', file_unique_id: 'u1', width: 90, height: 90, file_size: 1200 }], caption: '/start en_reg' }, 'Which state?'],
    ['a document with a caption', { document: { file_id: 'BQAD2', file_unique_id: 'u2', file_name: 'id.pdf', mime_type: 'application/pdf' }, caption: '/start en_reg' }, 'Which state?'],
    ['a voice note', { voice: { file_id: 'AwAD3', file_unique_id: 'u3', duration: 4, mime_type: 'audio/ogg' } }, 'Solo leo texto.'],
    ['a sticker', { sticker: { file_id: 'CAAD4', file_unique_id: 'u4', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '👍' } }, 'Solo leo texto.'],
    ['a location', { location: { latitude: 40.7128, longitude: -74.006 } }, 'Solo leo texto.'],
    ['a contact', { contact: { phone_number: '+12125550199', first_name: 'Ana', user_id: 42 } }, 'Solo leo texto.'],
  ])('%s', async (_name, fields, reply) => {
    const chatId = chat();
    const from = { id: chatId, is_bot: false, first_name: 'Ana', language_code: 'es' };
    const update = { update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1, chat: { id: chatId, type: 'private', first_name: 'Ana' }, from, ...fields } };
    expect((await post(update)).status).toBe(200);
    const sent = await received(chatId, 1);
    await settled(chatId);
    expect(sentTo(chatId).map((m) => m.text)).toEqual([reply]);
    expect(sent).toHaveLength(1);
  });

  // Issue #13: blocking the bot (my_chat_member status "kicked") changes nothing by itself; the
  // next send fails with 403 "bot was blocked by the user", and then the chat is opted out, in the
  // consent ledger with its source, rather than merely marked unreachable.
  it('my_chat_member "kicked" changes nothing; a send failing with 403 (bot blocked) opts the chat out with its source, not retried', async () => {
    const chatId = chat();
    await post(textUpdate(chatId, 'hi', 'en'));
    await received(chatId, 1);
    const kicked = {
      update_id: nextUpdateId++,
      my_chat_member: {
        chat: { id: chatId, first_name: 'Ana', type: 'private' },
        from: { id: chatId, is_bot: false, first_name: 'Ana', language_code: 'en' },
        date: 1_700_000_000,
        old_chat_member: { user: { id: 5_000_001, is_bot: true, first_name: 'Engage', username: 'engage_bot' }, status: 'member' },
        new_chat_member: { user: { id: 5_000_001, is_bot: true, first_name: 'Engage', username: 'engage_bot' }, status: 'kicked', until_date: 0 },
      },
    };
    expect((await post(kicked)).status).toBe(200);
    const before = (await findIdentity(db(), 'telegram', String(chatId)))!;
    expect(before.opted_out).toBe(false);
    expect(await db().selectFrom('consent_events').select('action').where('identity_id', '=', before.id).execute()).toEqual([]);

    fake.fail({ chatId, status: 403 });
    await post(textUpdate(chatId, '/start en_reg', 'en'));
    const rows = await eventually(async () => {
      const out = (await stored(chatId)).filter((r) => r.direction === 'out').slice(1);
      return out.length > 0 && out.every((r) => r.status === 'failed' || r.status === 'suppressed') && out;
    });
    expect(rows.filter((r) => r.status === 'failed')).toEqual([expect.objectContaining({ error_code: 'telegram_blocked' })]);
    const identity = (await findIdentity(db(), 'telegram', String(chatId)))!;
    expect(identity.opted_out).toBe(true);
    const ledger = await db().selectFrom('consent_events').select(['action', 'source']).where('identity_id', '=', identity.id).orderBy('id').execute();
    expect(ledger.at(-1)).toEqual({ action: 'opt_out', source: 'provider:telegram_blocked' });
    const job = await system.runtime.queues.get(outboundQueue('telegram')).getJob(jobIds.send(rows.find((r) => r.status === 'failed')!.id));
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(1);
  });

  // Regression: identities.unreachable_at was set on a 403 and never cleared, so a person who
  // unblocked the bot and wrote again got no reply. Now the block opts them out, and unblocking
  // (Telegram sends /start when the person presses Restart) opts them back in.
  it('after a 403, a person who unblocks the bot and presses Start gets replies', async () => {
    const chatId = chat();
    fake.fail({ chatId, status: 403, times: 1 });
    await post(textUpdate(chatId, '/start en_reg', 'en'));
    await eventually(async () => (await findIdentity(db(), 'telegram', String(chatId)))?.opted_out);
    await post(textUpdate(chatId, '/start en_reg'));
    const rows = await settled(chatId);
    expect(rows.at(-1)).toMatchObject({ direction: 'out', status: 'sent' });
    expect(sentTo(chatId).length).toBeGreaterThan(0);
  });
});
