/**
 * Shift reminders through the whole system (PGlite, real Redis, workers, the real Slack WebClient
 * and twilio SDK against the fake APIs on 127.0.0.1), with a clock the test sets: the reminder
 * function is called at the times the delayed jobs would fire, never by sleeping. One case lets
 * real delayed jobs fire, with a shift placed just over 24 h ahead of the clock.
 */
import { randomUUID } from 'node:crypto';
import { Job } from 'bullmq';
import { SHIFTS_QUEUE, shiftJobIds, epochSec } from '../../src/shifts/jobs';
import { processFeedback, processReminder, reconcile, scheduleSignup } from '../../src/shifts/reminders';
import { readShiftRows } from '../../src/shifts/csv';
import { addShift, cancelShift, importShift, moveShift, releaseVolunteer, removeShift, signUpVolunteer } from '../../src/shifts/service';
import type { Shift, Volunteer } from '../../src/shifts/tables';
import { ensureVolunteer, signUp } from '../../src/shifts/store';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { BOT_TOKEN, SIGNING_SECRET, slackFixtureDirs, TestClock } from '../channels/slack/slack-helpers';

const H = 3_600_000;
const NY = 'America/New_York';
/** Noon in New York on a June Tuesday. */
const T0 = '2030-06-04T16:00:00Z';
const ACCOUNT_SID = `AC${'7'.repeat(32)}`;

let sys: TestSystem;
let slack: FakeSlack;
let twilio: FakeTwilio;
const clock = new TestClock(T0);
const dirs = slackFixtureDirs();
const rt = () => sys.runtime;
const db = () => sys.runtime.db.kysely;
const queue = () => sys.runtime.queues.get(SHIFTS_QUEUE);

beforeAll(async () => {
  slack = await startFakeSlack({ token: BOT_TOKEN });
  twilio = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: 'tw-token' });
  sys = await startTestSystem(
    'shifts-reminders',
    {
      FLOWS_DIR: dirs.flowsDir,
      LOCALES_DIR: dirs.localesDir,
      SIMULATOR: 'false',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: 'tw-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: twilio.url,
      TWILIO_MPS: '100',
      DEFAULT_TIMEZONE: NY,
    },
    { web: false, now: clock.now },
  );
});

afterAll(async () => {
  await sys?.close();
  await slack?.close();
  await twilio?.close();
});

afterEach(() => clock.set(T0));

let users = 0;
async function slackVolunteer(language: string | null = null): Promise<Volunteer> {
  const id = `U0VOL${String(++users).padStart(4, '0')}`;
  return ensureVolunteer(db(), { slackUserId: id, name: `vol${users}`, language });
}

async function shiftAt(startIso: string, hours = 3, capacity = 5): Promise<Shift> {
  const startsAt = new Date(startIso);
  return addShift(rt(), { title: `Canvass ${randomUUID().slice(0, 6)}`, kind: 'canvass', location: 'Elm & 5th', startsAt, endsAt: new Date(startsAt.getTime() + hours * H), timezone: NY, capacity });
}

/** chat.postMessage calls that reached a user's DM. */
const dmsTo = (userId: string) => slack.requests.filter((r) => r.method === 'chat.postMessage' && r.body.channel === userId && r.error === undefined);
const reminderIds = (signupId: string, shift: Shift) => [86_400, 7_200].map((offsetSec) => shiftJobIds.reminder({ signupId, offsetSec, startEpoch: epochSec(shift.starts_at) }));
const job = (id: string) => queue().getJob(id);
const at = (shift: Shift, beforeStartMs: number) => new Date(shift.starts_at.getTime() - beforeStartMs);

