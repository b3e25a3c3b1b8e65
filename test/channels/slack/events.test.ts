/**
 * POST /slack/events through the whole system: requests signed (or forged) and shaped as Slack
 * sends them, Bolt behind our route, the real WebClient answering through the fake Slack API.
 * Slash commands, buttons, modals, the Home tab, DMs into the flows, and Slack's retries.
 */
import { randomUUID } from 'node:crypto';
import { slackAppFor } from '../../../src/channels/slack/app-for';
import { SHIFTS_QUEUE, epochSec, shiftJobIds } from '../../../src/shifts/jobs';
import { processFeedback, processReminder } from '../../../src/shifts/reminders';
import { addShift, signUpVolunteer } from '../../../src/shifts/service';
import type { Shift } from '../../../src/shifts/tables';
import { ensureVolunteer, getSignup, volunteerBySlack } from '../../../src/shifts/store';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../../helpers/fake-slack';
import { eventually, startTestSystem, type TestSystem } from '../../helpers/system';
import { blockAction, BOT_TOKEN, SIGNING_SECRET, slackFixtureDirs, SlackClient, startResponseUrlSink, TestClock, viewSubmission } from './slack-helpers';

const H = 3_600_000;
const NY = 'America/New_York';
const T0 = '2030-06-04T16:00:00Z';
const ORGANIZER = 'U0ORGANIZER';
const ORG_CHANNEL = 'C0ORGANIZERS';

let sys: TestSystem;
let fake: FakeSlack;
let sink: Awaited<ReturnType<typeof startResponseUrlSink>>;
let slack: SlackClient;
const clock = new TestClock(T0);
const dirs = slackFixtureDirs();
const rt = () => sys.runtime;
const db = () => sys.runtime.db.kysely;
const idle = () => slackAppFor(sys.runtime)!.idle();
let users = 0;
const newUser = () => `U0V${String(++users).padStart(6, '0')}`;

beforeAll(async () => {
  fake = await startFakeSlack({ token: BOT_TOKEN });
  sink = await startResponseUrlSink();
  sys = await startTestSystem(
    'slack-events',
    {
      FLOWS_DIR: dirs.flowsDir,
      LOCALES_DIR: dirs.localesDir,
      SIMULATOR: 'false',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_ORGANIZERS: ORGANIZER,
      SLACK_SHIFTS_CHANNEL: ORG_CHANNEL,
      DEFAULT_TIMEZONE: NY,
    },
    // PostgreSQL here (ids come back as strings), PGlite in test/shifts (ids as numbers).
    { now: clock.now, postgres: true },
  );
  slack = new SlackClient(sys.url!, clock.now);
});

afterAll(async () => {
  await sys?.close();
  await fake?.close();
  await sink?.close();
});

afterEach(() => clock.set(T0));

async function shiftIn(hoursAhead: number, capacity = 3, title = `Canvass ${randomUUID().slice(0, 6)}`): Promise<Shift> {
  const startsAt = new Date(clock.now().getTime() + hoursAhead * H);
  return addShift(rt(), { title, kind: 'canvass', location: 'Elm & 5th', startsAt, endsAt: new Date(startsAt.getTime() + 3 * H), timezone: NY, capacity, organizerChannel: null });
}

const calls = (method: string, pred: (c: SlackCall) => boolean = () => true) => fake.requests.filter((c) => c.method === method && c.error === undefined && pred(c));
const dmsTo = (userId: string) => calls('chat.postMessage', (c) => c.body.channel === userId);

/** Presses a button in the ephemeral list answer; resolves with what was posted to response_url. */
async function pressInList(userId: string, actionId: string, value: string): Promise<Record<string, any>> {
  const before = sink.bodies.length;
  const res = await slack.interaction(blockAction(userId, { action_id: actionId, value }, { kind: 'ephemeral', channel: 'C0GENERAL', responseUrl: `${sink.url}/r/${randomUUID()}` }));
  expect(res.status).toBe(200);
  await idle();
  expect(sink.bodies.length).toBe(before + 1);
  return sink.bodies[before];
}

