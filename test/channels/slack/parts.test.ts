/**
 * The Slack channel's parts without the system: send errors from the real WebClient against the
 * fake Slack API (courier-style table: Slack's answer -> the SendError), the per-channel pacer on
 * a simulated clock, Block Kit rendering, mrkdwn, signature checks, the new-shift modal reader.
 */
import { createHmac } from 'node:crypto';
import { SlackApp } from '../../../src/channels/slack/app';
import { SlackSender } from '../../../src/channels/slack/client';
import { escapeMrkdwn, slackToPlain, splitText } from '../../../src/channels/slack/mrkdwn';
import { ChannelPacer } from '../../../src/channels/slack/pacer';
import { isSignedBySlack, parseSlackBody } from '../../../src/channels/slack/receiver';
import { answeredBlocks, renderForSlack } from '../../../src/channels/slack/render';
import { readNewShift } from '../../../src/shifts/slack/ui';
import type { RouteRequest } from '../../../src/http/route';
import { createLogger } from '../../../src/log';
import { startFakeSlack, type FakeSlack, type SlackFailure } from '../../helpers/fake-slack';

const TOKEN = 'xoxb-parts';

describe('SlackSender: what Slack answers becomes a coded SendError', () => {
  let fake: FakeSlack;
  let sender: SlackSender;
  beforeAll(async () => {
    fake = await startFakeSlack({ token: TOKEN });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    // A pacer that never waits: pacing is tested below.
    sender = new SlackSender({ botToken: TOKEN, signingSecret: 's', apiUrl: fake.apiUrl, organizers: null, organizerLanguage: 'en' }, createLogger('silent'), new ChannelPacer({ intervalMs: 0 }));
  });

  it.each<[string, SlackFailure, string, number | undefined, string | undefined]>([
    ['HTTP 429 with Retry-After: 7', { error: 'ratelimited', retryAfter: 7 }, 'throttled', 7000, 'ratelimited'],
    ['HTTP 500', { status: 500 }, 'retry', undefined, 'http_500'],
    ['HTTP 503', { status: 503, error: 'service_unavailable' }, 'retry', undefined, 'http_503'],
    ['ok:false internal_error', { error: 'internal_error' }, 'retry', undefined, 'internal_error'],
    ['ok:false channel_not_found', { error: 'channel_not_found' }, 'unreachable', undefined, 'channel_not_found'],
    ['ok:false not_in_channel', { error: 'not_in_channel' }, 'unreachable', undefined, 'not_in_channel'],
    ['ok:false account_inactive', { error: 'account_inactive' }, 'unreachable', undefined, 'account_inactive'],
    ['ok:false invalid_blocks', { error: 'invalid_blocks' }, 'rejected', undefined, 'invalid_blocks'],
    ['ok:false invalid_auth', { error: 'invalid_auth' }, 'rejected', undefined, 'invalid_auth'],
  ])('%s -> %s', async (_name, failure, code, retryAfterMs, providerCode) => {
    fake.fail({ method: 'chat.postMessage', ...failure });
    const err = await sender.post({ channel: 'C1', text: 'x' }).catch((e) => e);
    expect(err).toMatchObject({ name: 'SendError', code, details: expect.objectContaining({ providerCode }) });
    expect(err.details.retryAfterMs).toBe(retryAfterMs);
    // Exactly one call: the client never retries by itself (the queue does, with backoff).
    expect(fake.requests.filter((r) => r.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('a 429 pushes that channel back by Retry-After, and only that channel', async () => {
    fake.fail({ method: 'chat.postMessage', channel: 'C_BUSY', error: 'ratelimited', retryAfter: 3, times: 1 });
    const pacer = new ChannelPacer();
    sender = new SlackSender({ botToken: TOKEN, signingSecret: 's', apiUrl: fake.apiUrl, organizers: null, organizerLanguage: 'en' }, createLogger('silent'), pacer);
    await expect(sender.post({ channel: 'C_BUSY', text: 'x' })).rejects.toMatchObject({ code: 'throttled' });
    expect(pacer.waitFor('C_BUSY')).toBeGreaterThan(2500);
    expect(pacer.waitFor('C_OTHER')).toBe(0);
  });

  it('posting to a user id lands in their DM; the result names the DM', async () => {
    await expect(sender.post({ channel: 'U0VOL1', text: 'hi' })).resolves.toEqual({ channel: expect.stringMatching(/^D/), ts: expect.any(String) });
  });
});

describe('ChannelPacer: about one message per second per channel', () => {
  /** A simulated clock; sleeping advances it. */
  function simulated(burst: number) {
    const t = { now: 1_000_000, slept: [] as number[] };
    const pacer = new ChannelPacer({ intervalMs: 1000, burst, clock: () => t.now, sleep: async (ms) => {
      t.slept.push(ms);
      t.now += ms;
    } });
    return { t, pacer };
  }

  it('spaces posts to one channel and lets other channels go at once', async () => {
    const { t, pacer } = simulated(1);
    await pacer.take('C1');
    await pacer.take('C1');
    await pacer.take('C2');
    await pacer.take('C1');
    expect(t.slept).toEqual([1000, 1000]);
    t.now += 5000;
    await pacer.take('C1');
    expect(t.slept).toEqual([1000, 1000]);
    pacer.backOff('C2', 4000);
    await pacer.take('C2');
    expect(t.slept).toEqual([1000, 1000, 4000]);
  });

  it("lets a short burst through (a flow's few replies), then one a second", async () => {
    const { t, pacer } = simulated(3);
    for (let i = 0; i < 5; i++) await pacer.take('D1');
    expect(t.slept).toEqual([1000, 1000]);
    expect(pacer.waitFor('D1')).toBe(1000);
  });

  it('promises later slots to concurrent posts, in order', async () => {
    const t = { now: 0 };
    const waits: number[] = [];
    const pacer = new ChannelPacer({ intervalMs: 1000, burst: 1, clock: () => t.now, sleep: async (ms) => void waits.push(ms) });
    await Promise.all([pacer.take('C'), pacer.take('C'), pacer.take('C')]);
    expect(waits).toEqual([1000, 2000]);
  });
});

describe('Block Kit rendering', () => {
  it('text as escaped mrkdwn, choices as buttons carrying their values', () => {
    const { text, blocks } = renderForSlack({ text: 'Pick <one> & go', choices: [{ value: 'menu_register', label: 'Register' }, { value: 'lang_es', label: 'Español' }] });
    expect(text).toBe('Pick <one> & go');
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Pick &lt;one&gt; &amp; go' } },
      {
        type: 'actions',
        block_id: 'ce_choices',
        elements: [
          { type: 'button', action_id: 'ce_choice_0', text: { type: 'plain_text', text: 'Register', emoji: true }, value: 'menu_register' },
          { type: 'button', action_id: 'ce_choice_1', text: { type: 'plain_text', text: 'Español', emoji: true }, value: 'lang_es' },
        ],
      },
    ]);
  });

  it('more than 25 choices go in several actions blocks; long texts in several sections', () => {
    const choices = Array.from({ length: 30 }, (_, i) => ({ value: `v${i}`, label: `L${i}` }));
    const { blocks } = renderForSlack({ text: 'x'.repeat(7000), choices });
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'actions', 'actions']);
    expect((blocks[4].elements as unknown[]).length).toBe(5);
  });

  it('an answered message loses its buttons and says what was chosen', () => {
    const { blocks } = renderForSlack({ text: 'Q?', choices: [{ value: 'a', label: 'A' }] });
    expect(answeredBlocks(blocks, '→ *A*')).toEqual([blocks[0], { type: 'context', elements: [{ type: 'mrkdwn', text: '→ *A*' }] }]);
  });
});