describe('scheduling', () => {
  it('a sign-up plans one delayed job per offset (24 h, 2 h) and the feedback question, under deterministic ids', async () => {
    const shift = await shiftAt('2030-06-07T13:00:00Z');
    const v = await slackVolunteer();
    const outcome = await signUpVolunteer(rt(), shift.id, v);
    expect(outcome.kind).toBe('signed_up');
    const signupId = (outcome as { signup: { id: string } }).signup.id;
    const [day, twoHours] = await Promise.all(reminderIds(signupId, shift).map(job));
    expect(await day!.getState()).toBe('delayed');
    // Delays are computed from the runtime's clock.
    expect(Math.abs(day!.delay - (at(shift, 24 * H).getTime() - clock.now().getTime()))).toBeLessThan(5000);
    expect(Math.abs(twoHours!.delay - (at(shift, 2 * H).getTime() - clock.now().getTime()))).toBeLessThan(5000);
    expect(await job(shiftJobIds.feedback({ signupId, endEpoch: epochSec(shift.ends_at) }))).toBeDefined();
    // Planning again (a retried request, the reconcile job) adds nothing.
    await scheduleSignup(rt(), shift, signupId);
    const ids = (await queue().getDelayed()).map((j) => j.id).filter((id) => id?.includes(`-${signupId}-`));
    expect(ids.sort()).toEqual([...reminderIds(signupId, shift), shiftJobIds.feedback({ signupId, endEpoch: epochSec(shift.ends_at) })].sort());
  });
});

describe('exactly once per offset', () => {
  it('sends the 24 h and the 2 h reminder once each, with Confirm / Can\'t make it, even when a job runs twice', async () => {
    const shift = await shiftAt('2030-06-08T13:00:00Z');
    const v = await slackVolunteer();
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    const data = (offsetSec: number) => ({ signupId: signup.id, offsetSec, startEpoch: epochSec(shift.starts_at) });

    clock.set(at(shift, 24 * H));
    expect(await processReminder(rt(), data(86_400))).toMatchObject({ status: 'queued', channel: 'slack' });
    // The same job again: a worker restart or a stalled job re-run.
    expect(await processReminder(rt(), data(86_400))).toMatchObject({ status: 'duplicate' });
    await eventually(async () => dmsTo(v.slack_user_id!).length === 1);

    clock.set(at(shift, 2 * H));
    expect(await processReminder(rt(), data(7_200))).toMatchObject({ status: 'queued' });
    await Promise.all([processReminder(rt(), data(7_200)), processReminder(rt(), data(7_200))]);
    await eventually(async () => dmsTo(v.slack_user_id!).length === 2);

    // A job that fires late, after the start, sends nothing.
    clock.set(at(shift, -60_000));
    expect(await processReminder(rt(), data(7_200))).toEqual({ status: 'skipped', reason: 'shift_started' });

    const dm = dmsTo(v.slack_user_id!)[0].body as { text: string; blocks: any[] };
    expect(dm.text).toContain(shift.title);
    expect(dm.text).toContain('Sat, Jun 8, 9:00');
    expect(dm.blocks.at(-1).elements.map((e: any) => [e.text.text, e.value])).toEqual([
      ['I\'ll be there', `shift:confirm:${signup.id}`],
      ['Can\'t make it', `shift:drop:${signup.id}`],
    ]);
    const notices = await db().selectFrom('shift_notices').select(['id', 'outcome']).where('signup_id', '=', signup.id).execute();
    expect(notices.map((n) => n.id).sort()).toEqual(reminderIds(signup.id, shift).sort());
    // Settled: the outbound queue has nothing left for them, and they got two DMs.
    await eventually(async () => (await sys.runtime.queues.get('outbound-slack').getJobCounts('active', 'waiting', 'delayed', 'prioritized')).active === 0);
    expect(dmsTo(v.slack_user_id!)).toHaveLength(2);
  });

  it('a run after a crash between storing the reminder and queueing its send queues the same message, once', async () => {
    const shift = await shiftAt('2030-06-09T13:00:00Z');
    const v = await slackVolunteer();
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    const data = { signupId: signup.id, offsetSec: 7_200, startEpoch: epochSec(shift.starts_at) };
    clock.set(at(shift, 2 * H));
    // The crash: the ledger row and the message committed, the send job never added.
    const first = await processReminder({ ...rt(), queues: undefined }, data);
    expect(first.status).toBe('queued');
    expect(dmsTo(v.slack_user_id!)).toHaveLength(0);
    // The job is retried (BullMQ saw it fail or stall): the same message goes, once.
    expect(await processReminder(rt(), data)).toMatchObject({ status: 'duplicate', messageId: (first as { messageId: string }).messageId });
    await eventually(async () => dmsTo(v.slack_user_id!).length === 1);
  });
});

