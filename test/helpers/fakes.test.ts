/**
 * The fake providers, each proved with its real SDK: a send that works and a scripted error
 * surfacing the way the SDK reports the real provider's error.
 */
import { App, webApi } from '@slack/bolt';
import { Bot, GrammyError, InputFile } from 'grammy';
import twilio from 'twilio';
import RestException from 'twilio/lib/base/RestException';
import * as fakeSlack from './fake-slack';
import * as fakeTelegram from './fake-telegram';
import * as fakeTwilio from './fake-twilio';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'test-auth-token';

describe('fake Twilio with the twilio SDK', () => {
  let fake: fakeTwilio.FakeTwilio;
  let client: ReturnType<typeof twilio>;

  beforeEach(async () => {
    fake = await fakeTwilio.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    client = twilio(ACCOUNT_SID, AUTH_TOKEN);
    client.api.baseUrl = fake.url;
  });
  afterEach(() => fake.close());

  it('listens on loopback only', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('accepts a message and answers a realistic resource', async () => {
    const message = await client.messages.create({
      to: '+12125550123',
      from: '+12135550100',
      body: 'Hola, ¿cómo está?',
      statusCallback: 'https://example.test/sms/status',
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.to).toBe('+12125550123');
    expect(message.from).toBe('+12135550100');
    expect(message.numSegments).toBe('1');
    expect(message.accountSid).toBe(ACCOUNT_SID);
    expect(message.dateCreated).toBeInstanceOf(Date);

    const [request] = fake.requests;
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request.username).toBe(ACCOUNT_SID);
    expect(request.password).toBe(AUTH_TOKEN);
    expect(request.params).toEqual({
      To: '+12125550123',
      From: '+12135550100',
      Body: 'Hola, ¿cómo está?',
      StatusCallback: 'https://example.test/sms/status',
    });
    expect(fake.messages[0].statusCallback).toBe('https://example.test/sms/status');
  });

  it('sends through a Messaging Service (status accepted, from null) and counts UCS-2 segments', async () => {
    const message = await client.messages.create({
      to: '+12125550123',
      messagingServiceSid: `MG${'a'.repeat(32)}`,
      body: '🗳️'.repeat(40),
    });
    expect(message.status).toBe('accepted');
    expect(message.from).toBeNull();
    expect(message.numSegments).toBe('2');
  });

  it('WhatsApp: whatsapp: addresses, a ContentSid template without Body, 63007 for a plain From, and status reports', async () => {
    const contentVariables = JSON.stringify({ 1: 'Ana' });
    const message = await client.messages.create({ to: 'whatsapp:+12125550123', from: 'whatsapp:+12135550100', contentSid: `HX${'1'.repeat(32)}`, contentVariables });
    expect(message.to).toBe('whatsapp:+12125550123');
    expect(fake.requests[0].params).toEqual({ To: 'whatsapp:+12125550123', From: 'whatsapp:+12135550100', ContentSid: `HX${'1'.repeat(32)}`, ContentVariables: contentVariables });
    const refused = await client.messages.create({ to: 'whatsapp:+12125550123', from: '+12135550100', body: 'hi' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RestException);
    expect((refused as RestException).code).toBe(63007);
    const report = fakeTwilio.statusReport(fake.messages[0], 'read');
    expect(report).toMatchObject({ MessageSid: message.sid, MessageStatus: 'read', To: 'whatsapp:+12125550123', ChannelPrefix: 'whatsapp' });
    expect(fakeTwilio.statusReport(fake.messages[0], 'undelivered', 63016).ErrorCode).toBe('63016');
  });

  it('surfaces a per-recipient 21610 as RestException 400/21610, and only for that recipient', async () => {
    fake.fail({ to: '+12125550199', status: 400, code: 21610 });
    const attempt = () => client.messages.create({ to: '+12125550199', from: '+12135550100', body: 'x' });
    const error = await attempt().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestException);
    expect(error).toMatchObject({ status: 400, code: 21610, moreInfo: 'https://www.twilio.com/docs/errors/21610' });
    // A recipient rule lasts: still unsubscribed on the next try.
    await expect(attempt()).rejects.toMatchObject({ status: 400, code: 21610 });
    await expect(client.messages.create({ to: '+12125550123', from: '+12135550100', body: 'x' })).resolves.toMatchObject({ status: 'queued' });
    expect(fake.requests.map((r) => r.status)).toEqual([400, 400, 201]);
  });

  it('answers queued failures in order, once each (429 then 500), then accepts', async () => {
    fake.fail({ status: 429, retryAfter: 2 });
    fake.fail({ status: 500 });
    const send = () => client.messages.create({ to: '+12125550123', from: '+12135550100', body: 'x' });
    await expect(send()).rejects.toMatchObject({ status: 429, code: 20429 });
    await expect(send()).rejects.toMatchObject({ status: 500, code: 20500 });
    await expect(send()).resolves.toMatchObject({ status: 'queued' });
  });

  it('refuses bad credentials with 401/20003', async () => {
    const stranger = twilio(ACCOUNT_SID, 'wrong-token');
    stranger.api.baseUrl = fake.url;
    await expect(stranger.messages.create({ to: '+12125550123', from: '+12135550100', body: 'x' })).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
  });

  it('waitFor resolves when enough messages were accepted, and times out otherwise', async () => {
    const waiting = fake.waitFor(2, 2000);
    await client.messages.create({ to: '+12125550123', from: '+12135550100', body: 'one' });
    await client.messages.create({ to: '+12125550124', from: '+12135550100', body: 'two' });
    expect((await waiting).map((m) => m.resource.body)).toEqual(['one', 'two']);
    await expect(fake.waitFor(3, 20)).rejects.toThrow(/timed out after 20 ms waiting for 3 accepted Twilio messages \(got 2\)/);
  });
});

describe('fake Telegram with grammY', () => {
  const TOKEN = '123456:TEST-token';
  let fake: fakeTelegram.FakeTelegram;
  let bot: Bot;

  beforeEach(async () => {
    fake = await fakeTelegram.start({ token: TOKEN });
    bot = new Bot(TOKEN, { client: { apiRoot: fake.url }, botInfo: fake.botInfo });
  });
  afterEach(() => fake.close());

  it('sends messages with incrementing ids and records the JSON call', async () => {
    const first = await bot.api.sendMessage(4242, 'Hello', {
      reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] },
    });
    const second = await bot.api.sendMessage(4242, 'Again');
    expect(first).toMatchObject({ message_id: 1, chat: { id: 4242, type: 'private' }, text: 'Hello' });
    expect(second.message_id).toBe(2);
    expect(typeof first.date).toBe('number');
    expect(fake.requests[0]).toMatchObject({
      method: 'sendMessage',
      token: TOKEN,
      contentType: 'application/json',
      body: { chat_id: 4242, text: 'Hello', reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] } },
    });
    expect(fake.sent.map((m) => m.text)).toEqual(['Hello', 'Again']);
  });

  it('answers the other methods the bot uses', async () => {
    expect(await bot.api.getMe()).toEqual(fake.botInfo);
    const sent = await bot.api.sendMessage(7, 'Pick', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    expect(await bot.api.answerCallbackQuery('cbq-1', { text: 'ok' })).toBe(true);
    const edited = await bot.api.editMessageReplyMarkup(7, sent.message_id, { reply_markup: { inline_keyboard: [] } });
    expect(edited).toMatchObject({ message_id: sent.message_id, reply_markup: { inline_keyboard: [] } });
    await expect(bot.api.editMessageReplyMarkup(7, sent.message_id, { reply_markup: { inline_keyboard: [] } })).rejects.toMatchObject({
      error_code: 400,
      description: expect.stringMatching(/^Bad Request: message is not modified/),
    });
    expect(await bot.api.setWebhook('https://example.test/telegram', { secret_token: 's3cret' })).toBe(true);
    expect(fake.webhook).toEqual({ url: 'https://example.test/telegram', secretToken: 's3cret' });
    expect(await bot.api.deleteWebhook()).toBe(true);
    expect(fake.webhook).toBeNull();
  });

  it('surfaces a per-chat 403 as GrammyError "bot was blocked by the user"', async () => {
    fake.fail({ chatId: 99, status: 403 });
    const error = await bot.api.sendMessage(99, 'hi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user', method: 'sendMessage' });
    await expect(bot.api.sendMessage(99, 'again')).rejects.toMatchObject({ error_code: 403 });
    await expect(bot.api.sendMessage(100, 'other chat')).resolves.toMatchObject({ chat: { id: 100 } });
  });

  it('answers a scripted 429 with parameters.retry_after, once', async () => {
    fake.fail({ method: 'sendMessage', status: 429, retryAfter: 7 });
    await expect(bot.api.sendMessage(5, 'x')).rejects.toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    await expect(bot.api.sendMessage(5, 'x')).resolves.toMatchObject({ text: 'x' });
  });

  it('answers 401 for another token', async () => {
    const other = new Bot('999:other', { client: { apiRoot: fake.url }, botInfo: fake.botInfo });
    await expect(other.api.sendMessage(1, 'x')).rejects.toMatchObject({ error_code: 401, description: 'Unauthorized' });
  });

  it('serves pushed updates to long polling, honouring offset', async () => {
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    const polling = bot.start({ timeout: 1, drop_pending_updates: false });
    const update = fake.pushUpdate({
      message: { message_id: 10, date: 1, chat: { id: 31, type: 'private', first_name: 'Ana' }, from: { id: 31, is_bot: false, first_name: 'Ana' }, text: 'hola' },
    });
    expect(update.update_id).toBe(1);
    const [reply] = await fake.waitFor(1, 3000);
    expect(reply.body).toMatchObject({ chat_id: 31, text: 'echo: hola' });
    await bot.stop();
    await polling;
    const polls = fake.requests.filter((c) => c.method === 'getUpdates');
    // After handling update 1 grammY asks with offset 2, which confirms it.
    expect(polls.some((c) => c.body.offset === 2)).toBe(true);
    expect(fake.requests[0].method).toBe('deleteWebhook');
  });

  it('holds a getUpdates long poll until an update is pushed, and forgets confirmed updates', async () => {
    const poll = bot.api.getUpdates({ timeout: 30 });
    await new Promise((resolve) => setImmediate(resolve));
    fake.pushUpdate({ update_id: 41, callback_query: { id: 'cbq', chat_instance: 'ci', from: { id: 3, is_bot: false, first_name: 'Bo' }, data: 'yes' } });
    expect((await poll).map((u) => u.update_id)).toEqual([41]);
    fake.pushUpdate({ message: { message_id: 1, date: 1, chat: { id: 3, type: 'private', first_name: 'Bo' }, from: { id: 3, is_bot: false, first_name: 'Bo' }, text: 'hi' } });
    expect((await bot.api.getUpdates({ offset: 42 })).map((u) => u.update_id)).toEqual([42]);
    expect(await bot.api.getUpdates({ offset: 43, timeout: 0 })).toEqual([]);
  });

  it('refuses getUpdates while a webhook is set (409), like Telegram', async () => {
    await bot.api.setWebhook('https://example.test/telegram');
    await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
  });

  it('reads multipart bodies (file uploads) through a custom method handler', async () => {
    fake.handle('sendDocument', (body) => ({ message_id: 77, date: 1, chat: { id: Number(body.chat_id), type: 'private' } }));
    const sent = await bot.api.sendDocument(12, new InputFile(Buffer.from('hello'), 'note.txt'), { caption: 'a file' });
    expect(sent.message_id).toBe(77);
    const call = fake.requests.find((c) => c.method === 'sendDocument');
    expect(call?.contentType).toBe('multipart/form-data');
    // Multipart carries every field as a string; the attach:// reference is resolved to the file.
    expect(call?.body).toEqual({ chat_id: '12', caption: 'a file', document: { filename: 'note.txt', contentType: 'application/octet-stream', size: 5 } });
  });
});

