/**
 * Socket Mode (SLACK_APP_TOKEN), end to end: the real Bolt SocketModeReceiver and @slack/socket-mode
 * client open a connection through `apps.connections.open` on the fake Web API, which answers the
 * ws:// URL of a fake Socket Mode server on 127.0.0.1 (test/helpers/fake-slack.ts). Slack's
 * envelopes (events_api, slash_commands, interactive) reach the same listeners as in HTTP mode;
 * every envelope is acknowledged by its envelope_id, and the work lands at the fake Web API.
 * Organizer-facing posts here are in SLACK_ORGANIZER_LANGUAGE=es.
 */
import { randomUUID } from 'node:crypto';
import { SHIFTS_QUEUE, epochSec, shiftJobIds } from '../../../src/shifts/jobs';
import { addShift, signUpVolunteer } from '../../../src/shifts/service';
import type { Shift } from '../../../src/shifts/tables';
import { ensureVolunteer, getSignup, volunteerBySlack } from '../../../src/shifts/store';
import { startFakeSlack, startFakeSocketMode, type FakeSlack, type FakeSocketMode, type SlackCall } from '../../helpers/fake-slack';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';
import { blockAction, BOT_TOKEN, SIGNING_SECRET, slackFixtureDirs, slashCommandFields, startResponseUrlSink, TEAM, TestClock } from './slack-helpers';

const APP_TOKEN = 'xapp-1-A0000FAKE-1-socketmodetest';
const H = 3_600_000;
const NY = 'America/New_York';
const T0 = '2030-06-04T16:00:00Z';
const ORGANIZER = 'U0SMORGAN';
const ORGS = 'C0SMORGS';
const HANDOFF = 'C0SMHANDOFF';

let sys: TestSystem;
let fake: FakeSlack;
let socket: FakeSocketMode;
const clock = new TestClock(T0);
const dirs = slackFixtureDirs();
const rt = () => sys.runtime;
const db = () => sys.runtime.db.kysely;
let users = 0;
const newUser = () => `U0SM${String(++users).padStart(6, '0')}`;
let seq = 0;

beforeAll(async () => {
  fake = await startFakeSlack({ token: BOT_TOKEN, appToken: APP_TOKEN });
  socket = await startFakeSocketMode(fake);
  sys = await startTestSystem(
    'slack-socket-mode',
    {
      FLOWS_DIR: dirs.flowsDir,
      LOCALES_DIR: dirs.localesDir,
      SIMULATOR: 'false',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      SLACK_ORGANIZERS: ORGANIZER,
      SLACK_SHIFTS_CHANNEL: ORGS,
      SLACK_HANDOFF_CHANNEL: HANDOFF,
      SLACK_ORGANIZER_LANGUAGE: 'es',
      DEFAULT_TIMEZONE: NY,
    },
    { now: clock.now },
  );
  // startSystem returns once Bolt's start() resolved, i.e. after Slack's `hello`.
  await socket.connected();
});

afterAll(async () => {
  await sys?.close();
  await socket?.close();
  await fake?.close();
});

afterEach(() => clock.set(T0));

const calls = (method: string, pred: (c: SlackCall) => boolean = () => true) => fake.requests.filter((c) => c.method === method && c.error === undefined && pred(c));
const dmsTo = (userId: string) => calls('chat.postMessage', (c) => c.body.channel === userId);

async function shiftIn(hoursAhead: number, capacity = 3): Promise<Shift> {
  const startsAt = new Date(clock.now().getTime() + hoursAhead * H);
  return addShift(rt(), { title: `Phone bank ${randomUUID().slice(0, 6)}`, kind: 'phonebank', location: 'Union Hall', startsAt, endsAt: new Date(startsAt.getTime() + 3 * H), timezone: NY, capacity, organizerChannel: null });
}

/** A slash command as Socket Mode delivers it: the same fields as the HTTP form, as JSON. */
function slashCommand(userId: string, text: string): Record<string, unknown> {
  return slashCommandFields(userId, text, `${Date.now()}.${++seq}.trigger`);
}