describe('moving, cancelling, deleting', () => {
  it('moving a shift moves its reminders; the old job, if it ran anyway, sends nothing', async () => {
    const shift = await shiftAt('2030-06-10T13:00:00Z');
    const v = await slackVolunteer();
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    const oldIds = reminderIds(signup.id, shift);
    const moved = (await moveShift(rt(), shift.id, new Date('2030-06-10T15:00:00Z'), new Date('2030-06-10T18:00:00Z')))!;
    const newIds = reminderIds(signup.id, moved);
    expect(await Promise.all(oldIds.map(job))).toEqual([undefined, undefined]);
    expect(await Promise.all(newIds.map(async (id) => (await job(id))?.getState()))).toEqual(['delayed', 'delayed']);

    clock.set(at(shift, 2 * H));
    expect(await processReminder(rt(), { signupId: signup.id, offsetSec: 7_200, startEpoch: epochSec(shift.starts_at) })).toEqual({ status: 'skipped', reason: 'shift_moved' });
    clock.set(at(moved, 2 * H));
    expect(await processReminder(rt(), { signupId: signup.id, offsetSec: 7_200, startEpoch: epochSec(moved.starts_at) })).toMatchObject({ status: 'queued' });
    const [dm] = await eventually(async () => dmsTo(v.slack_user_id!).length === 1 && dmsTo(v.slack_user_id!));
    expect(String(dm.body.text)).toContain('11:00'); // 15:00 UTC = 11:00 in New York
  });

  it('cancelling a sign-up removes its reminders, and a leftover job sends nothing', async () => {
    const shift = await shiftAt('2030-06-11T13:00:00Z');
    const v = await slackVolunteer();
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    expect(await releaseVolunteer(rt(), signup.id)).toMatchObject({ previous: 'active' });
    expect(await Promise.all(reminderIds(signup.id, shift).map(job))).toEqual([undefined, undefined]);
    expect(await releaseVolunteer(rt(), signup.id)).toBeUndefined(); // the second press does nothing
    clock.set(at(shift, 2 * H));
    expect(await processReminder(rt(), { signupId: signup.id, offsetSec: 7_200, startEpoch: epochSec(shift.starts_at) })).toEqual({ status: 'skipped', reason: 'signup_cancelled' });
    expect(dmsTo(v.slack_user_id!)).toHaveLength(0);
  });

  it('a reminder stored but not sent yet is withdrawn when the sign-up is cancelled', async () => {
    const shift = await shiftAt('2030-06-11T15:00:00Z');
    const v = await slackVolunteer();
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    clock.set(at(shift, 2 * H));
    // Stored, not yet queued (as if the outbound queue were behind).
    const stored = (await processReminder({ ...rt(), queues: undefined }, { signupId: signup.id, offsetSec: 7_200, startEpoch: epochSec(shift.starts_at) })) as { messageId: string };
    await releaseVolunteer(rt(), signup.id);
    expect(await db().selectFrom('messages').select(['status', 'error_code']).where('id', '=', stored.messageId).executeTakeFirst()).toEqual({ status: 'suppressed', error_code: 'signup_cancelled' });
  });

  it.each([
    ['cancelled', (id: string) => cancelShift(rt(), id), 'shift_cancelled'],
    ['deleted', (id: string) => removeShift(rt(), id), 'signup_gone'],
  ])('a reminder for a %s shift is never sent', async (_name, end, reason) => {
    const shift = await shiftAt('2030-06-12T13:00:00Z');
    const v = await slackVolunteer();
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    await end(shift.id);
    expect(await Promise.all(reminderIds(signup.id, shift).map(job))).toEqual([undefined, undefined]);
    clock.set(at(shift, 24 * H));
    expect(await processReminder(rt(), { signupId: signup.id, offsetSec: 86_400, startEpoch: epochSec(shift.starts_at) })).toEqual({ status: 'skipped', reason });
    expect(dmsTo(v.slack_user_id!)).toHaveLength(0);
  });
});