describe('fake Slack with @slack/web-api and Bolt', () => {
  const TOKEN = 'xoxb-test-token';
  let fake: fakeSlack.FakeSlack;
  let client: webApi.WebClient;

  beforeEach(async () => {
    fake = await fakeSlack.start({ token: TOKEN });
    client = new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  });
  afterEach(() => fake.close());

  it('posts a message: ok, channel, ts; records the form body with blocks decoded', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hi*' } }];
    const result = await client.chat.postMessage({ channel: 'C0123', text: 'Hi', blocks });
    expect(result).toMatchObject({ ok: true, channel: 'C0123', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(fake.requests[0]).toMatchObject({
      method: 'chat.postMessage',
      token: TOKEN,
      contentType: 'application/x-www-form-urlencoded',
      body: { channel: 'C0123', text: 'Hi', blocks },
    });
  });

  it('answers the other methods the app uses', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: fake.identity.user_id, team_id: fake.identity.team_id });
    const dm = await client.conversations.open({ users: 'U0AAA' });
    expect(dm.channel?.id).toMatch(/^D\d+$/);
    expect((await client.conversations.open({ users: 'U0AAA' })).channel?.id).toBe(dm.channel?.id);
    const posted = await client.chat.postMessage({ channel: dm.channel!.id!, text: 'one' });
    expect(await client.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'two' })).toMatchObject({ ok: true, ts: posted.ts });
    expect(await client.chat.postEphemeral({ channel: 'C1', user: 'U0AAA', text: 'psst' })).toMatchObject({ ok: true });
    fake.setUser({ id: 'U0AAA', locale: 'es-ES', name: 'ana' });
    expect((await client.users.info({ user: 'U0AAA', include_locale: true })).user).toMatchObject({ id: 'U0AAA', locale: 'es-ES', name: 'ana' });
    const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Feedback' }, blocks: [] };
    expect((await client.views.open({ trigger_id: 't1', view: modal })).view).toMatchObject({ id: expect.stringMatching(/^V/), type: 'modal' });
    expect((await client.views.publish({ user_id: 'U0AAA', view: { type: 'home', blocks: [] } })).view).toMatchObject({ type: 'home' });
  });

  it('surfaces a scripted ratelimited (HTTP 429 + Retry-After) as a rate-limited error', async () => {
    fake.fail({ method: 'chat.postMessage', error: 'ratelimited', retryAfter: 3 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 3,
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('surfaces a scripted 500 as an HTTP error and an ok:false error as a platform error', async () => {
    fake.fail({ status: 500 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.HTTPError,
      statusCode: 500,
    });
    fake.fail({ channel: 'C_GONE', error: 'channel_not_found' });
    await expect(client.chat.postMessage({ channel: 'C_GONE', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: 'channel_not_found' },
    });
  });

  it('lets Bolt initialise (auth.test) and post through clientOptions.slackApiUrl', async () => {
    const app = new App({
      token: TOKEN,
      signingSecret: 'test-signing-secret',
      deferInitialization: true,
      clientOptions: { slackApiUrl: fake.apiUrl },
      logLevel: webApi.LogLevel.ERROR,
    });
    await app.init();
    expect(fake.requests.map((c) => c.method)).toEqual(['auth.test']);
    await app.client.chat.postMessage({ channel: 'C9', text: 'from bolt' });
    expect(await fake.waitFor(1)).toHaveLength(1);
  });
});
