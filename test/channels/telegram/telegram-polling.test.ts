/**
 * TELEGRAM_MODE=polling through the real system and real grammY: adapter.start() removes the
 * webhook and long-polls getUpdates on the fake Bot API; updates go through the same handling as
 * the webhook (dedupe, buttons answered).
 */
import { Api } from 'grammy';
import type { Message, Update } from 'grammy/types';
import { UpdatePoller } from '../../../src/channels/telegram/polling';
import { createLogger } from '../../../src/log';
import { findIdentity } from '../../../src/store/contacts';
import { writeFixtureDirs } from '../../engine/fixtures';
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';

let fake: FakeTelegram;
let system: TestSystem;

beforeAll(async () => {
  fake = await startFakeTelegram({ token: '123:poll', maxPollSeconds: 10 });
  // As if the bot had been on webhooks before: polling must remove it first (Telegram answers 409 otherwise).
  await fetch(`${fake.url}/bot123:poll/setWebhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://example.org/webhooks/telegram' }) });
  expect(fake.webhook).not.toBeNull();
  const { flowsDir, localesDir } = writeFixtureDirs();
  system = await startTestSystem(
    'telegram-polling',
    { FLOWS_DIR: flowsDir, LOCALES_DIR: localesDir, TELEGRAM_BOT_TOKEN: '123:poll', TELEGRAM_MODE: 'polling', TELEGRAM_API_URL: `${fake.url}/` },
    { postgres: true },
  );
});

afterAll(async () => {
  await system?.close();
  await fake?.close();
});

const sentTo = (chatId: number) => fake.sent.filter((m) => m.chat.id === chatId);
const received = (chatId: number, count: number) => eventually(async () => sentTo(chatId).length >= count && sentTo(chatId));

function textUpdate(chatId: number, text: string, languageCode = 'en'): Omit<Update, 'update_id'> {
  const from = { id: chatId, is_bot: false, first_name: 'Poll', language_code: languageCode };
  return { message: { message_id: chatId, date: 1, chat: { id: chatId, type: 'private', first_name: 'Poll' }, from, text } } as Omit<Update, 'update_id'>;
}

it('calls getMe once at start, removes the webhook and declares no webhook route', async () => {
  expect(fake.requests.filter((c) => c.method === 'getMe')).toHaveLength(1);
  expect(fake.requests.some((c) => c.method === 'deleteWebhook')).toBe(true);
  expect(fake.webhook).toBeNull();
  const res = await fetch(`${system.url}/webhooks/telegram`, { method: 'POST', body: '{}' });
  expect(res.status).toBe(404);
});

it('receives an update by long polling and replies', async () => {
  fake.pushUpdate(textUpdate(201, '/start es_reg'));
  const [reply] = await received(201, 1);
  expect(reply.text).toBe('¿Qué estado?');
});

it('processes an update delivered twice once', async () => {
  const update = fake.pushUpdate(textUpdate(202, 'hello'));
  await received(202, 2);
  fake.pushUpdate({ ...textUpdate(202, 'hello'), update_id: update.update_id + 1 } as Update); // same message again, as after a restart
  fake.pushUpdate(textUpdate(203, 'hello')); // a later update, so we know the repeat was read
  await received(203, 2);
  const identity = await findIdentity(system.runtime.db.kysely, 'telegram', '202');
  const inbound = await system.runtime.db.kysely.selectFrom('messages').select('id').where('identity_id', '=', identity!.id).where('direction', '=', 'in').execute();
  expect(inbound).toHaveLength(1);
  expect(sentTo(202)).toHaveLength(2);
});

it('answers a button press', async () => {
  fake.pushUpdate(textUpdate(204, 'hello'));
  const replies = await received(204, 2);
  const menu = replies.find((m) => m.reply_markup) as Message.TextMessage;
  const press = fake.pushUpdate({ callback_query: { id: 'poll-cq', from: { id: 204, is_bot: false, first_name: 'Poll' }, chat_instance: 'ci', data: 'rate', message: menu } } as Omit<Update, 'update_id'>);
  expect(press.update_id).toBeGreaterThan(0);
  await eventually(async () => fake.requests.some((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === 'poll-cq'));
  const [, , rate] = await received(204, 3);
  expect(rate.text).toBe('Rate 1-5');
});

it('stop() ends the open long poll at once; start() resumes where polling left off', async () => {
  const adapter = system.runtime.channels.get('telegram')!;
  const started = Date.now();
  await adapter.stop!();
  expect(Date.now() - started).toBeLessThan(5000); // the held getUpdates (up to 10 s) was aborted, not waited out
  fake.pushUpdate(textUpdate(205, 'hello'));
  await adapter.start!();
  await received(205, 2);
});

describe('UpdatePoller', () => {
  it('does not confirm an update whose handling failed: it is fetched and handled again', async () => {
    const handled: number[] = [];
    let failures = 1;
    const poller = new UpdatePoller(
      new Api('123:poll', { apiRoot: fake.url }),
      async (update) => {
        if (failures-- > 0) throw new Error('database down');
        handled.push(update.update_id);
      },
      createLogger('silent'),
      1,
    );
    // The system's own poller is running on this fake too: stop it so only this one polls.
    await system.runtime.channels.get('telegram')!.stop!();
    const first = fake.pushUpdate(textUpdate(301, 'one'));
    const second = fake.pushUpdate(textUpdate(302, 'two'));
    await poller.start();
    try {
      await eventually(async () => handled.length >= 2);
      expect(handled).toEqual([first.update_id, second.update_id]);
    } finally {
      await poller.stop();
      await system.runtime.channels.get('telegram')!.start!();
    }
  });
});
