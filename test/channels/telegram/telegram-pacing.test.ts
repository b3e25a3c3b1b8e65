/**
 * Sending order and per-chat pacing on Telegram, through the real outbound workers (concurrency 8)
 * and real grammY against the fake Bot API: a step's replies reach the chat in the order they were
 * written, and one chat gets about one message per second (a burst of 3 first) while other chats
 * are not held back.
 */
import type { Update } from 'grammy/types';
import { enqueueSend } from '../../../src/runtime/outbound';
import { findIdentity } from '../../../src/store/contacts';
import { insertOutbound } from '../../../src/store/messages';
import { writeFixtureDirs } from '../../engine/fixtures';
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';

const SECRET = 'pacing-secret';
let fake: FakeTelegram;
let system: TestSystem;
let nextUpdateId = 1;
let nextChat = 700_000;

beforeAll(async () => {
  fake = await startFakeTelegram({ token: '123:test' });
  const { flowsDir, localesDir } = writeFixtureDirs();
  system = await startTestSystem('telegram-pacing', {
    FLOWS_DIR: flowsDir,
    LOCALES_DIR: localesDir,
    TELEGRAM_BOT_TOKEN: '123:test',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_URL: fake.url,
  });
});

afterAll(async () => {
  await system?.close();
  await fake?.close();
});

const db = () => system.runtime.db.kysely;
const sentTo = (chatId: number) => fake.sent.filter((m) => m.chat.id === chatId);
const callsTo = (chatId: number) => fake.requests.filter((c) => c.method === 'sendMessage' && c.status === 200 && Number(c.body.chat_id) === chatId);

/** A chat that has written to the bot once and got its replies; returns its identity. */
async function knownChat() {
  const chatId = nextChat++;
  const update = { update_id: nextUpdateId++, message: { message_id: 1, date: 1, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'T', language_code: 'en' }, text: 'hi' } } as Update;
  const res = await fetch(`${system.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
  expect(res.status).toBe(200);
  const identity = await eventually(() => findIdentity(db(), 'telegram', String(chatId)));
  await eventually(async () => {
    const rows = await db().selectFrom('messages').select('status').where('identity_id', '=', identity.id).where('direction', '=', 'out').execute();
    return rows.length > 0 && rows.every((r) => r.status !== 'pending');
  });
  // Let the burst the first replies used refill, so each test starts from a quiet chat.
  await new Promise((r) => setTimeout(r, 3100));
  return { chatId, identity, already: sentTo(chatId).length };
}

async function store(identity: { id: string; contact_id: string }, kind: 'reply' | 'notification', texts: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const text of texts) {
    ids.push(await insertOutbound(db(), { contactId: identity.contact_id, identityId: identity.id, channel: 'telegram', kind, body: text, payload: { text } }));
  }
  return ids;
}

it("sends a step's replies in the order they were written, even when their jobs are queued newest first", async () => {
  const chats = await Promise.all([knownChat(), knownChat(), knownChat()]);
  for (const { identity } of chats) {
    const texts = ['first', 'second', 'third'];
    const ids = await store(identity, 'reply', texts);
    for (const id of [...ids].reverse()) await enqueueSend(system.runtime, 'telegram', id);
  }
  for (const { chatId, already } of chats) {
    await eventually(async () => sentTo(chatId).length >= already + 3);
    expect(sentTo(chatId).slice(already).map((m) => m.text)).toEqual(['first', 'second', 'third']);
  }
});

it('paces one chat to about one message a second after a burst of 3, without holding other chats back', async () => {
  const [busy, other] = await Promise.all([knownChat(), knownChat()]);
  const ids = await store(busy.identity, 'notification', ['n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
  const started = Date.now();
  for (const id of ids) await enqueueSend(system.runtime, 'telegram', id);
  // Another chat's message, queued behind them, goes at once.
  const [otherId] = await store(other.identity, 'notification', ['for someone else']);
  await enqueueSend(system.runtime, 'telegram', otherId);
  await eventually(async () => sentTo(other.chatId).length > other.already);
  expect(Date.now() - started).toBeLessThan(1500);

  await eventually(async () => callsTo(busy.chatId).length >= busy.already + 6, 15_000);
  const times = callsTo(busy.chatId).slice(busy.already).map((c) => c.at.getTime());
  // Three at once, then about one a second: the sixth no earlier than ~3 s after the first.
  expect(times[2] - times[0]).toBeLessThan(900);
  expect(times[5] - times[0]).toBeGreaterThanOrEqual(2700);
  for (let i = 3; i < 6; i++) expect(times[i] - times[i - 3]).toBeGreaterThanOrEqual(900);
});
