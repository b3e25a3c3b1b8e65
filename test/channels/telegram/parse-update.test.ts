import { parseCommand, parseDeepLink, parseUpdate } from '../../../src/channels/telegram/parse-update';

const LANGS = ['en', 'es'];
const from = { id: 42, is_bot: false, first_name: 'Ana', last_name: 'Ruiz', language_code: 'es-MX' };
const privateChat = { id: 42, type: 'private', first_name: 'Ana' };
const textUpdate = (text: string, extra: Record<string, unknown> = {}) => ({
  update_id: 7,
  message: { message_id: 3, date: 1, chat: privateChat, from, text, ...extra },
});

describe('parseDeepLink', () => {
  it.each([
    ['es_register', { language: 'es', flow: 'register' }],
    ['ES_register', { language: 'es', flow: 'register' }],
    ['register', { flow: 'register' }],
    ['es', { language: 'es' }],
    ['en_voter_info', { language: 'en', flow: 'voter_info' }],
    ['fr_register', { flow: 'fr_register' }], // fr is not shipped: the whole payload is a flow id the engine may not know
    ['es_Bad-Flow', { language: 'es' }],
    ['es_', { language: 'es' }],
    ['', {}],
    ['1abc', {}],
  ])('%j -> %j', (payload, expected) => {
    expect(parseDeepLink(payload, LANGS)).toEqual(expected);
  });
});

describe('parseCommand', () => {
  it.each([
    ['/start', { keyword: 'start' }],
    ['/start es_register', { keyword: 'start', language: 'es', flow: 'register' }],
    ['/start@civic_engage_bot es', { keyword: 'start', language: 'es' }],
    ['/stop', { keyword: 'stop' }],
    ['/STOP', { keyword: 'stop' }],
    ['/help me', { keyword: 'help' }],
    ['/menu', { keyword: 'menu' }],
    ['/language', { keyword: 'language' }],
    ['/agent', { keyword: 'agent' }],
    ['/unknown', undefined],
    ['stop', undefined],
    ['a /start', undefined],
  ])('%j -> %j', (text, expected) => {
    expect(parseCommand(text, LANGS)).toEqual(expected);
  });
});

