/**
 * The SMS adapter on its own (no database, no queue): when it is on, what it asks Twilio for,
 * and the segment count it reports. The whole system is exercised in sms-system.test.ts.
 */
import { Writable } from 'node:stream';
import { SendError } from '../../../src/channels/errors';
import { countSegments } from '../../../src/lib/sms-segments';
import { createSmsAdapter } from '../../../src/channels/sms/sms-adapter';
import type { ChannelContext, SendTarget } from '../../../src/channels/types';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/log';
import { makeTranslator } from '../../engine/fixtures';
import { startFakeTwilio, type FakeTwilio } from '../../helpers/fake-twilio';

const ACCOUNT_SID = `AC${'3'.repeat(32)}`;
const AUTH_TOKEN = 'adapter-test-token';
const SERVICE_SID = `MG${'4'.repeat(32)}`;
const TO: SendTarget = { address: '+12125550123', contactId: 'c1', identityId: 'i1', language: 'en', timezone: null };

function context(env: Record<string, string>, lines: Record<string, unknown>[] = []): ChannelContext {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return {
    config: loadConfig({ LOG_LEVEL: 'debug', ...env }),
    log: createLogger('debug', sink),
    now: () => new Date(),
    translator: makeTranslator(),
    accept: async () => ({ status: 'duplicate' }),
    updateDeliveryStatus: async () => false,
    conversationLog: async () => [],
  };
}

describe('createSmsAdapter: on exactly when credentials and a sender are set', () => {
  it.each([
    ['nothing set', false, {}],
    ['no auth token', false, { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_FROM: '+15005550006' }],
    ['no sender', false, { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN }],
    ['sid, token, From', true, { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: '+15005550006' }],
    ['sid, token, Messaging Service', true, { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_MESSAGING_SERVICE_SID: SERVICE_SID }],
  ])('%s → on: %p', (_name, on, env) => {
    const adapter = createSmsAdapter(context(env as Record<string, string>));
    expect(adapter !== null).toBe(on);
    if (adapter) {
      expect(adapter.channel).toBe('sms');
      expect(adapter.routes().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /webhooks/twilio/sms', 'POST /webhooks/twilio/status']);
      expect(adapter.limiter).toEqual({ max: 1, duration: 1000 });
    }
  });
});

describe('send: the request Twilio gets', () => {
  let fake: FakeTwilio;
  beforeAll(async () => {
    fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  const base = () => ({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_API_URL: fake.url });

  it.each([
    [
      'From number, PUBLIC_URL behind a proxy → StatusCallback on the public host',
      { TWILIO_FROM: '+15005550006', PUBLIC_URL: 'https://engage.example.org/' },
      { From: '+15005550006', StatusCallback: 'https://engage.example.org/webhooks/twilio/status' },
      'queued',
    ],
    ['no PUBLIC_URL → no StatusCallback', { TWILIO_FROM: '+15005550006' }, { From: '+15005550006', StatusCallback: undefined }, 'queued'],
    [
      'Messaging Service (it picks the sender) → MessagingServiceSid, no From',
      { TWILIO_MESSAGING_SERVICE_SID: SERVICE_SID, TWILIO_FROM: '+15005550006' },
      { MessagingServiceSid: SERVICE_SID, From: undefined },
      'accepted',
    ],
  ])('%s', async (_name, env, expected, status) => {
    const adapter = createSmsAdapter(context({ ...base(), ...env }))!;
    const result = await adapter.send(TO, { text: 'Pick one', choices: [{ value: 'a', label: 'Yes' }, { value: 'b', label: 'No' }], key: 'menu.prompt' });
    const [sent] = await fake.waitFor(1);
    expect(sent.params).toMatchObject({ To: TO.address, Body: 'Pick one\n1) Yes\n2) No' });
    for (const [k, v] of Object.entries(expected)) expect(sent.params[k]).toBe(v);
    expect(result).toEqual({ providerId: sent.resource.sid, status });
    expect(fake.requests[0]).toMatchObject({ username: ACCOUNT_SID, password: AUTH_TOKEN });
  });

  it('throws the mapped SendError for a failure', async () => {
    const adapter = createSmsAdapter(context({ ...base(), TWILIO_FROM: '+15005550006' }))!;
    fake.fail({ to: TO.address, status: 400, code: 21610 });
    await expect(adapter.send(TO, { text: 'hi' })).rejects.toEqual(expect.objectContaining({ code: 'opted_out', details: expect.objectContaining({ providerCode: 21610, status: 400 }) }));
    await expect(adapter.send(TO, { text: 'hi' })).rejects.toBeInstanceOf(SendError);
  });

  it.each([
    ['short GSM-7 text', 'Thanks, see you at the polls!', 'GSM-7'],
    ['long GSM-7 text (153 per part)', 'Your polling place is open 7am to 8pm. '.repeat(6), 'GSM-7'],
    ['Spanish with á/ó forces UCS-2 (67 per part)', 'Gracias por participar. ¿Cuál es tu código postal? La votación está abierta hasta las 8.', 'UCS-2'],
    ['an emoji counts two units', 'Thanks 🙏 '.repeat(12), 'UCS-2'],
  ])('reports the segments billed for the body it sends: %s', async (_name, text, encoding) => {
    const lines: Record<string, unknown>[] = [];
    const adapter = createSmsAdapter(context({ ...base(), TWILIO_FROM: '+15005550006' }, lines))!;
    await adapter.send(TO, { text, key: 'test.segments' });
    const [sent] = await fake.waitFor(1);
    const expected = countSegments(text);
    const logged = lines.find((l) => l.msg === 'sms sent');
    expect(logged).toMatchObject({ key: 'test.segments', segments: expected.segments, encoding, sid: sent.resource.sid, recipient: '+1******0123' });
    // Twilio's own count (num_segments on the resource) agrees.
    expect(logged!.twilioSegments).toBe(expected.segments);
    expect(JSON.stringify(lines)).not.toContain('5550123'); // the number only ever appears masked
  });
});