describe('mrkdwn', () => {
  it('escapes what must show as typed', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
  it('turns a Slack reply into plain text for SMS', () => {
    expect(slackToPlain('Hi <@U123>, see <https://vote.org|vote.org> &amp; <https://x.org> &lt;3')).toBe('Hi @, see vote.org (https://vote.org) & https://x.org <3');
  });
  it('splits at line breaks', () => {
    expect(splitText('aaaa\nbbbb\ncc', 10)).toEqual(['aaaa\nbbbb', 'cc']);
  });
});

describe('Slack request signatures', () => {
  const secret = 'signing-secret';
  const now = Date.parse('2030-06-04T16:00:00Z');
  const body = 'token=x&command=%2Fshifts&text=';
  const sign = (ts: number, b = body, s = secret) => `v0=${createHmac('sha256', s).update(`v0:${ts}:${b}`).digest('hex')}`;
  const req = (headers: Record<string, string>, b = body): RouteRequest => ({ method: 'POST', url: '/slack/events', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, rawBody: Buffer.from(b), query: {} });
  const ts = Math.floor(now / 1000);

  it.each<[string, boolean, Record<string, string>]>([
    ['signed now', true, { 'x-slack-signature': sign(ts), 'x-slack-request-timestamp': String(ts) }],
    ['signed 4 minutes ago', true, { 'x-slack-signature': sign(ts - 240), 'x-slack-request-timestamp': String(ts - 240) }],
    ['signed 6 minutes ago (a replay)', false, { 'x-slack-signature': sign(ts - 360), 'x-slack-request-timestamp': String(ts - 360) }],
    ['timestamp 6 minutes ahead', false, { 'x-slack-signature': sign(ts + 360), 'x-slack-request-timestamp': String(ts + 360) }],
    ['another secret (forged)', false, { 'x-slack-signature': sign(ts, body, 'guess'), 'x-slack-request-timestamp': String(ts) }],
    ['signature of another body', false, { 'x-slack-signature': sign(ts, 'token=x&command=%2Fshifts&text=new'), 'x-slack-request-timestamp': String(ts) }],
    ['no signature', false, { 'x-slack-request-timestamp': String(ts) }],
    ['no timestamp', false, { 'x-slack-signature': sign(ts) }],
    ['v1 signature', false, { 'x-slack-signature': sign(ts).replace('v0=', 'v1='), 'x-slack-request-timestamp': String(ts) }],
  ])('%s -> %p', (_name, ok, headers) => {
    expect(isSignedBySlack(req(headers), secret, now)).toBe(ok);
  });

  it('reads the three body kinds', () => {
    expect(parseSlackBody(req({}))).toMatchObject({ command: '/shifts', text: '' });
    expect(parseSlackBody(req({}, `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions' }))}`))).toEqual({ type: 'block_actions' });
    expect(parseSlackBody({ ...req({}, '{"type":"event_callback"}'), headers: { 'content-type': 'application/json' } })).toEqual({ type: 'event_callback' });
    expect(parseSlackBody({ ...req({}, '{oops'), headers: { 'content-type': 'application/json' } })).toBeUndefined();
  });
});

describe('the new-shift modal', () => {
  const NY = 'America/New_York';
  const now = new Date('2030-06-01T12:00:00Z');
  const values = (over: Record<string, unknown> = {}) =>
    ({
      title: { value: { value: 'Phone bank' } },
      kind: { value: { selected_option: { value: 'phonebank' } } },
      location: { value: { value: 'Hall' } },
      date: { value: { selected_date: '2030-06-04' } },
      start: { value: { selected_time: '18:00' } },
      end: { value: { selected_time: '21:00' } },
      capacity: { value: { value: '8' } },
      channel: { value: { selected_conversation: 'C0ORG' } },
      notes: { value: { value: null } },
      ...over,
    }) as any;

  it('reads wall times in the organizer zone', () => {
    const r = readNewShift(values(), NY, now);
    expect(r).toEqual({ shift: { title: 'Phone bank', kind: 'phonebank', location: 'Hall', notes: null, startsAt: new Date('2030-06-04T22:00:00Z'), endsAt: new Date('2030-06-05T01:00:00Z'), capacity: 8, organizerChannel: 'C0ORG' } });
  });

  it('reads an end before the start as past midnight', () => {
    const r = readNewShift(values({ start: { value: { selected_time: '22:00' } }, end: { value: { selected_time: '01:00' } } }), NY, now) as any;
    expect(r.shift.endsAt.toISOString()).toBe('2030-06-05T05:00:00.000Z');
  });

  it('says what is wrong, per field', () => {
    expect(readNewShift(values({ title: { value: { value: ' ' } }, date: { value: { selected_date: '2030-05-01' } }, capacity: { value: { value: '0' } } }), NY, now)).toEqual({
      errors: { title: 'modal.error_required', start: 'modal.error_past', capacity: 'modal.error_capacity' },
    });
  });
});

describe('SlackApp: one Bolt app behind POST /slack/events', () => {
  const SECRET = 'app-secret';
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack({ token: TOKEN });
  });
  afterAll(() => fake.close());
  const settings = (appToken?: string) => ({ botToken: TOKEN, signingSecret: SECRET, apiUrl: fake.apiUrl, organizers: null, organizerLanguage: 'en', ...(appToken ? { appToken } : {}) });
  // Just what SlackApp reads of the runtime; no Redis client: the dedupe store is in memory.
  const rt = { log: createLogger('silent'), queues: { connection: {}, prefix: 'test' }, now: () => new Date(), config: {} } as any;
  const signed = (body: string, retryNum?: number): RouteRequest => {
    const ts = Math.floor(Date.now() / 1000);
    return {
      method: 'POST',
      url: '/slack/events',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`, ...(retryNum ? { 'x-slack-retry-num': String(retryNum) } : {}) },
      rawBody: Buffer.from(body),
      query: {},
    };
  };

  it('answers 503 when an event could not be handled, processes Slack\'s retry, and drops later retries', async () => {
    const app = new SlackApp(rt, settings());
    let calls = 0;
    app.bolt.event('app_mention', async () => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
    });
    const [route] = app.routes();
    expect(route).toMatchObject({ method: 'POST', path: '/slack/events' });
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T0000FAKE', event_id: 'Ev0RETRY', event: { type: 'app_mention', user: 'U0X', text: 'hi', ts: '1.000001', channel: 'C1' } });
    expect((await route.handler(signed(body))).status).toBe(503);
    expect((await route.handler(signed(body, 1))).status).toBe(200);
    expect((await route.handler(signed(body, 2))).status).toBe(200);
    await app.idle();
    expect(calls).toBe(2);
  });

  it('in Socket Mode (SLACK_APP_TOKEN) the events URL is not mounted', () => {
    expect(new SlackApp(rt, settings('xapp-1-test')).routes()).toEqual([]);
  });
});