describe('parseUpdate', () => {
  it('reads a text message: address, text, language_code as a hint, a provider id naming the message', () => {
    expect(parseUpdate(textUpdate('hola'), LANGS)).toEqual({
      message: { channel: 'telegram', address: '42', text: 'hola', providerId: 'm42-3', localeHint: 'es-MX', displayName: 'Ana Ruiz' },
    });
  });

  it('reads a deep link as an intent and keeps the typed text', () => {
    const { message } = parseUpdate(textUpdate('/start es_register'), LANGS);
    expect(message).toMatchObject({ text: '/start es_register', intent: { keyword: 'start', language: 'es', flow: 'register' } });
  });

  it('reads a button press: payload is the callback data, text the label of the pressed button', () => {
    const update = {
      update_id: 8,
      callback_query: {
        id: 'cb1',
        from,
        chat_instance: 'x',
        data: 'es',
        message: {
          message_id: 5,
          date: 1,
          chat: privateChat,
          text: 'Language?',
          reply_markup: { inline_keyboard: [[{ text: 'English', callback_data: 'en' }, { text: 'Español', callback_data: 'es' }]] },
        },
      },
    };
    expect(parseUpdate(update, LANGS)).toEqual({
      message: { channel: 'telegram', address: '42', text: 'Español', payload: 'es', providerId: 'c42-5', localeHint: 'es-MX', displayName: 'Ana Ruiz' },
      callback: { id: 'cb1', chatId: 42, messageId: 5 },
    });
  });

  it('reads a press on an old (inaccessible) message: no label, the payload still counts', () => {
    const update = { update_id: 9, callback_query: { id: 'cb2', from, chat_instance: 'x', data: 'yes', message: { message_id: 1, date: 0, chat: privateChat } } };
    expect(parseUpdate(update, LANGS).message).toMatchObject({ text: '', payload: 'yes', address: '42' });
  });

  it('names a press by the message its keyboard was on, so a double tap is one answer', () => {
    const press = (id: string, data: string) => ({ update_id: 10, callback_query: { id, from, chat_instance: 'x', data, message: { message_id: 5, date: 1, chat: privateChat } } });
    expect(parseUpdate(press('a', 'yes'), LANGS).message!.providerId).toBe(parseUpdate(press('b', 'no'), LANGS).message!.providerId);
    const noMessage = { update_id: 11, callback_query: { id: 'inline1', from, chat_instance: 'x', data: 'yes' } };
    expect(parseUpdate(noMessage, LANGS).message!.providerId).toBe('cinline1');
  });

  // Issue #13: a caption is what the person typed; a sticker, voice note, location or contact is a
  // message without text that says its kind (the runner answers "I read text").
  it.each([
    ['photo', { photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }], caption: 'where do I vote?' }, { text: 'where do I vote?' }],
    ['video', { video: { file_id: 'v', file_unique_id: 'v', width: 1, height: 1, duration: 1 }, caption: '/stop' }, { text: '/stop', intent: { keyword: 'stop' } }],
    ['sticker', { sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } }, { text: '', intent: { nonText: 'sticker' } }],
    ['voice', { voice: { file_id: 'o', file_unique_id: 'o', duration: 2 } }, { text: '', intent: { nonText: 'voice' } }],
    ['location', { location: { latitude: 1, longitude: 2 } }, { text: '', intent: { nonText: 'location' } }],
    ['contact', { contact: { phone_number: '+12125550100', first_name: 'A' } }, { text: '', intent: { nonText: 'contact' } }],
  ])('a %s message', (_kind, fields, expected) => {
    const parsed = parseUpdate({ update_id: 1, message: { message_id: 1, date: 1, chat: privateChat, from, ...fields } }, LANGS);
    expect(parsed.message).toMatchObject({ channel: 'telegram', address: String(privateChat.id), ...expected });
  });

  it.each([
    ['a group message', { update_id: 1, message: { message_id: 1, date: 1, chat: { id: -5, type: 'group', title: 'G' }, from, text: 'hi' } }, /group/],
    ['a service message (pinned)', { update_id: 1, message: { message_id: 1, date: 1, chat: privateChat, from, pinned_message: { message_id: 0, date: 0, chat: privateChat } } }, /without text/],
    ['the person blocking the bot (my_chat_member kicked)', { update_id: 1, my_chat_member: { chat: privateChat, from, date: 1, old_chat_member: { status: 'member' }, new_chat_member: { status: 'kicked', until_date: 0 } } }, /my_chat_member/],
    ['an edited message', { update_id: 1, edited_message: { message_id: 1, date: 1, chat: privateChat, text: 'x' } }, /edited_message/],
    ['a message from a bot', { update_id: 1, message: { message_id: 1, date: 1, chat: privateChat, from: { ...from, is_bot: true }, text: 'x' } }, /bot/],
    ['a message of an unexpected shape', { update_id: 1, message: { chat: 'nope' } }, /unreadable/],
    // A private chat's id is its user's (positive); these are not from Telegram (the webhook fuzz found -1).
    ['a "private" chat with id -1', { update_id: 1, message: { message_id: 1, date: 1, chat: { id: -1, type: 'private' }, from, text: 'hello' } }, /no user has/],
    ['a "private" chat with id 0', { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 0, type: 'private' }, from, text: 'hello' } }, /no user has/],
    ['a "private" chat with an id of 53 bits', { update_id: 1, message: { message_id: 1, date: 1, chat: { id: Number.MAX_SAFE_INTEGER, type: 'private' }, from, text: 'hello' } }, /no user has/],
    ['a button press with no message from a sender whose id is 53 bits', { update_id: 1, callback_query: { id: 'q', from: { ...from, id: Number.MAX_SAFE_INTEGER }, chat_instance: 'x', data: 'm:1' } }, /no user has/],
    ['a button press in a "private" chat with id -7', { update_id: 1, callback_query: { id: 'q', from, chat_instance: 'x', data: 'm:1', message: { message_id: 1, date: 1, chat: { id: -7, type: 'private' } } } }, /no user has/],
    ['not an update', { hello: 'world' }, /not an update/],
  ])('ignores %s', (_name, update, reason) => {
    const parsed = parseUpdate(update, LANGS);
    expect(parsed.message).toBeUndefined();
    expect(parsed.ignored).toMatch(reason);
  });

  it('ignores a press without data but still returns it, so it is answered', () => {
    const parsed = parseUpdate({ update_id: 1, callback_query: { id: 'g', from, chat_instance: 'x', game_short_name: 'g' } }, LANGS);
    expect(parsed).toMatchObject({ callback: { id: 'g' }, ignored: expect.stringMatching(/without data/) });
  });
});