describe('request authenticity', () => {
  it.each([
    ['signed with another secret', { secret: 'not-the-secret' }],
    ['signed 10 minutes ago (a replay)', { timestampSec: Math.floor(Date.parse(T0) / 1000) - 600 }],
    ['not signed', { unsigned: true }],
  ])('a slash command %s gets 401 and does nothing', async (_name, opts) => {
    const user = newUser();
    const before = fake.requests.length;
    const res = await slack.command(user, '', {}, opts);
    expect(res.status).toBe(401);
    await idle();
    expect(await volunteerBySlack(db(), user)).toBeUndefined();
    expect(fake.requests.length).toBe(before);
  });

  it('a forged event is not processed', async () => {
    const user = newUser();
    const res = await slack.event({ type: 'message', channel_type: 'im', channel: 'D0FORGED', user, text: 'hello', ts: slack.ts() }, { secret: 'guess' });
    expect(res.status).toBe(401);
    expect(await db().selectFrom('identities').select('id').where('address', '=', user).executeTakeFirst()).toBeUndefined();
  });

  it('answers Slack\'s URL verification', async () => {
    const res = await slack.post(JSON.stringify({ type: 'url_verification', token: 't', challenge: 'c-123' }), 'application/json');
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });
});

describe('/shifts', () => {
  it('lists upcoming shifts in the volunteer\'s Slack locale, in the organizer\'s time zone', async () => {
    const shift = await shiftIn(48, 4, 'Mesa de registro');
    const user = newUser();
    fake.setUser({ id: user, locale: 'es-LA' });
    const res = await slack.command(user, '');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.response_type).toBe('ephemeral');
    const block = body.blocks.find((b: any) => b.block_id === `shift_${shift.id}`);
    expect(block.text.text).toMatch(/^\*Mesa de registro\* · Puerta a puerta\n📍 Elm &amp; 5th\n🕒 jue, 6 jun, 12:00 – 15:00 GMT-4\n👥 Quedan 4 de 4 plazas$/);
    expect(block.accessory).toMatchObject({ action_id: 'shift_signup', value: shift.id, text: { text: 'Inscribirme' } });
  });

  it('Sign up takes a spot, plans the reminders and says so; Cancel gives it back', async () => {
    const shift = await shiftIn(30);
    const user = newUser();
    const answer = await pressInList(user, 'shift_signup', shift.id);
    expect(answer).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(answer.text).toMatch(/^✅ You're signed up for \*Canvass \w+\*/);
    const row = answer.blocks.find((b: any) => b.block_id === `shift_${shift.id}`);
    expect(row.text.text).toContain('✅ You\'re signed up');
    expect(row.accessory).toMatchObject({ action_id: 'shift_cancel', style: 'danger' });
    const signup = (await getSignup(db(), row.accessory.value))!;
    expect(signup.status).toBe('active');
    // 30 h ahead: both reminders are still to come.
    const queue = rt().queues.get(SHIFTS_QUEUE);
    expect(await queue.getJob(shiftJobIds.reminder({ signupId: signup.id, offsetSec: 7200, startEpoch: epochSec(shift.starts_at) }))).toBeDefined();

    const cancelled = await pressInList(user, 'shift_cancel', signup.id);
    expect(cancelled.text).toMatch(/no longer signed up/);
    expect((await getSignup(db(), signup.id))!.status).toBe('cancelled');
    expect(await queue.getJob(shiftJobIds.reminder({ signupId: signup.id, offsetSec: 7200, startEpoch: epochSec(shift.starts_at) }))).toBeUndefined();
  });

  it('a full shift offers its waitlist', async () => {
    const shift = await shiftIn(40, 1);
    await pressInList(newUser(), 'shift_signup', shift.id);
    const late = newUser();
    const full = await pressInList(late, 'shift_signup', shift.id);
    expect(full.text).toMatch(/is full\. Join the waitlist/);
    expect(full.blocks.find((b: any) => b.block_id === `shift_${shift.id}`).accessory).toMatchObject({ action_id: 'shift_waitlist' });
    const waiting = await pressInList(late, 'shift_waitlist', shift.id);
    expect(waiting.text).toMatch(/on the waitlist/);
  });

  it('refuses politely once the shift has started', async () => {
    const shift = await shiftIn(1);
    clock.set(new Date(shift.starts_at.getTime() + 60_000));
    const answer = await pressInList(newUser(), 'shift_signup', shift.id);
    expect(answer.text).toMatch(/^Sorry, \*Canvass \w+\* has already started/);
  });

  it('helps, in the volunteer\'s language', async () => {
    const user = newUser();
    fake.setUser({ id: user, locale: 'es-ES' });
    const res = await slack.command(user, 'ayuda');
    expect((await res.json()).text.split('\n')).toEqual([
      '*/shifts* muestra los próximos turnos, con botones para inscribirte o cancelar.',
      '*/shifts idioma en* cambia el idioma en que te escribo.',
      '*/shifts nuevo* crea un turno (organizadores).',
      'La pestaña Inicio de esta app muestra la misma lista.',
    ]);
  });

  it('changes the language of the answers', async () => {
    const user = newUser();
    const res = await slack.command(user, 'idioma es');
    expect(await res.json()).toEqual({ response_type: 'ephemeral', text: 'De acuerdo, te escribiré en español.' });
    expect((await volunteerBySlack(db(), user))!.language).toBe('es');
  });
});

