/**
 * Issue #13, "the web simulator is on by default, also with real channels configured": anyone who
 * reached the server could create unlimited contacts, messages and Redis timers, and typing AGENT
 * there posted a real ticket into the organizers' Slack handoff channel.
 *
 * Now: on by default only where harmless (no provider channel, loopback HOST); explicitly on beside
 * real channels it is rate limited per client and overall, and its tickets never reach Slack.
 */
import { request } from 'node:http';
import { simulatorMode, type Config } from '../../../src/config';
import { ticketDesk } from '../../../src/handoff/desk';
import { startFakeSlack, type FakeSlack } from '../../helpers/fake-slack';
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';
import { BOT_TOKEN, SIGNING_SECRET, slackFixtureDirs } from '../slack/slack-helpers';


const TELEGRAM = { TOKEN: '123456:exposure-test-token', SECRET: 'exposure_webhook_secret' };

/** A simulator message posted from a given loopback address (all of 127.0.0.0/8 is this machine on Linux). */
function postFrom(base: string, localAddress: string, session: string, text: string, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter?: string }> {
  const body = JSON.stringify({ session, text });
  return new Promise((resolve, reject) => {
    const req = request(`${base}/simulator/api/messages`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('simulatorMode: on by default only where harmless', () => {
  const base = { SIMULATOR: undefined, HOST: '127.0.0.1' } as Pick<Config, 'SIMULATOR' | 'HOST'>;
  it.each([
    ['nothing configured, loopback HOST', {}, 'local'],
    ['nothing configured, HOST=localhost', { HOST: 'localhost' }, 'local'],
    ['nothing configured, HOST=::1', { HOST: '::1' }, 'local'],
    ['nothing configured, HOST=0.0.0.0', { HOST: '0.0.0.0' }, 'off'],
    ['Twilio configured', { TWILIO_ACCOUNT_SID: 'AC1' }, 'off'],
    ['Telegram configured', { TELEGRAM_BOT_TOKEN: '1:x' }, 'off'],
    ['Slack configured', { SLACK_BOT_TOKEN: 'xoxb-1' }, 'off'],
    ['SIMULATOR=false, nothing configured', { SIMULATOR: false }, 'off'],
    ['SIMULATOR=true beside Telegram', { SIMULATOR: true, TELEGRAM_BOT_TOKEN: '1:x' }, 'public'],
    ['SIMULATOR=true on HOST=0.0.0.0', { SIMULATOR: true, HOST: '0.0.0.0' }, 'public'],
    ['SIMULATOR=true, nothing configured, loopback', { SIMULATOR: true }, 'local'],
  ] as const)('%s: %s', (_name, settings, expected) => {
    expect(simulatorMode({ ...base, ...settings } as Config)).toBe(expected);
  });
});

describe('Telegram configured, SIMULATOR unset', () => {
  let telegram: FakeTelegram;
  let system: TestSystem;
  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM.TOKEN });
    system = await startTestSystem('sim-off', { TELEGRAM_BOT_TOKEN: TELEGRAM.TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM.SECRET, TELEGRAM_API_URL: telegram.url }, { workers: false, postgres: true });
  });
  afterAll(async () => {
    await system?.close();
    await telegram?.close();
  });

  it('has no simulator: its page, its API and / are 404', async () => {
    expect(system.runtime.channels.has('web')).toBe(false);
    expect((await fetch(`${system.url}/simulator`)).status).toBe(404);
    expect((await postFrom(system.url!, '127.0.0.1', 'session-off-1', 'hi')).status).toBe(404);
    expect((await fetch(`${system.url}/`, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('SIMULATOR=true beside Telegram: rate limited per client and overall', () => {
  let telegram: FakeTelegram;
  let system: TestSystem;
  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM.TOKEN });
    system = await startTestSystem(
      'sim-limits',
      { SIMULATOR: 'true', SIMULATOR_RATE_PER_CLIENT: '3', SIMULATOR_RATE_TOTAL: '5', TELEGRAM_BOT_TOKEN: TELEGRAM.TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM.SECRET, TELEGRAM_API_URL: telegram.url },
      { workers: false, postgres: true },
    );
  });
  afterAll(async () => {
    await system?.close();
    await telegram?.close();
  });

  it('answers 429 past the per-client budget, then past the overall one, whatever the session', async () => {
    const base = system.url!;
    // The page still loads, and / leads to it.
    expect((await fetch(`${base}/simulator`)).status).toBe(200);
    expect((await fetch(`${base}/`, { redirect: 'manual' })).headers.get('location')).toBe('/simulator');
    // One client, a fresh session each time (sessions are free to invent): 3 pass, the 4th does not.
    const one = [];
    for (let i = 0; i < 4; i++) one.push(await postFrom(base, '127.0.0.1', `session-limit-a${i}`, 'hi'));
    expect(one.map((r) => r.status)).toEqual([202, 202, 202, 429]);
    expect(Number(one[3].retryAfter)).toBeGreaterThan(0);
    // Other clients: the overall budget (5) lets two more through, then nobody.
    expect((await postFrom(base, '127.0.0.2', 'session-limit-b', 'hi')).status).toBe(202);
    expect((await postFrom(base, '127.0.0.3', 'session-limit-c', 'hi')).status).toBe(202);
    expect((await postFrom(base, '127.0.0.4', 'session-limit-d', 'hi')).status).toBe(429);
    // Nothing refused was stored: five contacts, five messages.
    const stored = await system.runtime.db.kysely.selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).where('channel', '=', 'web').executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(5);
  });
});

describe('SIMULATOR=true beside Slack: a simulator ticket never reaches the handoff channel', () => {
  const HANDOFF = 'C0HANDOFF';
  const SESSION = 'exposure-agent-session';
  const dirs = slackFixtureDirs();
  let slack: FakeSlack;
  let system: TestSystem;
  beforeAll(async () => {
    slack = await startFakeSlack({ token: BOT_TOKEN });
    system = await startTestSystem('sim-slack', {
      SIMULATOR: 'true',
      FLOWS_DIR: dirs.flowsDir,
      LOCALES_DIR: dirs.localesDir,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_HANDOFF_CHANNEL: HANDOFF,
    }, { postgres: true });
  });
  afterAll(async () => {
    await system?.close();
    await slack?.close();
  });

  const delivered = async () =>
    (await system.runtime.db.kysely.selectFrom('messages').select('id').where('channel', '=', 'web').where('direction', '=', 'out').where('status', '=', 'delivered').execute()).length;

  it('AGENT opens a ticket (on the desk) and nothing is posted to Slack', async () => {
    const base = system.url!;
    expect((await postFrom(base, '127.0.0.1', SESSION, 'hi')).status).toBe(202);
    await eventually(async () => (await delivered()) >= 1);
    expect((await postFrom(base, '127.0.0.1', SESSION, '1')).status).toBe(202);
    await eventually(async () => (await delivered()) >= 3);
    expect((await postFrom(base, '127.0.0.1', SESSION, 'AGENT')).status).toBe(202);

    const [ticket] = await eventually(async () => {
      const open = await ticketDesk(system.runtime).list();
      return open.length === 1 && open;
    });
    expect(ticket).toMatchObject({ channel: 'web', status: 'open' });
    // The ticket's job has run to its end: the handoffs queue is empty, nothing failed.
    await eventually(async () => {
      const counts = await system.runtime.queues.get('handoffs').getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      return counts.waiting + counts.active + counts.delayed === 0 && counts.completed >= 1 && counts;
    });
    expect(slack.requests.filter((c) => c.method === 'chat.postMessage' && c.body.channel === HANDOFF)).toEqual([]);
  });
});
