/**
 * The ticket desk: what the organizer console will call (list, transcript, reply, close), acting
 * through the same functions as the Slack view, so the views stay in step: a reply and a close
 * made outside Slack show in the ticket's Slack thread, and the person gets both.
 */
import { ticketDesk } from '../../src/handoff/desk';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../helpers/fake-slack';
import { eventually, startTestSystem, type TestSystem } from '../helpers/system';
import { BOT_TOKEN, SIGNING_SECRET, slackFixtureDirs } from '../channels/slack/slack-helpers';

const HANDOFF = 'C0HANDOFF';
const SESSION = 'desk-test-session-1';
const ORGANIZER = { view: 'console', id: 'organizer-1', name: 'Ana' };

let sys: TestSystem;
let fakeSlack: FakeSlack;
const dirs = slackFixtureDirs();
const db = () => sys.runtime.db.kysely;

beforeAll(async () => {
  fakeSlack = await startFakeSlack({ token: BOT_TOKEN });
  sys = await startTestSystem('handoff-desk', {
    FLOWS_DIR: dirs.flowsDir,
    LOCALES_DIR: dirs.localesDir,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fakeSlack.apiUrl,
    SLACK_HANDOFF_CHANNEL: HANDOFF,
  });
}, 60_000);

afterAll(async () => {
  await sys?.close();
  await fakeSlack?.close();
});

/** The person writes in the web simulator. */
async function say(text: string): Promise<void> {
  const res = await fetch(`${sys.url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session: SESSION, text }) });
  expect(res.status).toBe(202);
}

/** What the person has been sent, in order. */
async function received(): Promise<string[]> {
  const rows = await db().selectFrom('messages').select(['body']).where('channel', '=', 'web').where('direction', '=', 'out').where('status', '=', 'delivered').orderBy('id').execute();
  return rows.map((r) => r.body ?? '');
}

const threadPosts = (ts: string) => fakeSlack.requests.filter((c: SlackCall) => c.method === 'chat.postMessage' && c.error === undefined && c.body.channel === HANDOFF && c.body.thread_ts === ts);

it('lists the ticket with its conversation; a reply and a close from the console reach the person and the Slack thread', async () => {
  await say('hi');
  await eventually(async () => (await received()).length >= 1);
  await say('1');
  await eventually(async () => (await received()).length >= 3);
  await say('AGENT');

  const desk = ticketDesk(sys.runtime);
  expect(desk.views.map((v) => v.name)).toEqual(['slack', 'console']);
  const [listed] = await eventually(async () => {
    const open = await desk.list();
    return open.length === 1 && open;
  });
  expect(listed).toMatchObject({ status: 'open', channel: 'web', address: SESSION, language: 'en' });
  const ticket = (await desk.ticket(String(listed.id)))!;
  expect((await desk.transcript(ticket)).filter((l) => l.direction === 'in').map((l) => l.text)).toEqual(['hi', '1', 'AGENT']);
  const ts = await eventually(async () => (await db().selectFrom('slack_handoff_threads').select('ts').where('handoff_id', '=', ticket.id).executeTakeFirst())?.ts);

  expect(await desk.reply(ticket.id, 'We can drive you to the polls at 10.', ORGANIZER)).toBe('sent');
  await eventually(async () => (await received()).includes('We can drive you to the polls at 10.'));
  expect(threadPosts(ts).map((c) => c.body.text)).toContain('💬 Ana: We can drive you to the polls at 10.');

  expect(await desk.close(ticket.id, ORGANIZER)).toBe(true);
  const update = await eventually(async () => fakeSlack.requests.filter((c) => c.method === 'chat.update' && c.body.ts === ts).at(-1));
  expect((update.body.blocks as any[]).at(-1).elements[0].text).toBe('✅ Closed by Ana. The assistant answers them again.');
  expect(threadPosts(ts).map((c) => c.body.text)).toContain('✅ Closed by Ana. The assistant answers them again.');
  await eventually(async () => (await received()).some((t) => t.startsWith('Thanks for talking with us!')));

  expect(await desk.close(ticket.id, ORGANIZER)).toBe(false);
  expect(await desk.reply(ticket.id, 'one more thing', ORGANIZER)).toBe('closed');
  expect(await desk.list()).toEqual([]);
});
