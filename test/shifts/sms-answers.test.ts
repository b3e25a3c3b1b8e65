/**
 * Volunteers without Slack, end to end: reminders, waitlist offers and the after-shift question
 * by SMS say how to answer, and the answers come back through the signed Twilio webhook (real
 * twilio SDK against the fake Twilio), through the runner's interceptor and the shifts worker, with
 * the same effects as the Slack buttons (the organizers' channel is told through the fake Slack).
 * Waitlist offers expire (SHIFT_WAITLIST_OFFER_TTL, default 2 h, never past the start). PGlite,
 * real Redis, a clock the test sets.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { SHIFTS_QUEUE, epochSec, shiftJobIds } from '../../src/shifts/jobs';
import { reconcileAll } from '../../src/shifts/module';
import { processOfferExpiry } from '../../src/shifts/offers';
import { processFeedback, processReminder } from '../../src/shifts/reminders';
import { addShift, releaseVolunteer, signUpVolunteer } from '../../src/shifts/service';
import type { Shift, Volunteer } from '../../src/shifts/tables';
import { ANSWER_STATUS, processAnswer } from '../../src/shifts/sms-answers';
import { ensureVolunteer, getSignup } from '../../src/shifts/store';
import { findIdentity } from '../../src/store/contacts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { BOT_TOKEN, SIGNING_SECRET, slackFixtureDirs, TestClock } from '../channels/slack/slack-helpers';

const H = 3_600_000;
const NY = 'America/New_York';
/** Noon in New York on a June Tuesday: inside the SMS sending window. */
const T0 = '2030-06-04T16:00:00Z';
const ACCOUNT_SID = `AC${'5'.repeat(32)}`;
const AUTH_TOKEN = 'sms-answers-token';
const PUBLIC_URL = 'https://engage.example.org';
const ORGS = 'C0ORGS';

let sys: TestSystem;
let slack: FakeSlack;
let fakeTwilio: FakeTwilio;
const clock = new TestClock(T0);
const dirs = slackFixtureDirs();
const rt = () => sys.runtime;
const db = () => sys.runtime.db.kysely;
const queue = () => sys.runtime.queues.get(SHIFTS_QUEUE);

beforeAll(async () => {
  slack = await startFakeSlack({ token: BOT_TOKEN });
  fakeTwilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  sys = await startTestSystem(
    'shifts-sms-answers',
    {
      FLOWS_DIR: dirs.flowsDir,
      LOCALES_DIR: dirs.localesDir,
      SIMULATOR: 'false',
      PUBLIC_URL,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_SHIFTS_CHANNEL: ORGS,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: fakeTwilio.url,
      TWILIO_MPS: '100',
      DEFAULT_TIMEZONE: NY,
    },
    { now: clock.now },
  );
});

afterAll(async () => {
  await sys?.close();
  await slack?.close();
  await fakeTwilio?.close();
});

// Each test starts at T0 (the boot, on a busy machine, can take more than the minute the texts show).
beforeEach(() => clock.set(T0));
afterEach(() => clock.set(T0));

let phones = 0;
const nextPhone = () => `+1212555${String(100 + ++phones).padStart(4, '0')}`;
let users = 0;
const nextUser = () => `U0SMS${String(++users).padStart(4, '0')}`;

async function smsVolunteer(language: string | null = 'en', name = 'Ana'): Promise<Volunteer> {
  return ensureVolunteer(db(), { phone: nextPhone(), name, language });
}

async function slackVolunteer(): Promise<Volunteer> {
  return ensureVolunteer(db(), { slackUserId: nextUser(), name: 'slacker' });
}

/** A shift starting `hoursAhead` after the clock. */
async function shiftIn(hoursAhead: number, capacity = 3): Promise<Shift> {
  const startsAt = new Date(clock.now().getTime() + hoursAhead * H);
  return addShift(rt(), { title: `Canvass ${randomUUID().slice(0, 6)}`, kind: 'canvass', location: 'Elm & 5th', startsAt, endsAt: new Date(startsAt.getTime() + 3 * H), timezone: NY, capacity });
}