describe('CSV import', () => {
  it('importing the file again with a new time moves the shift and its reminders; nothing is duplicated', async () => {
    const csv = (start: string, end: string) => `id,title,kind,location,start,end,capacity\nimp-1,Registration table,registration,Library,${start},${end},2\n`;
    const first = readShiftRows(csv('2030-06-18 10:00', '2030-06-18 13:00'), NY);
    expect(first.errors).toEqual([]);
    const created = await importShift(rt(), first.shifts[0]);
    expect(created).toMatchObject({ created: true, moved: false });
    const v = await slackVolunteer();
    const { signup } = (await signUpVolunteer(rt(), created.shift.id, v)) as { signup: { id: string } };
    const oldIds = reminderIds(signup.id, created.shift);

    const again = await importShift(rt(), readShiftRows(csv('2030-06-18 11:00', '2030-06-18 14:00'), NY).shifts[0]);
    expect(again).toMatchObject({ created: false, moved: true, shift: { id: created.shift.id } });
    expect(again.shift.starts_at.toISOString()).toBe('2030-06-18T15:00:00.000Z');
    expect(await Promise.all(oldIds.map(job))).toEqual([undefined, undefined]);
    expect(await Promise.all(reminderIds(signup.id, again.shift).map(async (id) => (await job(id))?.getState()))).toEqual(['delayed', 'delayed']);
    const count = await db().selectFrom('shifts').select((eb) => eb.fn.countAll<string>().as('n')).where('external_id', '=', 'imp-1').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});

describe('volunteers without Slack', () => {
  it('get the same reminder by SMS, in their language', async () => {
    const shift = await shiftAt('2030-06-13T13:00:00Z');
    const v = await ensureVolunteer(db(), { phone: '+12125550188', name: 'Ana', language: 'es' });
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    clock.set(at(shift, 24 * H)); // 9:00 in New York: inside the SMS sending window
    expect(await processReminder(rt(), { signupId: signup.id, offsetSec: 86_400, startEpoch: epochSec(shift.starts_at) })).toMatchObject({ status: 'queued', channel: 'sms' });
    const [sms] = await twilio.waitFor(1);
    expect(sms.params.To).toBe('+12125550188');
    expect(String(sms.params.Body)).toMatch(/^Recordatorio de Test Org: Canvass \w+, jue, 13 jun, 9:00 – 12:00 GMT-4, Elm & 5th\. Responde 1 si vas a ir o 2 si no puedes ir\.$/);
    // No buttons by SMS: the after-shift question says to answer with a number (test/shifts/sms-answers.test.ts).
    clock.set(new Date(shift.ends_at.getTime() + 2 * H));
    expect(await processFeedback(rt(), { signupId: signup.id, endEpoch: epochSec(shift.ends_at) })).toMatchObject({ status: 'queued', channel: 'sms' });
  });

  it('an SMS reminder that quiet hours would hold past the start is skipped, not sent late', async () => {
    const shift = await shiftAt('2030-06-14T11:30:00Z'); // 7:30 in New York; the 2 h reminder falls at 5:30
    const v = await ensureVolunteer(db(), { phone: '+12125550199' });
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    clock.set(at(shift, 2 * H));
    expect(await processReminder(rt(), { signupId: signup.id, offsetSec: 7_200, startEpoch: epochSec(shift.starts_at) })).toEqual({ status: 'skipped', reason: 'quiet_hours' });
  });
});

describe('after the shift', () => {
  it('asks how it went, 1-5, once, in the volunteer\'s language', async () => {
    const shift = await shiftAt('2030-06-15T13:00:00Z');
    const v = await slackVolunteer('es');
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    clock.set(new Date(shift.ends_at.getTime() + H));
    const data = { signupId: signup.id, endEpoch: epochSec(shift.ends_at) };
    expect(await processFeedback(rt(), data)).toMatchObject({ status: 'queued' });
    expect(await processFeedback(rt(), data)).toMatchObject({ status: 'duplicate' });
    const [dm] = await eventually(async () => dmsTo(v.slack_user_id!).length === 1 && dmsTo(v.slack_user_id!));
    expect(String(dm.body.text)).toMatch(/^¡Gracias por participar en/);
    expect((dm.body.blocks as any[]).at(-1).elements.map((e: any) => e.value)).toEqual([1, 2, 3, 4, 5].map((n) => `shift:rate:${signup.id}:${n}`));
  });
});

describe('reconcile', () => {
  it('plans what was signed up where no queue was reachable (the CLI), and drops stale jobs', async () => {
    const shift = await shiftAt('2030-06-16T13:00:00Z');
    const v = await slackVolunteer();
    const outcome = await signUp(db(), shift.id, v.id, clock.now()); // straight to the database: no jobs
    const signupId = (outcome as { signup: { id: string } }).signup.id;
    expect(await job(reminderIds(signupId, shift)[0])).toBeUndefined();
    // A stale job (its shift was moved by a CSV import meanwhile) lingers.
    await queue().add('shift-reminder', { signupId, offsetSec: 3600, startEpoch: 1 }, { jobId: `reminder-${signupId}-3600-1`, delay: 3_600_000 });
    const result = await reconcile(rt());
    expect(result.planned).toBeGreaterThanOrEqual(3);
    expect(result.removed).toBeGreaterThanOrEqual(1);
    expect(await Promise.all(reminderIds(signupId, shift).map(async (id) => (await job(id))?.getState()))).toEqual(['delayed', 'delayed']);
    expect(await job(`reminder-${signupId}-3600-1`)).toBeUndefined();
  });
});

describe('through real delayed jobs', () => {
  it('the 24 h reminder fires on its own, once; the 2 h one waits its turn', async () => {
    // The clock runs at real speed: a shift 24 h + 1.5 s ahead has its first reminder due in 1.5 s.
    const startsAt = new Date(clock.now().getTime() + 24 * H + 1500);
    const shift = await addShift(rt(), { title: 'Phone bank (live)', kind: 'phonebank', location: 'Hall', startsAt, endsAt: new Date(startsAt.getTime() + 2 * H), timezone: NY, capacity: 3 });
    const v = await slackVolunteer();
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    const [dayId, twoHourId] = reminderIds(signup.id, shift);
    await eventually(async () => dmsTo(v.slack_user_id!).length === 1, 15_000);
    const fired = await Job.fromId(queue(), dayId);
    expect(await eventually(async () => (await fired!.getState()) === 'completed' && fired)).toBeTruthy();
    expect(await (await job(twoHourId))!.getState()).toBe('delayed');
    expect(dmsTo(v.slack_user_id!)).toHaveLength(1);
  });
});

describe('pacing', () => {
  it('a 429 from Slack is waited out (Retry-After) and the reminder still goes once', async () => {
    const shift = await shiftAt('2030-06-17T13:00:00Z');
    const v = await slackVolunteer();
    const { signup } = (await signUpVolunteer(rt(), shift.id, v)) as { signup: { id: string } };
    slack.fail({ method: 'chat.postMessage', channel: v.slack_user_id!, error: 'ratelimited', retryAfter: 1, times: 1 });
    clock.set(at(shift, 24 * H));
    const started = Date.now();
    expect(await processReminder(rt(), { signupId: signup.id, offsetSec: 86_400, startEpoch: epochSec(shift.starts_at) })).toMatchObject({ status: 'queued' });
    await eventually(async () => dmsTo(v.slack_user_id!).length === 1, 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const attempts = slack.requests.filter((r) => r.method === 'chat.postMessage' && r.body.channel === v.slack_user_id);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
  });
});
