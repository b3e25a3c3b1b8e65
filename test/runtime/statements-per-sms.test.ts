/**
 * How many PostgreSQL statements and Redis commands an inbound SMS costs on its way in: the
 * webhook's part (acceptInbound: store and queue) and the runner's transaction (processContact:
 * lock, read, step, write), counted, not timed (issue #18: round trips were the cost). The send
 * path (deliver) is not counted here. A change that adds a round trip to every inbound message
 * shows up as a failure below: if it is worth it, change the number and say why in the commit.
 *
 * Today, any message: 1 statement in the webhook (identity found or, from a new address, created
 * with its contact and the suppression list checked, and the message stored: src/store/messages.ts
 * storeInbound); the runner BEGIN with the contact's lock (one round trip:
 * src/store/deferred-begin.ts), one read (conversation, open handoff, the pending messages and the
 * shift answers' last question, src/store/conversations.ts lockForStep), one write (conversation,
 * messages processed, replies, writeStep), COMMIT: 4, however many messages it takes at once.
 * (A first message took 4 in the webhook until December 2026: look-up, contact and identity,
 * suppression check, message; the runner took 5, BEGIN on its own.)
 */
import pg from 'pg';
import Redis from 'ioredis';
import { acceptInbound } from '../../src/runtime/accept';
import { processContact } from '../../src/runtime/process-contact';
import { startTestSystem, type TestSystem } from '../helpers/system';

/** Every statement a pg client sends and every command an ioredis client sends, while `counting`. */
const seen = { statements: [] as string[], commands: [] as string[] };
let counting = false;
const query = pg.Client.prototype.query;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
  if (counting) seen.statements.push(String(typeof config === 'string' ? config : (config as { text?: string })?.text).replace(/\s+/g, " ").trim());
  return (query as (...a: unknown[]) => unknown).call(this, config, ...rest);
};
const sendCommand = (Redis.prototype as unknown as { sendCommand: (...a: unknown[]) => unknown }).sendCommand;
(Redis.prototype as unknown as { sendCommand: unknown }).sendCommand = function (this: Redis, command: { name: string }, ...rest: unknown[]) {
  if (counting) seen.commands.push(command.name);
  return sendCommand.call(this, command, ...rest);
};

async function counted<T>(work: () => Promise<T>): Promise<{ value: T; statements: string[]; commands: string[] }> {
  seen.statements = [];
  seen.commands = [];
  counting = true;
  try {
    const value = await work();
    return { value, statements: seen.statements, commands: seen.commands };
  } finally {
    counting = false;
  }
}

let system: TestSystem;
let sids = 0;
const sid = () => `SM${String(++sids).padStart(32, '0')}`;

beforeAll(async () => {
  // No workers: nothing runs in the background, the runner is called by the test. The reply limit
  // is on (its Redis command is counted).
  system = await startTestSystem('statements', { REPLY_BURST: '20', REPLY_WINDOW: '1h' }, { postgres: true, workers: false, web: false });
});
afterAll(async () => system?.close());

const accept = async (address: string, text: string) => {
  const result = await acceptInbound(system.runtime, { channel: 'sms', address, text, providerId: sid() });
  if (result.status !== 'accepted') throw new Error(`not accepted: ${result.status}`);
  return result.contactId;
};
const run = (contactId: string) => processContact(system.runtime, contactId, { type: 'inbound' });

test('a message from someone we know: 1 statement and 1 Redis command in the webhook, 4 statements in the runner', async () => {
  const phone = '+12125550401';
  const contactId = await accept(phone, 'hello');
  await run(contactId); // the language menu

  for (const text of ['1', 'MENU', 'HELP']) {
    const webhook = await counted(() => accept(phone, text));
    expect(webhook.statements).toHaveLength(1);
    expect(webhook.commands).toHaveLength(1); // the job, one script
    const runner = await counted(() => run(contactId));
    expect(runner.value.replies).toBeGreaterThan(0);
    expect(runner.statements).toEqual([
      expect.stringMatching(/^begin; select "id" from "contacts" where "id" = '[0-9a-f-]{36}' for update$/),
      expect.stringMatching(/^select "c"\.\*/),
      expect.stringMatching(/^WITH processed AS .*INSERT INTO messages/),
      'commit',
    ]);
    // The reply limit's script; the replies' send jobs after commit (one job, or one bulk add).
    expect(runner.commands.length).toBeLessThanOrEqual(1 + 1 + runner.value.replies);
  }
});

test('several messages waiting: one runner transaction of 4 statements for all of them', async () => {
  const phone = '+12125550402';
  const contactId = await accept(phone, 'hello');
  await run(contactId);
  for (const text of ['zzz', 'yyy', 'xxx']) await accept(phone, text);
  const runner = await counted(() => run(contactId));
  expect(runner.value.replies).toBe(3);
  expect(runner.statements).toHaveLength(4);
});

test('a first message: 1 statement in the webhook (contact, identity, suppression check and message in one), the runner the same 4', async () => {
  const webhook = await counted(() => accept('+12125550403', 'hello'));
  expect(webhook.statements).toEqual([expect.stringMatching(/^WITH known AS .*FROM suppressions .*INSERT INTO contacts .*INSERT INTO identities .*INSERT INTO consent_events .*INSERT INTO messages/)]);
  expect(webhook.commands).toHaveLength(1);
  const runner = await counted(() => run(webhook.value));
  expect(runner.value.replies).toBe(1);
  expect(runner.statements).toHaveLength(4);
});

test('two first messages from one new address at the same moment: one contact, both messages stored on it, nothing left over', async () => {
  const phone = '+12125550404';
  const db = system.runtime.db.kysely;
  const contactsBefore = Number((await db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const ids = await Promise.all(['hola', 'hello', 'hi'].map((text) => accept(phone, text)));
  expect(new Set(ids).size).toBe(1);
  const identities = await db.selectFrom('identities').select(['contact_id']).where('address', '=', phone).execute();
  expect(identities).toEqual([{ contact_id: ids[0] }]);
  const stored = await db.selectFrom('messages').select(['body', 'contact_id']).where('contact_id', '=', ids[0]).where('direction', '=', 'in').execute();
  expect(stored.map((m) => m.body).sort()).toEqual(['hello', 'hi', 'hola']);
  // The contacts made for nothing by the requests that lost the race are gone.
  const contactsAfter = Number((await db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  expect(contactsAfter).toBe(contactsBefore + 1);
});