const signupOf = (outcome: unknown) => (outcome as { signup: { id: string } }).signup.id;

/** Every SMS body sent to a number, in order. */
const smsTo = (phone: string) => fakeTwilio.messages.filter((m) => m.params.To === phone).map((m) => String(m.params.Body));

/** Waits for the `n`th SMS to a number and returns it. */
async function nthSms(phone: string, n: number): Promise<string> {
  return eventually(async () => smsTo(phone).length >= n && smsTo(phone)[n - 1], 10_000);
}

/** Waits until nothing is left to do: inbound processed or answered, outbound sent. */
async function settled(): Promise<void> {
  await eventually(async () => {
    const busy = await db()
      .selectFrom('messages')
      .select('id')
      .where((eb) => eb.or([eb.and([eb('direction', '=', 'in'), eb('status', 'in', ['received', ANSWER_STATUS])]), eb.and([eb('direction', '=', 'out'), eb('status', '=', 'pending')])]))
      .execute();
    return busy.length === 0;
  }, 10_000);
}

/** An SMS from a volunteer, posted and signed as Twilio does; resolves once everything it caused is done. */
async function textIn(from: string, body: string): Promise<void> {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT_SID, From: from, To: '+15005550006', Body: body, NumMedia: '0' };
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio/sms`, params);
  const res = await fetch(`${sys.url}/webhooks/twilio/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
  expect(res.status).toBe(200);
  await settled();
}

/** Signs an SMS volunteer up and sends them the 24 h reminder (the clock is set to its time); returns the sign-up id. */
async function reminded(v: Volunteer, shift: Shift): Promise<string> {
  const signupId = signupOf(await signUpVolunteer(rt(), shift.id, v));
  clock.set(new Date(shift.starts_at.getTime() - 24 * H));
  expect(await processReminder(rt(), { signupId, offsetSec: 86_400, startEpoch: epochSec(shift.starts_at) })).toMatchObject({ status: 'queued', channel: 'sms' });
  await nthSms(v.phone!, smsTo(v.phone!).length + 1);
  await settled();
  return signupId;
}

const orgPosts = () => slack.requests.filter((c) => c.method === 'chat.postMessage' && c.error === undefined && c.body.channel === ORGS);
const dmsTo = (userId: string) => slack.requests.filter((c) => c.method === 'chat.postMessage' && c.error === undefined && c.body.channel === userId);