describe('creating shifts (organizers)', () => {
  it('/shifts new opens the modal for an organizer, and tells anyone else no', async () => {
    const res = await slack.command(ORGANIZER, 'new');
    expect(res.status).toBe(200);
    await idle();
    const [open] = calls('views.open').slice(-1);
    expect(open.body.view).toMatchObject({ type: 'modal', callback_id: 'shift_new' });
    const denied = await slack.command(newUser(), 'new');
    expect((await denied.json()).text).toBe('Only organizers can create shifts.');
  });

  it('a submitted modal creates the shift (times in the organizer zone); a bad one shows errors', async () => {
    const values = (date: string, capacity: string) => ({
      title: { value: { type: 'plain_text_input', value: 'Phone bank: GOTV' } },
      kind: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Phone bank' }, value: 'phonebank' } } },
      location: { value: { type: 'plain_text_input', value: 'Union Hall' } },
      date: { value: { type: 'datepicker', selected_date: date } },
      start: { value: { type: 'timepicker', selected_time: '18:00' } },
      end: { value: { type: 'timepicker', selected_time: '21:00' } },
      capacity: { value: { type: 'number_input', value: capacity } },
      channel: { value: { type: 'conversations_select', selected_conversation: ORG_CHANNEL } },
      notes: { value: { type: 'plain_text_input', value: null } },
    });
    const bad = await slack.interaction(viewSubmission(ORGANIZER, 'shift_new', values('2030-06-01', '0')));
    expect(await bad.json()).toEqual({ response_action: 'errors', errors: { start: 'This time has already passed.', capacity: 'Enter a whole number of spots, 1 or more.' } });

    const ok = await slack.interaction(viewSubmission(ORGANIZER, 'shift_new', values('2030-06-20', '12')));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    await idle();
    const shift = await db().selectFrom('shifts').selectAll().where('title', '=', 'Phone bank: GOTV').executeTakeFirstOrThrow();
    expect([new Date(shift.starts_at).toISOString(), new Date(shift.ends_at).toISOString(), shift.capacity, shift.organizer_channel, shift.created_by]).toEqual(['2030-06-20T22:00:00.000Z', '2030-06-21T01:00:00.000Z', 12, ORG_CHANNEL, ORGANIZER]);
    expect(String(dmsTo(ORGANIZER).at(-1)!.body.text)).toMatch(/^Shift created: \*Phone bank: GOTV\* \(Thu, Jun 20, 6:00/);
  });
});

describe('Home tab', () => {
  it('shows the list and the language choice; a sign-up there refreshes it', async () => {
    const shift = await shiftIn(50);
    const user = newUser();
    await slack.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: slack.ts() });
    await idle();
    const home = calls('views.publish', (c) => c.body.user_id === user);
    expect(home).toHaveLength(1);
    const view = home[0].body.view as { type: string; blocks: any[] };
    expect(view.type).toBe('home');
    expect(view.blocks.find((b) => b.block_id === 'language').accessory.options.map((o: any) => o.value)).toEqual(['en', 'es']);

    await slack.interaction(blockAction(user, { action_id: 'shift_signup', value: shift.id }, { kind: 'home' }));
    await idle();
    const after = calls('views.publish', (c) => c.body.user_id === user).at(-1)!.body.view as { blocks: any[] };
    expect(after.blocks[0].text.text).toMatch(/^✅ You're signed up/);
  });
});