/** An Events API payload (the envelope's `payload` is the same event_callback body HTTP mode gets). */
function eventCallback(event: Record<string, unknown>, eventId = `Ev${Date.now()}${++seq}`): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    api_app_id: 'A0000FAKE',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(clock.now().getTime() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: 'U0000BOT1', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

const ts = () => `${Math.floor(clock.now().getTime() / 1000)}.${String(++seq).padStart(6, '0')}`;

describe('connecting', () => {
  it('opens the socket with the app-level token; the HTTP events URL is not mounted', async () => {
    const open = calls('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0].token).toBe(APP_TOKEN);
    expect(socket.connections).toBe(1);
    const res = await fetch(`${sys.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
  });
});

describe('slash commands', () => {
  it('/shifts: the list travels in the ack of its envelope, as in HTTP mode', async () => {
    const shift = await shiftIn(48, 4);
    const user = newUser();
    fake.setUser({ id: user, locale: 'es-LA' });
    const ack = await socket.send('slash_commands', slashCommand(user, ''));
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral', text: 'Próximos turnos' });
    const row = (ack.payload.blocks as any[]).find((b) => b.block_id === `shift_${shift.id}`);
    expect(row.text.text).toMatch(/^\*Phone bank \w+\* · Banco telefónico\n📍 Union Hall\n🕒 jue, 6 jun, 12:00 – 15:00 GMT-4\n👥 Quedan 4 de 4 plazas$/);
    expect(row.accessory).toMatchObject({ action_id: 'shift_signup', value: shift.id });
    expect(await volunteerBySlack(db(), user)).toMatchObject({ slack_locale: 'es-LA' });
  });

  it('/shifts new: acked empty, then the modal opens through the Web API', async () => {
    const ack = await socket.send('slash_commands', slashCommand(ORGANIZER, 'new'));
    expect(ack.payload).toEqual({});
    const [open] = await eventually(async () => calls('views.open').length > 0 && calls('views.open'));
    expect(open.body.view).toMatchObject({ type: 'modal', callback_id: 'shift_new' });
  });
});

describe('events', () => {
  it('a DM runs the flows: acked at once, the reply posted through the Web API; a retry is acked and not processed twice', async () => {
    const user = newUser();
    const event = { type: 'message', channel_type: 'im', channel: 'D0SOCKET1', user, text: 'hello', ts: ts(), client_msg_id: randomUUID() };
    const body = eventCallback(event, `Ev-sm-${user}`);
    const ack = await socket.send('events_api', body);
    expect(ack.payload).toEqual({});
    const again = await socket.send('events_api', body, { retryAttempt: 1 });
    expect(again.envelope_id).not.toBe(ack.envelope_id);
    const dms = await eventually(async () => dmsTo(user).length === 2 && dmsTo(user));
    const menu = dms.find((m) => (m.body.blocks as any[] | undefined)?.some((b) => b.type === 'actions'))!;
    expect((menu.body.blocks as any[]).at(-1).elements.map((b: any) => b.value)).toEqual(['register', 'rate']);
    const inbound = await db().selectFrom('messages').innerJoin('identities', 'identities.id', 'messages.identity_id').select('messages.id').where('identities.address', '=', user).where('direction', '=', 'in').execute();
    expect(inbound).toHaveLength(1);
  });

  it('a request for a person from a DM opens a ticket in the handoff channel, in the organizers\' language', async () => {
    const user = newUser();
    await socket.send('events_api', eventCallback({ type: 'message', channel_type: 'im', channel: 'D0SOCKET2', user, text: 'hi', ts: ts(), client_msg_id: randomUUID() }));
    await eventually(async () => dmsTo(user).length === 2);
    await socket.send('events_api', eventCallback({ type: 'message', channel_type: 'im', channel: 'D0SOCKET2', user, text: 'AGENT', ts: ts(), client_msg_id: randomUUID() }));
    const [ticket] = await eventually(async () => calls('chat.postMessage', (c) => c.body.channel === HANDOFF).length === 1 && calls('chat.postMessage', (c) => c.body.channel === HANDOFF));
    const blocks = ticket.body.blocks as any[];
    expect(blocks[0].text.text).toBe('🙋 Alguien pidió hablar con una persona');
    expect(blocks[1].text.text).toMatch(new RegExp(`^\\*Canal:\\* slack · \\*De:\\* <@${user}> · \\*Idioma:\\* English \\(en\\)`));
  });

  it('app_home_opened publishes the Home tab', async () => {
    const user = newUser();
    await socket.send('events_api', eventCallback({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: ts() }));
    const [home] = await eventually(async () => calls('views.publish', (c) => c.body.user_id === user).length === 1 && calls('views.publish', (c) => c.body.user_id === user));
    expect((home.body.view as { type: string }).type).toBe('home');
  });
});

describe('interactivity', () => {
  it('Can\'t make it on a reminder: acked, the message updated, the spot offered, the organizers told in Spanish', async () => {
    const shift = await shiftIn(30, 1);
    const user = newUser();
    const v = await ensureVolunteer(db(), { slackUserId: user });
    const signupId = ((await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } }).signup.id;
    const waiting = newUser();
    await signUpVolunteer(rt(), shift.id, await ensureVolunteer(db(), { slackUserId: waiting }), { waitlist: true });
    const before = calls('chat.update').length;
    const ack = await socket.send('interactive', blockAction(user, { action_id: 'ce_choice_1', value: `shift:drop:${signupId}` }, { kind: 'message', channel: 'D0REMIND', ts: ts(), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Reminder' } }] }));
    expect(ack.payload).toEqual({});
    await eventually(async () => calls('chat.update').length > before);
    expect(calls('chat.update').at(-1)!.body.text).toMatch(/^Thanks for telling us\. You're off \*Phone bank \w+\*/);
    expect((await getSignup(db(), signupId))!.status).toBe('cancelled');
    await eventually(async () => dmsTo(waiting).length === 1);
    const [told] = await eventually(async () => calls('chat.postMessage', (c) => c.body.channel === ORGS).length === 1 && calls('chat.postMessage', (c) => c.body.channel === ORGS));
    expect(told.body.text).toBe(`<@${user}> no puede ir a *${shift.title}* (mié, 5 jun, 18:00 – 21:00 GMT-4). Se ofreció la plaza a <@${waiting}> de la lista de espera.`);
    expect(await rt().queues.get(SHIFTS_QUEUE).getJob(shiftJobIds.reminder({ signupId: signupId, offsetSec: 86_400, startEpoch: epochSec(shift.starts_at) }))).toBeUndefined();
  });

  it('a list button (Sign up) answers through response_url, like HTTP mode', async () => {
    const shift = await shiftIn(60);
    const user = newUser();
    const sink = await startResponseUrlSink();
    try {
      const ack = await socket.send('interactive', blockAction(user, { action_id: 'shift_signup', value: shift.id }, { kind: 'ephemeral', channel: 'C0GENERAL', responseUrl: `${sink.url}/r/${randomUUID()}` }));
      expect(ack.payload).toEqual({});
      await eventually(async () => sink.bodies.length === 1);
      expect(sink.bodies[0]).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
      expect(String(sink.bodies[0].text)).toMatch(/^✅ You're signed up for \*Phone bank \w+\*/);
    } finally {
      await sink.close();
    }
  });
});

describe('reconnecting', () => {
  it('when Slack asks (type: disconnect), the client opens a new connection and envelopes flow again', async () => {
    const opened = calls('apps.connections.open').length;
    socket.disconnect();
    await eventually(async () => socket.connections === 2 && calls('apps.connections.open').length > opened, 20_000);
    await socket.connected();
    const ack = await socket.send('slash_commands', slashCommand(newUser(), 'help'));
    expect(String(ack.payload.text)).toContain('/shifts');
    // Every frame the app sent was an ack of an envelope Slack sent.
    expect(socket.strays).toEqual([]);
    expect(new Set(socket.acks.map((a) => a.envelope_id)).size).toBe(socket.acks.length);
  });
});