describe('answering a reminder by SMS', () => {
  it('the reminder says how to answer; 1 confirms, once, with a thank-you', async () => {
    const shift = await shiftIn(48);
    const v = await smsVolunteer();
    const signupId = await reminded(v, shift);
    const [reminder] = smsTo(v.phone!);
    expect(reminder).toMatch(new RegExp(`^Test Org reminder: ${shift.title}, Thu, Jun 6, 12:00 PM – 3:00 PM EDT, Elm & 5th\\. Reply 1 if you'll be there, or 2 if you can't make it\\.$`));

    await textIn(v.phone!, '1');
    expect(await nthSms(v.phone!, 2)).toBe(`Thanks, you're confirmed for ${shift.title}. See you there!`);
    expect((await getSignup(db(), signupId))!.confirmed_at).not.toBeNull();
    // The answer is recorded as handled, and nothing reached the flows.
    const inbound = await db().selectFrom('messages').select(['status', 'payload']).where('direction', '=', 'in').where('body', '=', '1').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(inbound.status).toBe('processed');
    expect((inbound.payload as any).shiftAnswer).toMatchObject({ signupId, prompt: 'reminder', verb: 'confirm', language: 'en' });
    expect(smsTo(v.phone!)).toHaveLength(2);
  });

  it('in the volunteer\'s language: "sí" confirms a Spanish reminder', async () => {
    const shift = await shiftIn(50);
    const v = await smsVolunteer('es');
    const signupId = await reminded(v, shift);
    expect(smsTo(v.phone!)[0]).toMatch(/^Recordatorio de Test Org: Canvass \w+, jue, 6 jun, 14:00 – 17:00 GMT-4, Elm & 5th\. Responde 1 si vas a ir o 2 si no puedes ir\.$/);
    await textIn(v.phone!, '¡Sí!');
    expect(await nthSms(v.phone!, 2)).toBe(`Gracias, tu asistencia a ${shift.title} está confirmada. ¡Nos vemos allí!`);
    expect((await getSignup(db(), signupId))!.confirmed_at).not.toBeNull();
  });

  it('2 gives the spot up: reminders removed, the spot offered to the waitlist, the organizers told', async () => {
    const shift = await shiftIn(48, 1);
    const v = await smsVolunteer('en', 'Ana');
    const signupId = await reminded(v, shift);
    const waiting = await slackVolunteer();
    expect((await signUpVolunteer(rt(), shift.id, waiting, { waitlist: true })).kind).toBe('waitlisted');

    await textIn(v.phone!, '2, sorry');
    expect(await nthSms(v.phone!, 2)).toBe(`Thanks for letting us know. You're off ${shift.title}; your spot goes to someone on the waitlist.`);
    expect((await getSignup(db(), signupId))!.status).toBe('cancelled');
    expect(await queue().getJob(shiftJobIds.reminder({ signupId, offsetSec: 7200, startEpoch: epochSec(shift.starts_at) }))).toBeUndefined();
    // The same as the Slack button: the first on the waitlist is offered the spot, with its deadline.
    const [offer] = await eventually(async () => dmsTo(waiting.slack_user_id!).length === 1 && dmsTo(waiting.slack_user_id!));
    expect(String(offer.body.text)).toMatch(/^🎟️ A spot opened up on \*Canvass \w+\* .*\n⏳ The offer is open until Wed, Jun 5, 2:00 PM EDT\.$/);
    const told = await eventually(async () => orgPosts().find((p) => String(p.body.text).includes(shift.title)));
    expect(told.body.text).toBe(`Ana +1******${v.phone!.slice(-4)} can't make it to *${shift.title}* (Thu, Jun 6, 12:00 PM – 3:00 PM EDT). The spot was offered to <@${waiting.slack_user_id}> from the waitlist.`);
  });

  it('STOP (and every global keyword) is never taken as an answer', async () => {
    const shift = await shiftIn(48);
    const v = await smsVolunteer();
    const signupId = await reminded(v, shift);
    await textIn(v.phone!, 'STOP');
    const identity = (await findIdentity(db(), 'sms', v.phone!))!;
    expect(identity.opted_out).toBe(true);
    expect((await getSignup(db(), signupId))!.status).toBe('active');
    expect(smsTo(v.phone!).at(-1)).toBe('Bye from Test Org');
  });

  it('a reply that is not an answer is asked again once; after that the flows have it', async () => {
    const shift = await shiftIn(48);
    const v = await smsVolunteer();
    const signupId = await reminded(v, shift);
    await textIn(v.phone!, 'what time again?');
    expect(await nthSms(v.phone!, 2)).toBe(`Sorry, I didn't get that. Reply 1 if you'll be at ${shift.title}, or 2 if you can't make it.`);
    await textIn(v.phone!, 'hmm');
    await nthSms(v.phone!, 4);
    expect(smsTo(v.phone!).slice(2)).toContain('Hi from Test Org'); // the flows answer now
    expect((await getSignup(db(), signupId))!.confirmed_at).toBeNull();
  });

  it('an answer right after the re-ask counts', async () => {
    const shift = await shiftIn(48);
    const v = await smsVolunteer();
    const signupId = await reminded(v, shift);
    await textIn(v.phone!, 'maybe?');
    await nthSms(v.phone!, 2);
    await textIn(v.phone!, 'yes');
    expect(await nthSms(v.phone!, 3)).toMatch(/^Thanks, you're confirmed for/);
    expect((await getSignup(db(), signupId))!.confirmed_at).not.toBeNull();
  });

  it('a "1" to anything but a shift question goes to the flows', async () => {
    const v = await smsVolunteer();
    await textIn(v.phone!, 'hello');
    expect(await nthSms(v.phone!, 1)).toMatch(/^Pick a language/); // a first contact: the language menu
    await textIn(v.phone!, '1');
    await nthSms(v.phone!, 3);
    expect(smsTo(v.phone!).slice(1)).toContain('Hi from Test Org'); // English was chosen
  });

  it('the answer job run again (a retry, a crash) replies once; reconcile queues an answer a crash left unqueued', async () => {
    const shift = await shiftIn(48);
    const v = await smsVolunteer();
    const signupId = await reminded(v, shift);
    await textIn(v.phone!, '1');
    await nthSms(v.phone!, 2);
    const answered = await db().selectFrom('messages').select('id').where('direction', '=', 'in').where('body', '=', '1').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(await processAnswer(rt(), { messageId: String(answered.id) })).toEqual({ status: 'done' });

    // A crash between storing an answer and queueing its job: the message waits in shift_answer.
    const identity = (await findIdentity(db(), 'sms', v.phone!))!;
    const stuck = await db()
      .insertInto('messages')
      .values({ contact_id: identity.contact_id, identity_id: identity.id, channel: 'sms', direction: 'in', kind: 'reply', provider_id: `SM${randomBytes(16).toString('hex')}`, body: '1', key: null, payload: JSON.stringify({ shiftAnswer: { signupId, prompt: 'reminder', verb: 'confirm', language: 'en' } }) as any, status: ANSWER_STATUS, error_code: null, updated_at: new Date(Date.now() - 60_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await reconcileAll(rt())).answers).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await db().selectFrom('messages').select('status').where('id', '=', stuck.id).executeTakeFirstOrThrow()).status === 'processed');
    expect(await nthSms(v.phone!, 3)).toMatch(/^Thanks, you're confirmed/);
    await settled();
    expect(smsTo(v.phone!)).toHaveLength(3);
  });
});

describe('waitlist offers by SMS', () => {
  /** A full shift whose one spot is freed, with these volunteers waiting in order; returns their sign-up ids. */
  async function freedSpot(shift: Shift, waiting: Volunteer[]): Promise<string[]> {
    const holder = await slackVolunteer();
    const held = signupOf(await signUpVolunteer(rt(), shift.id, holder));
    const ids: string[] = [];
    for (const w of waiting) ids.push(signupOf(await signUpVolunteer(rt(), shift.id, w, { waitlist: true })));
    await releaseVolunteer(rt(), held);
    return ids;
  }

  it('the offer says how to take it and until when; 1 takes it and plans the reminders', async () => {
    const shift = await shiftIn(48, 1);
    const v = await smsVolunteer();
    const [signupId] = await freedSpot(shift, [v]);
    const signup = (await getSignup(db(), signupId))!;
    expect(signup.status).toBe('offered');
    const offer = await nthSms(v.phone!, 1);
    expect(offer).toBe(`Test Org: a spot opened up on ${shift.title}, Thu, Jun 6, 12:00 PM – 3:00 PM EDT, Elm & 5th. Reply by Tue, Jun 4, 2:00 PM EDT: 1 to take it, 2 to pass.`);
    // Its end is a delayed job with a deterministic id, due when the offer runs out (2 h).
    const expiry = (await queue().getJob(shiftJobIds.offerExpiry({ signupId, offeredEpoch: epochSec(signup.offered_at!) })))!;
    expect(await expiry.getState()).toBe('delayed');
    expect(Math.abs(expiry.delay - 2 * H)).toBeLessThan(5000);

    await settled();
    await textIn(v.phone!, '1');
    expect(await nthSms(v.phone!, 2)).toBe(`It's yours: you're signed up for ${shift.title}, Thu, Jun 6, 12:00 PM – 3:00 PM EDT. We'll remind you before it starts.`);
    expect((await getSignup(db(), signupId))!.status).toBe('active');
    expect(await queue().getJob(shiftJobIds.reminder({ signupId, offsetSec: 86_400, startEpoch: epochSec(shift.starts_at) }))).toBeDefined();
    // The expiry, if it runs anyway, changes nothing.
    clock.set(new Date(clock.now().getTime() + 3 * H));
    expect(await processOfferExpiry(rt(), { signupId, offeredEpoch: epochSec(signup.offered_at!) })).toMatchObject({ status: 'skipped' });
    expect((await getSignup(db(), signupId))!.status).toBe('active');
  });

  it('2 passes: the next one waiting is offered the spot', async () => {
    const shift = await shiftIn(48, 1);
    const [first, second] = [await smsVolunteer('en'), await smsVolunteer('es')];
    const [a, b] = await freedSpot(shift, [first, second]);
    await nthSms(first.phone!, 1);
    await settled();
    await textIn(first.phone!, 'pass');
    expect(await nthSms(first.phone!, 2)).toBe('No problem, we\'ll offer it to the next person.');
    expect((await getSignup(db(), a))!.status).toBe('passed');
    expect((await getSignup(db(), b))!.status).toBe('offered');
    expect(await nthSms(second.phone!, 1)).toMatch(/^Test Org: se liberó una plaza en Canvass \w+, jue, 6 jun, 12:00 – 15:00 GMT-4, Elm & 5th\. Responde antes de mar, 4 jun, 14:00 GMT-4: 1 para quedártela, 2 para pasar\.$/);
  });

  it('an offer not taken in time passes to the next person; taking it late is refused politely', async () => {
    const shift = await shiftIn(48, 1);
    const late = await smsVolunteer();
    const next = await slackVolunteer();
    const [lateId, nextId] = await freedSpot(shift, [late, next]);
    await nthSms(late.phone!, 1);
    await settled();
    const offeredAt = (await getSignup(db(), lateId))!.offered_at!;
    // The expiry job's time comes (called here at its time, as the worker would).
    clock.set(new Date(offeredAt.getTime() + 2 * H + 60_000));
    expect(await processOfferExpiry(rt(), { signupId: lateId, offeredEpoch: epochSec(offeredAt) })).toMatchObject({ status: 'expired', offeredTo: { id: next.id } });
    expect((await getSignup(db(), lateId))!.status).toBe('expired');
    expect((await getSignup(db(), nextId))!.status).toBe('offered');
    await eventually(async () => dmsTo(next.slack_user_id!).length === 1);

    await textIn(late.phone!, '1');
    expect(await nthSms(late.phone!, 2)).toBe('Sorry, this spot is no longer available.');
    expect((await getSignup(db(), lateId))!.status).toBe('expired');
  });

  it('taking an offer after its time, before its job ran, is refused and passes it on at once', async () => {
    const shift = await shiftIn(48, 1);
    const [late, next] = [await smsVolunteer(), await smsVolunteer()];
    const [lateId, nextId] = await freedSpot(shift, [late, next]);
    await nthSms(late.phone!, 1);
    await settled();
    clock.set(new Date(clock.now().getTime() + 2 * H + 1000));
    await textIn(late.phone!, '1');
    expect(await nthSms(late.phone!, 2)).toBe('Sorry, this spot is no longer available.');
    expect((await getSignup(db(), lateId))!.status).toBe('expired');
    expect((await getSignup(db(), nextId))!.status).toBe('offered');
    expect(await nthSms(next.phone!, 1)).toMatch(/^Test Org: a spot opened up on/);
  });

  it('an offer never runs past the start of the shift', async () => {
    const shift = await shiftIn(1, 1); // starts in 1 h; the TTL is 2 h
    const v = await slackVolunteer();
    const [signupId] = await freedSpot(shift, [v]);
    const signup = (await getSignup(db(), signupId))!;
    const expiry = (await queue().getJob(shiftJobIds.offerExpiry({ signupId, offeredEpoch: epochSec(signup.offered_at!) })))!;
    expect(Math.abs(expiry.delay - H)).toBeLessThan(5000);
    const [offer] = await eventually(async () => dmsTo(v.slack_user_id!).length === 1 && dmsTo(v.slack_user_id!));
    expect(String(offer.body.text)).toMatch(/The offer is open until Tue, Jun 4, 1:00 PM EDT\.$/);
  });

  it('through a real delayed job: an offer that runs out at the shift\'s start expires on its own', async () => {
    const startsAt = new Date(clock.now().getTime() + 4000);
    const shift = await addShift(rt(), { title: 'Starts soon', kind: 'other', location: 'Hall', startsAt, endsAt: new Date(startsAt.getTime() + H), timezone: NY, capacity: 1 });
    const v = await slackVolunteer();
    const [signupId] = await freedSpot(shift, [v]);
    await eventually(async () => (await getSignup(db(), signupId))!.status === 'expired', 15_000);
  });

  it('an SMS offer that quiet hours would hold past its end goes to the next person', async () => {
    clock.set('2030-06-05T03:00:00Z'); // 23:00 in New York
    const shift = await shiftIn(30, 1);
    const [asleep, next] = [await smsVolunteer(), await slackVolunteer()];
    const [asleepId, nextId] = await freedSpot(shift, [asleep, next]);
    expect((await getSignup(db(), asleepId))!.status).toBe('passed');
    expect((await getSignup(db(), nextId))!.status).toBe('offered');
    expect(smsTo(asleep.phone!)).toEqual([]);
  });
});

describe('after the shift, by SMS', () => {
  async function asked(v: Volunteer): Promise<{ shift: Shift; signupId: string }> {
    const shift = await shiftIn(3);
    const signupId = signupOf(await signUpVolunteer(rt(), shift.id, v));
    clock.set(new Date(shift.ends_at.getTime() + H)); // 19:00 in New York
    expect(await processFeedback(rt(), { signupId, endEpoch: epochSec(shift.ends_at) })).toMatchObject({ status: 'queued', channel: 'sms' });
    await nthSms(v.phone!, 1);
    await settled();
    return { shift, signupId };
  }

  it('asks for 1-5; a rating with a comment is stored like the Slack one', async () => {
    const v = await smsVolunteer();
    const { shift, signupId } = await asked(v);
    expect(smsTo(v.phone!)[0]).toBe(`Test Org: thanks for volunteering at ${shift.title}! How did it go? Reply with a number from 1 (badly) to 5 (great), and a comment after it if you like.`);
    await textIn(v.phone!, '4 great team, more water please');
    expect(await nthSms(v.phone!, 2)).toBe('Thanks for your rating (4/5) and your comment!');
    expect(await getSignup(db(), signupId)).toMatchObject({ feedback_rating: 4, feedback_comment: 'great team, more water please' });
  });

  it('a bare rating invites a comment, which the next text is; then the flows answer again', async () => {
    const v = await smsVolunteer('es');
    const { signupId } = await asked(v);
    await textIn(v.phone!, '5');
    expect(await nthSms(v.phone!, 2)).toBe('¡Gracias por tu valoración (5/5)! Si quieres añadir un comentario, respóndenos con él.');
    await textIn(v.phone!, 'Muy bien organizado');
    expect(await nthSms(v.phone!, 3)).toBe('Gracias, tu comentario llegará a los organizadores.');
    expect(await getSignup(db(), signupId)).toMatchObject({ feedback_rating: 5, feedback_comment: 'Muy bien organizado' });
    await textIn(v.phone!, 'hola');
    await nthSms(v.phone!, 5);
    expect(smsTo(v.phone!).slice(3)).toContain('Hola de Test Org');
    expect((await getSignup(db(), signupId))!.feedback_comment).toBe('Muy bien organizado');
  });

  it('a number word counts as a rating', async () => {
    const v = await smsVolunteer();
    const { signupId } = await asked(v);
    await textIn(v.phone!, 'three');
    expect(await nthSms(v.phone!, 2)).toBe('Thanks for your rating (3/5)! To add a comment, just reply with it.');
    expect((await getSignup(db(), signupId))!.feedback_rating).toBe(3);
  });
});

describe('ledger', () => {
  it('records each question and each reply under its id', async () => {
    const shift = await shiftIn(48);
    const v = await smsVolunteer();
    const signupId = await reminded(v, shift);
    await textIn(v.phone!, '1');
    const notices = await db().selectFrom('shift_notices').select(['id', 'kind', 'channel']).where('signup_id', '=', signupId).orderBy('created_at').execute();
    expect(notices.map((n) => [n.id.replace(/\d+/g, 'N'), n.kind, n.channel])).toEqual([
      ['reminder-N-N-N', 'reminder', 'sms'],
      ['answer-N', 'ack', 'sms'],
    ]);
  });
});