describe('direct messages run the flows', () => {
  it('a DM is answered with the flow, choices as buttons; a retry of the same event is not processed twice', async () => {
    const user = newUser();
    const event = { type: 'message', channel_type: 'im', channel: 'D0DM00001', user, text: 'hello', ts: slack.ts(), client_msg_id: randomUUID() };
    const first = await slack.event(event, { eventId: `Ev-dm-${user}` });
    expect(first.status).toBe(200);
    // Slack retries (it thinks the first answer was late): same event_id, X-Slack-Retry-Num.
    const retry = await slack.event({ ...event, client_msg_id: undefined }, { eventId: `Ev-dm-${user}`, retryNum: 1 });
    expect(retry.status).toBe(200);
    // The greeting and the menu may reach Slack in either order (replies of one step are sent in
    // parallel; see the ordering note on deliver()): take the one with the buttons.
    const dms = await eventually(async () => dmsTo(user).length === 2 && dmsTo(user));
    const menu = dms.find((m) => (m.body.blocks as any[] | undefined)?.some((b) => b.type === 'actions'))!;
    expect(menu).toBeDefined();
    const inbound = await db().selectFrom('messages').innerJoin('identities', 'identities.id', 'messages.identity_id').select('messages.id').where('identities.address', '=', user).where('direction', '=', 'in').execute();
    expect(inbound).toHaveLength(1);
    const buttons = (menu.body.blocks as any[]).at(-1).elements;
    expect(buttons.map((b: any) => [b.text.text, b.value])).toEqual([['Register', 'register'], ['Rate us', 'rate']]);

    // Pressing "Register" is the same as answering it.
    await slack.interaction(blockAction(user, { action_id: buttons[0].action_id, value: 'register', text: 'Register' }, { kind: 'message', channel: String(menu.body.channel).replace(/^U/, 'D'), ts: slack.ts(), blocks: menu.body.blocks as unknown[] }));
    await eventually(async () => dmsTo(user).length === 3);
    expect(dmsTo(user)[2].body.text).toBe('Which state?');
    await idle();
    const update = calls('chat.update').at(-1)!;
    expect((update.body.blocks as any[]).map((b) => b.type)).toEqual(['section', 'context']); // the buttons are gone
  });

  it('ignores the bot\'s own messages and edits', async () => {
    const user = newUser();
    await slack.event({ type: 'message', channel_type: 'im', channel: 'D0DM00002', user: 'U0000BOT1', bot_id: 'B0000BOT1', text: 'echo', ts: slack.ts() });
    await slack.event({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0DM00002', message: { user, text: 'edited' }, ts: slack.ts() });
    await idle();
    expect(await db().selectFrom('identities').select('id').where('address', 'in', [user, 'U0000BOT1']).execute()).toEqual([]);
  });

  // Regression (issue #13): a Slackbot notice in the bot's DM (user USLACKBOT, no subtype, no
  // bot_id, and users.info calls Slackbot no bot) made Slackbot a contact and got the welcome.
  it('a Slackbot system notice never creates a contact nor gets a reply', async () => {
    const before = calls('chat.postMessage').length;
    await slack.event({ type: 'message', channel_type: 'im', channel: 'D0DM00003', user: 'USLACKBOT', text: 'Your workspace is on a trial. Upgrade to keep your history.', ts: slack.ts() });
    await slack.event({ type: 'message', subtype: 'bot_message', channel_type: 'im', channel: 'D0DM00003', bot_id: 'B0SYSTEM1', username: 'Polly', text: 'Reminder: standup', ts: slack.ts() });
    await idle();
    expect(await db().selectFrom('identities').select('id').where('address', '=', 'USLACKBOT').execute()).toEqual([]);
    expect(calls('chat.postMessage').length).toBe(before);
  });
});

describe('reminder, offer and feedback buttons', () => {
  async function reminderFor(user: string, shift: Shift) {
    const v = await ensureVolunteer(db(), { slackUserId: user });
    const outcome = await signUpVolunteer(rt(), shift.id, v);
    return { v, signupId: (outcome as { signup: { id: string } }).signup.id };
  }
  const press = (user: string, value: string, channel = 'D0REMIND') => slack.interaction(blockAction(user, { action_id: 'ce_choice_0', value }, { kind: 'message', channel, ts: slack.ts(), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Reminder' } }] }));

  it('Confirm records it; the buttons give way to the answer', async () => {
    const user = newUser();
    const { signupId } = await reminderFor(user, await shiftIn(20));
    await press(user, `shift:confirm:${signupId}`);
    await idle();
    expect((await getSignup(db(), signupId))!.confirmed_at).not.toBeNull();
    expect(calls('chat.update').at(-1)!.body.text).toBe('✅ Confirmed. See you there!');
  });

  it('Can\'t make it frees the spot, offers it to the first on the waitlist and tells the organizers; the offer can be taken', async () => {
    const shift = await shiftIn(26, 1);
    const first = newUser();
    const { signupId } = await reminderFor(first, shift);
    const waiting = [newUser(), newUser()];
    for (const w of waiting) await signUpVolunteer(rt(), shift.id, await ensureVolunteer(db(), { slackUserId: w }), { waitlist: true });

    await press(first, `shift:drop:${signupId}`);
    await idle();
    expect((await getSignup(db(), signupId))!.status).toBe('cancelled');
    const [offer] = await eventually(async () => dmsTo(waiting[0]).length === 1 && dmsTo(waiting[0]));
    expect(dmsTo(waiting[1])).toHaveLength(0);
    const offerButtons = (offer.body.blocks as any[]).at(-1).elements.map((e: any) => e.value);
    expect(offerButtons).toEqual([expect.stringMatching(/^shift:accept:\d+$/), expect.stringMatching(/^shift:pass:\d+$/)]);
    const told = calls('chat.postMessage', (c) => c.body.channel === ORG_CHANNEL).at(-1)!;
    expect(told.body.text).toBe(`<@${first}> can't make it to *${shift.title}* (${'Wed, Jun 5, 2:00 PM – 5:00 PM EDT'}). The spot was offered to <@${waiting[0]}> from the waitlist.`);

    await press(waiting[0], offerButtons[0]);
    await idle();
    const taken = (await getSignup(db(), offerButtons[0].split(':')[2]))!;
    expect(taken.status).toBe('active');
    expect(calls('chat.update').at(-1)!.body.text).toMatch(/^✅ It's yours/);
    expect(await rt().queues.get(SHIFTS_QUEUE).getJob(shiftJobIds.reminder({ signupId: taken.id, offsetSec: 86400, startEpoch: epochSec(shift.starts_at) }))).toBeDefined();
  });

  it('an offer taken after SHIFT_WAITLIST_OFFER_TTL (2 h) is refused politely and goes to the next one waiting', async () => {
    const shift = await shiftIn(26, 1);
    const first = newUser();
    const { signupId } = await reminderFor(first, shift);
    const [late, next] = [newUser(), newUser()];
    for (const w of [late, next]) await signUpVolunteer(rt(), shift.id, await ensureVolunteer(db(), { slackUserId: w }), { waitlist: true });
    await press(first, `shift:drop:${signupId}`);
    await idle();
    const [offer] = await eventually(async () => dmsTo(late).length === 1 && dmsTo(late));
    expect(String(offer.body.text)).toMatch(/\n⏳ The offer is open until Tue, Jun 4, 2:00 PM EDT\.$/);
    const accept = (offer.body.blocks as any[]).at(-1).elements[0].value as string;
    const lateId = accept.split(':')[2];
    // The expiry job is planned for the deadline.
    const offeredAt = (await getSignup(db(), lateId))!.offered_at!;
    expect(await rt().queues.get(SHIFTS_QUEUE).getJob(shiftJobIds.offerExpiry({ signupId: lateId, offeredEpoch: epochSec(offeredAt) }))).toBeDefined();

    clock.set(new Date(offeredAt.getTime() + 2 * H + 1000));
    await press(late, accept);
    await idle();
    expect(calls('chat.update').at(-1)!.body.text).toBe('Sorry, this spot is no longer available.');
    expect((await getSignup(db(), lateId))!.status).toBe('expired');
    await eventually(async () => dmsTo(next).length === 1);
  });

  it('someone else\'s button does nothing', async () => {
    const owner = newUser();
    const { signupId } = await reminderFor(owner, await shiftIn(30));
    await press(newUser(), `shift:drop:${signupId}`);
    await idle();
    expect((await getSignup(db(), signupId))!.status).toBe('active');
  });

  it('the after-shift rating is stored, and a comment can follow in a modal', async () => {
    const user = newUser();
    const shift = await shiftIn(3);
    const { signupId } = await reminderFor(user, shift);
    clock.set(new Date(shift.ends_at.getTime() + H));
    expect(await processFeedback(rt(), { signupId, endEpoch: epochSec(shift.ends_at) })).toMatchObject({ status: 'queued' });
    const [ask] = await eventually(async () => dmsTo(user).length === 1 && dmsTo(user));
    const four = (ask.body.blocks as any[]).at(-1).elements[3];
    await slack.interaction(blockAction(user, { action_id: four.action_id, value: four.value }, { kind: 'message', channel: 'D0FEEDBK', ts: slack.ts(), blocks: ask.body.blocks as unknown[] }));
    await idle();
    expect((await getSignup(db(), signupId))!.feedback_rating).toBe(4);
    const updated = calls('chat.update').at(-1)!.body.blocks as any[];
    const comment = updated.at(-1).elements[0];
    expect(comment).toMatchObject({ action_id: 'shift_feedback_comment', value: signupId });
    await slack.interaction(blockAction(user, { action_id: comment.action_id, value: signupId }, { kind: 'message', channel: 'D0FEEDBK', ts: slack.ts() }));
    await idle();
    expect(calls('views.open').at(-1)!.body.view).toMatchObject({ callback_id: 'shift_feedback', private_metadata: signupId });
    await slack.interaction(viewSubmission(user, 'shift_feedback', { comment: { value: { type: 'plain_text_input', value: 'Great team, more water please' } } }, signupId));
    await idle();
    expect((await getSignup(db(), signupId))!.feedback_comment).toBe('Great team, more water please');
  });

  it('a reminder pressed after the sign-up is gone says so', async () => {
    const user = newUser();
    const shift = await shiftIn(25);
    const { signupId } = await reminderFor(user, shift);
    clock.set(new Date(shift.starts_at.getTime() - 24 * H));
    await processReminder(rt(), { signupId, offsetSec: 86400, startEpoch: epochSec(shift.starts_at) });
    await press(user, `shift:drop:${signupId}`);
    await idle();
    await press(user, `shift:confirm:${signupId}`);
    await idle();
    expect(calls('chat.update').at(-1)!.body.text).toBe('This shift is no longer on your schedule.');
  });
});
