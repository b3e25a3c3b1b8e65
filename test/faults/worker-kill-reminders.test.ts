/**
 * Fault: a worker PROCESS is killed with SIGKILL while it sends a burst of shift reminders (many
 * sign-ups whose 24 h reminders fall due together), then a new worker process takes over. Each
 * reminder is recorded once in the send ledger (shift_notices) and reaches its volunteer once.
 *
 * The reminders are SMS (the fake Twilio counts per number). They fall due together the way the
 * reminder tests make time pass: the delayed 24 h jobs are promoted at once.
 */
import { SHIFT_JOB, SHIFTS_QUEUE } from '../../src/shifts/jobs';
import type { Shift } from '../../src/shifts/tables';
import { addShift, signUpVolunteer } from '../../src/shifts/service';
import { ensureVolunteer } from '../../src/shifts/store';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startSystem, type System } from '../../src/app/system';
import { slackFixtureDirs } from '../channels/slack/slack-helpers';
import { startFakeTwilio, type FakeTwilio } from '../helpers/fake-twilio';
import { freshDatabase, type FreshDatabase } from '../helpers/postgres';
import { cleanPrefix, freshPrefix, testRedisUrl } from '../helpers/redis';
import { eventually } from '../helpers/system';
import { ChildSystem, countBy, sleep, tempDir } from './helpers';


const H = 3_600_000;
const SHIFTS = 10;
const PER_SHIFT = 60;
const M = SHIFTS * PER_SHIFT;

describe('kill -9 of a worker process while reminders go out', () => {
  let twilio: FakeTwilio;
  let database: FreshDatabase;
  let seed: System | undefined;
  const prefix = freshPrefix('fault-kill-reminders');
  const children: ChildSystem[] = [];

  afterAll(async () => {
    for (const c of children) await c.kill9().catch(() => undefined);
    await seed?.stop();
    await twilio?.close();
    await cleanPrefix(prefix);
    await database?.drop();
  });

  it('each due reminder is sent exactly once', async () => {
    twilio = await startFakeTwilio();
    database = await freshDatabase();
    const dirs = slackFixtureDirs();
    const env: Record<string, string> = {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      DATA_DIR: tempDir('kill-reminders'),
      FLOWS_DIR: dirs.flowsDir,
      LOCALES_DIR: dirs.localesDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ORG_NAME: 'Test Org',
      ORG_CONTACT: 'help@example.org',
      SIMULATOR: 'false',
      TWILIO_ACCOUNT_SID: `AC${'6'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'fault-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: twilio.url,
      TWILIO_MPS: '100000',
      WORKER_CONCURRENCY: '16',
      // A killed worker's jobs are taken again within 1-2 of these (BullMQ's lock and stalled check).
      WORKER_STALL_MS: '5000',
      SHIFT_REMINDERS: '24h',
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
    };
    const config = loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    seed = await startSystem({ config, web: false, workers: false, log: createLogger('silent') });
    const rt = seed.runtime;

    // 600 volunteers on 10 shifts that start in 25 h: each sign-up plans its 24 h reminder, due in 1 h.
    const startsAt = new Date(Date.now() + 25 * H);
    const shifts: Shift[] = [];
    for (let s = 0; s < SHIFTS; s++) shifts.push(await addShift(rt, { title: `Canvass ${s}`, kind: 'canvass', location: 'Hall', startsAt, endsAt: new Date(startsAt.getTime() + 3 * H), timezone: 'America/New_York', capacity: PER_SHIFT }));
    const phones: string[] = [];
    for (let i = 0; i < M; i += 40) {
      await Promise.all(
        Array.from({ length: Math.min(40, M - i) }, async (_, k) => {
          const phone = `+1646555${String(i + k).padStart(4, '0')}`;
          phones.push(phone);
          const v = await ensureVolunteer(rt.db.kysely, { phone, name: `vol ${i + k}` });
          const outcome = await signUpVolunteer(rt, shifts[(i + k) % SHIFTS].id, v);
          if (outcome.kind !== 'signed_up') throw new Error(`sign-up ${i + k}: ${outcome.kind}`);
        }),
      );
    }
    const queue = rt.queues.get(SHIFTS_QUEUE);
    const reminders = (await queue.getDelayed(0, -1)).filter((j) => j.name === SHIFT_JOB.reminder);
    expect(reminders).toHaveLength(M);

    const first = await ChildSystem.start('worker-1', 'worker', env);
    children.push(first);
    // Their time has come, all together.
    const started = Date.now();
    for (let i = 0; i < reminders.length; i += 100) await Promise.all(reminders.slice(i, i + 100).map((j) => j.promote()));

    await eventually(async () => twilio.messages.length >= M / 3, 60_000, 5);
    await first.kill9();
    const killedAt = Date.now();
    const notices = async () =>
      rt.db.kysely
        .selectFrom('shift_notices as n')
        .leftJoin('messages as m', 'm.id', 'n.message_id')
        .select(['n.id', 'n.signup_id', 'n.outcome', 'm.status as message_status'])
        .where('n.kind', '=', 'reminder')
        .execute();
    const atKill = { sent: twilio.messages.length, ledger: (await notices()).length };
    expect(atKill.sent).toBeLessThan(M);

    const second = await ChildSystem.start('worker-2', 'worker', env);
    children.push(second);
    try {
      await eventually(async () => {
        const rows = await notices();
        return rows.length === M && rows.every((r) => r.message_status !== 'pending');
      }, 100_000, 500);
    } catch (err) {
      throw new Error(`${(err as Error).message}; at the kill ${JSON.stringify(atKill)}; now ${twilio.messages.length} sent, ${(await notices()).length} in the ledger\n${second.output()}`);
    }
    await sleep(1500);
    process.stderr.write(`[faults] reminders kill -9: killed ${Math.round((killedAt - started) / 1000)} s after they fell due, at ${JSON.stringify(atKill)}; all sent ${Math.round((Date.now() - started) / 1000)} s after\n`);

    // A recipient served twice, once just before the kill and again once the killed send job came
    // back (its lock expired), is deliver()'s window between the provider accepting a message and
    // its status being written (src/runtime/deliver.ts; issue #8): a crash there sends it again.
    const rows = await notices();
    const got = countBy(twilio.messages, (m) => m.resource.to);
    const wrong = phones.filter((p) => got.get(p) !== 1);
    const sentAt = (to: string) => twilio.requests.filter((r) => r.status === 201 && r.params.To === to).map((r) => `kill${r.at.getTime() >= killedAt ? '+' : ''}${r.at.getTime() - killedAt} ms`);
    expect({
      wrongCount: wrong.length,
      wrong: wrong.slice(0, 10).map((p) => `${p}: ${got.get(p) ?? 0} reminders, sent at ${sentAt(p).join(', ')}`),
      ledgerRows: rows.length,
      signupsInLedger: new Set(rows.map((r) => r.signup_id)).size,
      ledger: Object.fromEntries(countBy(rows, (r) => `${r.outcome}/${r.message_status}`)),
      messages: twilio.messages.length,
    }).toEqual({ wrongCount: 0, wrong: [], ledgerRows: M, signupsInLedger: M, ledger: { 'queued/queued': M }, messages: M });
  });
});
